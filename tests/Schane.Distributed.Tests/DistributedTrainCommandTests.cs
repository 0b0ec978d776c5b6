using Schane.Core.Training;

namespace Schane.Distributed.Tests;

/// <summary>`mpirun -np N schane train|info` (the CLI as each rank runs it; loopback, bounded in time).</summary>
public sealed class DistributedTrainCommandTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string[] Tiny(string name) =>
    [
        "train", "--runs-dir", dir.Path, "--name", name, "--train-per-class", "20", "--test-per-class", "20", "--width", "4",
        "--batch-size", "16", "--episodes", "5", "--shots", "1", "--epochs", "1",
    ];

    [Fact]
    public void TwoRanksTrainOneRunThatRankZeroWritesAndReports()
    {
        var run = MpiRun.Run(2, MpiRun.Cli, Tiny("two"), Limit);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("steps on 2 ranks", run.Stderr);
        Assert.Single(run.Stdout.Split('\n'), line => line.StartsWith("run folder:"));
        Assert.Contains("on 2 ranks: completed after 6 steps", run.Stdout);
        var folder = Path.Combine(dir.Path, "two");
        Assert.Contains("| processes (data-parallel ranks) | 2", File.ReadAllText(Path.Combine(folder, "report.md")));
        using var checkpoint = Checkpoint.Load(Path.Combine(folder, "checkpoint.pt"));
        Assert.Equal(6, checkpoint.Metadata.Step);
        Assert.Equal(2, checkpoint.Metadata.WorldSize);
    }

    [Fact]
    public void ABatchThatDoesNotDivideAmongTheRanksIsAClearErrorBeforeTraining()
    {
        var run = MpiRun.Run(3, MpiRun.Cli, Tiny("three"), Limit);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the global batch of 16 images does not divide among 3 ranks: choose a batch size that is a multiple of 3 (e.g. --batch-size 15 or 18)", run.Stderr);
        Assert.DoesNotContain("epoch 1/1", run.Stderr);
        Assert.False(File.Exists(Path.Combine(dir.Path, "three", "checkpoint.pt")));
    }

    [Fact]
    public void RanksGivenDifferentFlagsAreAClearErrorBeforeTraining()
    {
        // An MPMD launch: rank 0 and rank 1 run the same command but for the learning rate.
        var job = MpiRun.Start(["-np", "1", "dotnet", MpiRun.Cli, .. Tiny("mixed"), "--lr", "0.002", ":",
            "-np", "1", "dotnet", MpiRun.Cli, .. Tiny("mixed"), "--lr", "0.001"]);
        var run = MpiRun.Wait(job, Limit);
        Assert.False(run.TimedOut, run.Output);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the ranks were started with different settings (rank 1 differ from rank 0); first difference: rank 0 has `\"LearningRate\": 0.002,`, rank 1 has `\"LearningRate\": 0.001,`", run.Stderr);
        Assert.DoesNotContain("epoch 1/1", run.Stderr);
    }

    [Fact]
    public void InfoSaysTheWorldSizeOnEveryRank()
    {
        var run = MpiRun.Run(2, MpiRun.Cli, ["info"], Limit);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("world_size=2 rank=0 mpi=open-mpi", run.Stdout);
        Assert.Contains("world_size=2 rank=1 mpi=open-mpi", run.Stdout);
    }
}
