using Schane.Interactive.Execution;

namespace Schane.Interactive.Tests.Execution;

/// <summary>
/// .NET Interactive's <c>#i "nuget: ..."</c> and <c>#r "nuget: ..."</c> lines in our kernel: the packages it carries are
/// satisfied (the cell runs on), anything else is an error naming what is missing and what to do.
/// </summary>
public class PackageDirectiveTests(SessionFixture fixture) : IClassFixture<SessionFixture>
{
    [Fact]
    public void The_packages_the_kernel_carries_are_satisfied_and_the_cell_runs_on()
    {
        var packages = Directory.CreateDirectory(fixture.Folder.File("packages")).FullName;
        var (result, output) = fixture.Run($"#i \"nuget: {packages}\"\n#r \"nuget: Schane.Core, 0.2.0\"\n#r \"nuget: libtorch-cpu-linux-x64, 2.10.0\"\nvar fromPackage = 6 * 7;\nfromPackage");
        Assert.Equal("42", Assert.IsType<CellResult.Ok>(result).Value!["text/plain"]);
        Assert.Contains($"package source {packages}: found", output.Stdout);
        Assert.Contains("Schane.Core 0.2.0: loaded in this kernel", output.Stdout);
        Assert.Contains("libtorch-cpu-linux-x64 2.10.0: loaded in this kernel", output.Stdout);
    }

    [Theory]
    [InlineData("#i \"nuget: missing-folder\"", "line 2: #i \"nuget: missing-folder\": the package source", "does not exist", "./schane pack")]
    [InlineData("#r \"nuget: Schane.Core, 0.1.0\"", "this kernel carries Schane.Core 0.2.0, not 0.1.0", "ask for 0.2.0", "--dotnet-interactive")]
    [InlineData("#r \"nuget: Newtonsoft.Json, 13.0.3\"", "restores no packages in cells; it carries Schane.Core 0.2.0", "#r \"path/to.dll\"", "--dotnet-interactive")]
    public void A_line_the_kernel_cannot_satisfy_is_an_error_that_says_what_to_do(string line, string what, string fix, string command)
    {
        var (result, _) = fixture.Run($"var before = 1;\n{line}\nbefore");
        var error = Assert.IsType<CellResult.Error>(result);
        Assert.Equal("PackageNotAvailable", error.Name);
        Assert.Contains(what, error.Message);
        Assert.Contains(fix, error.Message);
        Assert.Contains(command, error.Message);
    }
}
