using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Schane.Cli.Tests;

/// <summary>The kernelspec, installed once into a private prefix for the notebooks executed by Jupyter's nbconvert.</summary>
public sealed class InstalledKernel : IDisposable
{
    public TempDir Prefix { get; } = new();

    public string JupyterPath => Path.Combine(Prefix.Path, "share", "jupyter");

    public InstalledKernel()
    {
        var result = Cli.Run("kernel", "install", "--prefix", Prefix.Path);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stderr);
    }

    public void Dispose() => Prefix.Dispose();
}

/// <summary>
/// Every notebook in notebooks/ runs in our kernel, in its quick mode (SCHANE_NOTEBOOK_QUICK=1: small data, few steps), both
/// headless (`schane notebook run`) and through Jupyter's own client (`nbconvert --execute` with the installed
/// kernel); neither shows an error, and both give each cell the same kinds of rich output.
/// </summary>
public class NotebookFolderTests(InstalledKernel kernel) : IClassFixture<InstalledKernel>
{
    private static string[] Names => Directory.GetFiles(Path.Combine(Repository.Root, "notebooks"), "*.ipynb")
        .Select(Path.GetFileName).OfType<string>().Order().ToArray();

    public static TheoryData<string> Notebooks => new(Names);

    [Fact]
    public void The_notebooks_are_the_four_the_readme_lists() =>
        Assert.Equal(["dotnet-interactive.ipynb", "embeddings.ipynb", "few-shot-comparison.ipynb", "live-reweighting.ipynb", "quickstart.ipynb"], Names);

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void A_notebook_runs_headless_and_in_Jupyter_alike(string name)
    {
        using var folder = new TempDir();
        var source = Path.Combine(Repository.Root, "notebooks", name);
        var quick = new Dictionary<string, string> { ["SCHANE_NOTEBOOK_QUICK"] = "1" };

        var headless = Cli.RunWithEnvironment(quick, "notebook", "run", source, "--output", folder.File("headless.ipynb"));
        Assert.True(headless.ExitCode == 0, $"notebook run {name} failed:\n{headless.Stderr}");

        var info = new ProcessStartInfo(Python.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetDirectoryName(source)! };
        foreach (var a in new[] { "-m", "nbconvert", "--to", "notebook", "--execute", source, "--output", folder.File("jupyter.ipynb"), "--ExecutePreprocessor.timeout=600",
                     // Every notebook runs in our kernel, also the one written for .NET Interactive (DotNetInteractiveTests runs it there).
                     "--ExecutePreprocessor.kernel_name=schane-csharp" })
            info.ArgumentList.Add(a);
        info.Environment["JUPYTER_PATH"] = kernel.JupyterPath;
        info.Environment["SCHANE_NOTEBOOK_QUICK"] = "1";
        using (var nbconvert = Process.Start(info)!)
        {
            var stdout = nbconvert.StandardOutput.ReadToEndAsync();
            var stderr = nbconvert.StandardError.ReadToEnd();
            nbconvert.WaitForExit();
            Assert.True(nbconvert.ExitCode == 0, $"nbconvert --execute {name} failed:\n{stderr}");
        }

        var ours = RichOutputs(folder.File("headless.ipynb"));
        var jupyters = RichOutputs(folder.File("jupyter.ipynb"));
        Assert.Equal(jupyters, ours);
        Assert.Contains(ours, cell => cell.Contains("execute_result") || cell.Contains("display_data"));
    }

    // Per code cell: its non-stream outputs as "type: mime, mime" (errors would show as "error"), in order.
    private static List<string> RichOutputs(string path)
    {
        var cells = JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code");
        return cells.Select(cell => string.Join(" | ", cell!["outputs"]!.AsArray()
            .Where(o => (string?)o!["output_type"] != "stream")
            .Select(o => (string)o!["output_type"]! + (o["data"] is JsonObject data ? ": " + string.Join(", ", data.Select(p => p.Key).Order()) : ""))))
            .ToList();
    }
}

/// <summary>The repository's root folder (tests/reference is two levels below it).</summary>
internal static class Repository
{
    public static string Root { get; } = Path.GetFullPath(Path.Combine(Python.ReferenceDir, "..", ".."));
}
