using Xunit.Abstractions;

namespace Schane.Cli.Tests;

/// <summary>
/// The experiment scripts as .NET 10 file-based apps, run as the README shows them:
/// `dotnet run -c Release scripts/experiments/NAME.cs -- ARGS`, against the checkout's projects (#:project; the
/// Release build ./schane made is up to date, so only the script compiles) and the build's NuGet cache.
/// </summary>
public sealed class FileBasedAppTests(ITestOutputHelper log) : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string[] Tiny =>
    [
        "--train-per-class", "20", "--test-per-class", "30", "--width", "4", "--batch-size", "16", "--episodes", "10",
        "--epochs", "1", "--runs-dir", dir.Path,
    ];

    private Dotnet.Result Run(string script, params string[] args)
    {
        var run = Dotnet.Run(dir.Path, TimeSpan.FromMinutes(4), null,
            ["run", "-c", Dotnet.Configuration, Path.Combine(Dotnet.RepositoryRoot, "scripts", "experiments", script), "--", .. args]);
        log.WriteLine($"{run.Elapsed.TotalSeconds,6:F1} s  dotnet run {script}");
        Assert.True(run.ExitCode == 0, $"{script}: exit {run.ExitCode}\n{run.Output}");
        return run;
    }

    [Fact]
    public void TheSweepsAndTheCheckpointScriptsRunWithDotnetRun()
    {
        var beta = Run("beta-sweep.cs", ["0", .. Tiny]);
        Assert.Contains("|   β | objective", beta.Output);
        Assert.Single(beta.Output.Split('\n'), line => line.StartsWith("|   0 | 0.9·schane(τ=0.5, exponential(β=0)) + 0.1·CE |") && line.Contains('%'));
        var runs = Assert.Single(beta.Values("runs: "));
        var checkpoint = Path.Combine(runs, "beta-0", "checkpoint.pt");
        Assert.True(File.Exists(checkpoint), beta.Output);

        var lambda = Run("lambda-sweep.cs", ["0", .. Tiny]);
        Assert.Single(lambda.Output.Split('\n'), line => line.StartsWith("|   0 | CE ") && line.Contains('%'));

        var evaluation = Run("evaluate-checkpoint.cs", checkpoint, "20");
        Assert.Contains("on ResNet width=4 depth=1, 1×28×28 → 5 classes, step 6", evaluation.Output);
        Assert.Contains("5-way 1-shot (novel classes, 20 episodes", evaluation.Output);

        var export = Run("export-embeddings.cs", checkpoint, Path.Combine(dir.Path, "export"));
        Assert.Contains(export.Output.Split('\n'), line => line.StartsWith("| features ") && line.Contains("| [150, 16] ") && line.Contains("| Float32 "));
        using var features = Schane.Core.IO.Npy.Load(Path.Combine(dir.Path, "export", "features.npy"));
        Assert.Equal([150L, 16], features.shape);
    }
}
