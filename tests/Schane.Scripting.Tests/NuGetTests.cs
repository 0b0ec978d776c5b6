namespace Schane.Scripting.Tests;

/// <summary>
/// #r "nuget: Name, Version": a real restore through the SDK. Newtonsoft.Json 13.0.3 is in this machine's NuGet
/// folder (the repository's own build restores it), so the success case needs no network.
/// </summary>
public sealed class NuGetTests : IDisposable
{
    private readonly ScriptFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ReferencesARestoredPackageAndRestoresItOnce()
    {
        var main = folder.Write("json.csx", """
            #r "nuget: Newtonsoft.Json, 13.0.3"
            Newtonsoft.Json.JsonConvert.SerializeObject(new { Args, n = 2 })
            """);
        Assert.Equal("""{"Args":["a"],"n":2}""", folder.Run(main, "a").Value);
        Assert.Contains(folder.Log, l => l.StartsWith("restored nuget: Newtonsoft.Json, 13.0.3 in "));

        // A cached script needs no restore at all; a recompilation finds the restore cached.
        folder.Log.Clear();
        Assert.True(folder.Host().Compile(main).FromCache);
        Assert.Equal("""{"Args":[],"n":2}""", folder.Host(useCache: false).Compile(main).Run(ScriptGlobals.Empty));
        Assert.Contains("restore cached: nuget: Newtonsoft.Json, 13.0.3", folder.Log);
        Assert.DoesNotContain(folder.Log, l => l.StartsWith("restored "));
    }

    [Fact]
    public void APackageThatDoesNotExistIsAClearError()
    {
        var main = folder.Write("missing.csx", "// needs a package\n#r \"nuget: Schane.No.Such.Package.Anywhere, 1.0.0\"\n1");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.StartsWith($"{main}(2,1): error: #r \"nuget: Schane.No.Such.Package.Anywhere, 1.0.0\": ", e.Message);
        // Offline the source cannot be reached; online NuGet says the id does not exist (NU1101).
        Assert.Matches("no package named Schane.No.Such.Package.Anywhere in the package sources|the package source could not be reached", e.Message);
    }

    [Fact]
    public void AVersionThatDoesNotExistIsAClearError()
    {
        var main = folder.Write("version.csx", "#r \"nuget: Newtonsoft.Json, 99.0.0\"\n1");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.StartsWith($"{main}(1,1): error: #r \"nuget: Newtonsoft.Json, 99.0.0\": ", e.Message);
        Assert.Matches(@"package Newtonsoft.Json has no version 99.0.0|the package source could not be reached", e.Message);
    }

    [Fact]
    public void AReferenceWithoutAVersionSaysToPinOne()
    {
        var main = folder.Write("unpinned.csx", "#r \"nuget: Newtonsoft.Json\"\n1");
        var e = Assert.Throws<ScriptErrorException>(() => folder.Host().Compile(main));
        Assert.Equal($"{main}(1,1): error: \"nuget: Newtonsoft.Json\" gives no version: write #r \"nuget: Newtonsoft.Json, <version>\" (scripts pin their packages)", e.Message);
    }

    [Theory]
    [InlineData("nuget: Newtonsoft.Json, 13.0.3", "Newtonsoft.Json", "13.0.3")]
    [InlineData("nuget:System.Numerics.Tensors,10.0.0", "System.Numerics.Tensors", "10.0.0")]
    [InlineData("NuGet: A.B,  [1.0, 2.0)", "A.B", "[1.0, 2.0)")]
    public void ParsesTheDirectiveAsDotnetScriptWritesIt(string reference, string id, string version)
    {
        Assert.True(NuGetReference.IsNuGet(reference));
        Assert.Equal(new NuGetReference(id, version), NuGetReference.Parse(reference));
    }

    [Theory]
    [InlineData("nuget: , 1.0")]
    [InlineData("nuget: A\"B, 1.0")]
    [InlineData("nuget: A, 1.0\"/><X")]
    public void RejectsWhatIsNotAPackageAndVersion(string reference) =>
        Assert.Throws<FormatException>(() => NuGetReference.Parse(reference));

    [Fact]
    public void ExplainsNuGetsErrorCodes()
    {
        var package = new NuGetReference("Newtonsoft.Json", "99.0.0");
        const string output = """
              Determining projects to restore...
            /tmp/x/restore.csproj : error NU1102: Unable to find package Newtonsoft.Json with version (>= 99.0.0)
            /tmp/x/restore.csproj : error NU1102:   - Found 9 version(s) in nuget.org [ Nearest version: 14.0.1-beta2 ]
              Failed to restore /tmp/x/restore.csproj (in 520 ms).
            """;
        var lines = NuGetRestorer.Explain(package, output).ReplaceLineEndings("\n").Split('\n');
        Assert.Equal("package Newtonsoft.Json has no version 99.0.0 (nearest: 14.0.1-beta2)", lines[0]);
        Assert.Equal("    NU1102: Unable to find package Newtonsoft.Json with version (>= 99.0.0)", lines[1]);
        Assert.Equal("    NU1102: - Found 9 version(s) in nuget.org [ Nearest version: 14.0.1-beta2 ]", lines[2]);
    }

    [Fact]
    public void AMissingSourceFolderIsNamedWithWhatCreatesIt()
    {
        // NuGet's words when a folder in the sources is not there (every restore fails until it is).
        static string Output(string folder) =>
            $"/tmp/x/restore.csproj : error NU1301: The local source '{folder}' doesn't exist.\n  Failed to restore /tmp/x/restore.csproj (in 385 ms).";
        var package = new NuGetReference("Schane.Core", "0.2.0");

        var ours = NuGetRestorer.Explain(package, Output("/home/me/Schane.Interactive/artifacts/packages")).ReplaceLineEndings("\n").Split('\n');
        var other = NuGetRestorer.Explain(package, Output("/mnt/feed")).ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("the package source /home/me/Schane.Interactive/artifacts/packages does not exist: `./schane pack` in that checkout creates it", ours[0]);
        Assert.Equal("    NU1301: The local source '/home/me/Schane.Interactive/artifacts/packages' doesn't exist.", ours[1]);
        Assert.Equal("the package source /mnt/feed does not exist: create it, or take it out of the sources " +
                     "(`dotnet nuget list source`, then `dotnet nuget remove source NAME`)", other[0]);
    }

    [Fact]
    public void OurPackagesSayWhereTheyComeFrom()
    {
        const string output = """
            /tmp/x/restore.csproj : error NU1102: Unable to find package Schane.Core with version (>= 0.3.0)
            /tmp/x/restore.csproj : error NU1102:   - Found 1 version(s) in schane [ Nearest version: 0.2.0 ]
            """;

        var explained = NuGetRestorer.Explain(new NuGetReference("Schane.Core", "0.3.0"), output).ReplaceLineEndings("\n").Split('\n');

        Assert.Equal("package Schane.Core has no version 0.3.0 (nearest: 0.2.0): `./schane pack` in a checkout of version 0.3.0 packs it; " +
                     "Schane.* packages are written by `./schane pack` into the checkout's artifacts/packages, which must be a package " +
                     "source (`dotnet nuget add source <checkout>/artifacts/packages --name schane`)", explained[0]);
    }
}
