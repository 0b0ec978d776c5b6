using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace Schane.Cli.Tests;

/// <summary>
/// .NET Interactive installed as a user would (`schane kernel install --dotnet-interactive`, into a private prefix),
/// with Schane.Core and Schane.Experiments packed fresh into artifacts/packages (the kernelspecs' package source) and
/// their copies in the NuGet cache removed, so that the kernel restores this build's packages, not stale ones.
/// </summary>
public sealed class InstalledDotNetInteractive : IDisposable
{
    public TempDir Prefix { get; } = new();

    public string JupyterPath => Path.Combine(Prefix.Path, "share", "jupyter");

    public string InstallOutput { get; }

    public InstalledDotNetInteractive()
    {
        var packages = Path.Combine(Repository.Root, "artifacts", "packages");
        var cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (var project in new[] { "Schane.Core", "Schane.Experiments" })
        {
            DotNetInteractiveTests.Run("dotnet", ["pack", Path.Combine(Repository.Root, "src", project), "-c", Configuration, "--no-build", "-nologo", "-v", "q", "-o", packages],
                TimeSpan.FromMinutes(3));
            var cached = Path.Combine(cache, project.ToLowerInvariant(), "0.2.0");
            if (Directory.Exists(cached)) Directory.Delete(cached, recursive: true);
        }
        var result = Cli.Run("kernel", "install", "--dotnet-interactive", "--prefix", Prefix.Path);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stdout + result.Stderr);
        InstallOutput = result.Stdout;
        result = Cli.Run("kernel", "install", "--prefix", Prefix.Path);
        if (result.ExitCode != 0) throw new InvalidOperationException(result.Stdout + result.Stderr);
    }

    // This test assembly's configuration (bin/<Configuration>/net10.0), which the CLI and the library were built in.
    private static string Configuration => new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public void Dispose() => Prefix.Dispose();
}

/// <summary>
/// The real .NET Interactive kernel (.net-csharp) runs notebooks/dotnet-interactive.ipynb through Jupyter's nbconvert
/// (TorchSharp loading from the package, a loss and its gradient, a lambda weighting, a live progress display, HTML
/// results), and Jupyter's interrupt stops a training run there at the next step with a checkpoint.
/// </summary>
// Both pack Schane.* into artifacts/packages and evict its NuGet-cache copy: never at the same time.
[Collection("NuGet packages")]
public class DotNetInteractiveTests(InstalledDotNetInteractive installed) : IClassFixture<InstalledDotNetInteractive>
{
    private static readonly TimeSpan NotebookTimeout = TimeSpan.FromMinutes(8);

    [Fact]
    public void Install_writes_both_kernelspecs_started_through_the_relay_with_the_package_folder()
    {
        Assert.Contains("installed kernelspec .net-csharp", installed.InstallOutput);
        foreach (var (name, language) in new[] { (".net-csharp", "csharp"), (".net-fsharp", "fsharp") })
        {
            var spec = JsonNode.Parse(File.ReadAllText(Path.Combine(installed.JupyterPath, "kernels", name, "kernel.json")))!;
            var argv = spec["argv"]!.AsArray().Select(a => (string)a!).ToArray();
            Assert.Equal(["kernel", "dotnet-interactive"], argv[2..4]);
            Assert.EndsWith("Microsoft.DotNet.Interactive.App.dll", argv[4]);
            Assert.True(File.Exists(argv[4]), argv[4]);
            Assert.Equal([language, "{connection_file}"], argv[5..]);
            Assert.Equal("signal", (string?)spec["interrupt_mode"]);
            Assert.Equal(Path.Combine(Repository.Root, "artifacts", "packages"), (string?)spec["env"]!["RestoreAdditionalProjectSources"]);
        }
    }

    [Fact]
    public void The_notebook_runs_in_the_dotnet_interactive_kernel()
    {
        using var folder = new TempDir();
        var output = folder.File("out.ipynb");
        var (code, text) = Run(Python.Interpreter,
            ["-m", "nbconvert", "--to", "notebook", "--execute", Path.Combine(Repository.Root, "notebooks", "dotnet-interactive.ipynb"),
             "--output", output, "--ExecutePreprocessor.timeout=400", "--ExecutePreprocessor.kernel_name=.net-csharp"],
            NotebookTimeout, Environment());
        Assert.True(code == 0, $"nbconvert failed ({code}):\n{text}");

        var cells = JsonNode.Parse(File.ReadAllText(output))!["cells"]!.AsArray().Where(c => (string?)c!["cell_type"] == "code").ToList();
        string All(int i, string mime) => string.Concat(cells[i]!["outputs"]!.AsArray().Select(o =>
            o!["data"]?[mime] is JsonNode d ? string.Concat(d is JsonArray a ? a.Select(x => (string)x!) : [(string)d!]) : o["text"] is JsonNode t && mime == "stream" ? string.Concat(t.AsArray().Select(x => (string)x!)) : ""));
        Assert.DoesNotContain(cells, c => c!["outputs"]!.AsArray().Any(o => (string?)o!["output_type"] == "error"));
        Assert.Contains("schane.core/0.2.0/interactive-extensions/dotnet/extension.dib", All(0, "text/plain"));
        Assert.StartsWith("kernel: .NET Interactive; libtorch 2.10.0", All(1, "text/plain"));
        Assert.Matches(@"SCHaNe loss = \d\.\d{4}, \|dL/dE\| = \d\.\d{4}", All(2, "text/plain"));
        Assert.Contains("class=\"schane-tensor\"", All(2, "text/html"));            // Tensor's display, registered by the extension
        Assert.Contains("capped(β=2, cos≤0.5)", All(3, "text/html"));               // the lambda weighting's name
        var progress = All(4, "text/html");
        Assert.Matches("<progress value=\"(\\d+)\" max=\"\\1\">", progress);             // updated in place up to its last step
        Assert.Contains("<i>done</i>", progress);
        Assert.Contains("<th>top-1</th>", All(5, "text/html"));                     // TopKAccuracy by the TypeFormatterSource convention
        Assert.Contains("Embedding quality", All(5, "text/html"));
        Assert.Contains("<title>Training loss per step</title>", All(6, "image/svg+xml"));   // Schane.Experiments' chart
        Assert.StartsWith("\x89PNG", Encoding.Latin1.GetString(Convert.FromBase64String(All(6, "image/png"))));
        Assert.Equal("SVG image: Training loss per step", All(6, "text/plain"));
        Assert.Contains("Outcome = Completed", All(7, "text/html"));
        Assert.Contains("Saved = True", All(7, "text/html"));
    }

    [Fact]
    public void A_notebook_that_needs_our_kernel_stops_in_dotnet_interactive_with_the_reason()
    {
        using var folder = new TempDir();
        var (code, text) = Run(Python.Interpreter,
            ["-m", "nbconvert", "--to", "notebook", "--execute", Path.Combine(Repository.Root, "notebooks", "quickstart.ipynb"),
             "--output", folder.File("out.ipynb"), "--ExecutePreprocessor.timeout=120", "--ExecutePreprocessor.kernel_name=.net-csharp"],
            TimeSpan.FromMinutes(4), Environment());
        Assert.True(code != 0, text);
        Assert.Contains("this notebook needs the schane-csharp kernel (./schane kernel install", text);
        Assert.Contains("notebooks/dotnet-interactive.ipynb runs in both", text);
    }

    [Fact]
    public void An_interrupt_stops_the_training_at_the_next_step_with_a_checkpoint()
    {
        using var folder = new TempDir();
        var checkpoint = folder.File("run.pt");
        var report = folder.File("report.json");
        var (code, text) = Run(Python.Interpreter,
            [Path.Combine(Python.ReferenceDir, "training_interrupt.py"), installed.JupyterPath, ".net-csharp", folder.Path, checkpoint, report],
            TimeSpan.FromMinutes(6), Environment());
        Assert.True(code == 0 && File.Exists(report), $"training_interrupt.py failed ({code}):\n{text}");
        var seen = JsonNode.Parse(File.ReadAllText(report))!;
        // Its last output is the cell's value (before it, on a CPU whose oneDNN fails Runtime.ConvolutionCheck, that warning).
        Assert.Equal(".NET Interactive", (string?)seen["setup"]!["output"]!.AsArray()[^1]);
        Assert.True((bool)seen["interrupted"]!, seen.ToJsonString());
        var training = seen["training"]!;
        Assert.Equal("ok", (string?)training["status"]);
        Assert.Contains(training["output"]!.AsArray(), line => ((string?)line)!.EndsWith("— interrupted: stopped with a checkpoint"));
        // One display, replaced in place: every update names the display's id.
        Assert.Single(training["display_ids"]!.AsArray().Select(id => (string?)id).Distinct());
        Assert.True((bool)seen["checkpoint_written"]!);
        Assert.True((bool)seen["alive"]!);
        Assert.Equal("ok", (string?)seen["after"]!["status"]);
    }

    private Dictionary<string, string> Environment() => new()
    {
        ["JUPYTER_PATH"] = installed.JupyterPath,
        ["SCHANE_NOTEBOOK_QUICK"] = "1",
    };

    /// <summary>Runs a program to its end within <paramref name="timeout"/> (killed after it); returns its exit code and output.</summary>
    internal static (int Code, string Output) Run(string program, IEnumerable<string> arguments, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Repository.Root };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) info.Environment[name] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}\n{stdout.Result}\n{stderr.Result}");
        }
        var output = stdout.Result + stderr.Result;
        if (program == "dotnet" && process.ExitCode != 0) throw new InvalidOperationException($"dotnet {string.Join(' ', info.ArgumentList)}:\n{output}");
        return (process.ExitCode, output);
    }
}
