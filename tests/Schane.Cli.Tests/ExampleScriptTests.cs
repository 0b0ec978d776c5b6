namespace Schane.Cli.Tests;

/// <summary>Every script under scripts/ runs, with tiny settings, through `schane run` / `schane train --weighting`.</summary>
public sealed class ExampleScriptTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private static string Script(string relative)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "scripts", relative))) return Path.Combine(d.FullName, "scripts", relative);
        throw new FileNotFoundException($"scripts/{relative} not found above {AppContext.BaseDirectory}");
    }

    private string[] Tiny =>
    [
        "--train-per-class", "20", "--test-per-class", "30", "--width", "4", "--batch-size", "16", "--episodes", "10",
        "--epochs", "1", "--runs-dir", dir.Path,
    ];

    private static void Succeeded(Cli.Result run, params string[] expected)
    {
        Assert.True(run.ExitCode == 0, $"exit {run.ExitCode}\n{run.Stdout}\n{run.Stderr}");
        foreach (var text in expected) Assert.Contains(text, run.Stdout);
    }

    [Fact]
    public void SweepsPrintATableRowPerValue()
    {
        var beta = Cli.Run(["run", Script("experiments/beta-sweep.csx"), "--", "0", "2", .. Tiny]);
        Succeeded(beta, " β |", "5-way 1-shot");
        Assert.Equal(2, beta.Stdout.Split('\n').Count(line => line.StartsWith('|') && line.Contains('%')));
        var lambda = Cli.Run(["run", Script("experiments/lambda-sweep.csx"), "--", "0", "0.9", .. Tiny]);
        Succeeded(lambda, " λ |", " CE ", "0.9·schane");
        Assert.Equal(2, lambda.Stdout.Split('\n').Count(line => line.StartsWith('|') && line.Contains('%')));
        var bad = Cli.Run(["run", Script("experiments/beta-sweep.csx"), "--", "--epoks", "1"]);
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("unknown setting 'epoks'", bad.Stderr);
    }

    [Fact]
    public void CheckpointScriptsEvaluateAndExportASavedRun()
    {
        var train = Cli.Run(["train", "--name", "saved", .. Tiny]);
        Assert.True(train.ExitCode == 0, train.Stderr);
        var checkpoint = Path.Combine(dir.Path, "saved", "checkpoint.pt");
        Succeeded(Cli.Run("run", Script("experiments/evaluate-checkpoint.csx"), "--", checkpoint, "20"),
            "5-way 1-shot (novel classes, 20 episodes", "step 6");
        var export = Path.Combine(dir.Path, "export");
        Succeeded(Cli.Run("run", Script("experiments/export-embeddings.csx"), "--", checkpoint, export), "| features ", "[150, 16]");
        using var features = Schane.Core.IO.Npy.Load(Path.Combine(export, "features.npy"));
        using var labels = Schane.Core.IO.Npy.Load(Path.Combine(export, "labels.npy"));
        Assert.Equal([150L, 16], features.shape);
        Assert.Equal(ScalarType.Int64, labels.dtype);
        Assert.Equal(2, Cli.Run("run", Script("experiments/export-embeddings.csx")).ExitCode);
    }

    [Fact]
    public void TheCurriculumWeightingTrainsAndTheFSharpSweepRunsInProcess()
    {
        var curriculum = Cli.Run(["train", "--weighting", Script("weightings/curriculum.csx"), "--name", "curriculum", .. Tiny]);
        Assert.True(curriculum.ExitCode == 0, curriculum.Stderr);
        Assert.Contains("curriculum(β: 0→2 over 1000 steps)", curriculum.Stdout);
        var fsharp = Cli.Run(["run", Script("fsharp/beta-sweep.fsx"), "--", "0", "1", .. Tiny]);
        Succeeded(fsharp, "5-way 1-shot");
    }
}
