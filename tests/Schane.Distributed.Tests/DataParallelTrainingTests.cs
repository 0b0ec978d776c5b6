using System.Diagnostics;
using Schane.Core.Data;
using Schane.Core.IO;
using Schane.Core.Training;

namespace Schane.Distributed.Tests;

/// <summary>
/// The trainer on 2 ranks (mpirun, loopback) against one process with the same global batch: a BatchNorm-free model's
/// weights after 8 steps, identical ranks with BatchNorm, an exact resume, a rank killed mid-run, and bad launches.
/// </summary>
[Collection("trainers")] // the in-process reference run seeds torch's global generator
public sealed class DataParallelTrainingTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string Folder(string name) => Directory.CreateDirectory(Path.Combine(dir.Path, name)).FullName;

    private static MpiRun.Result Train(int ranks, string folder, params string[] flags)
    {
        var run = MpiRun.Run(ranks, MpiRun.Host, ["train", folder, .. flags], Limit);
        Assert.False(run.TimedOut, "the job did not end within its limit:\n" + run.Output);
        return run;
    }

    private static void TrainOk(int ranks, string folder, params string[] flags)
    {
        var run = Train(ranks, folder, flags);
        Assert.True(run.ExitCode == 0, run.Output);
    }

    private static Dictionary<string, Tensor> Weights(string path) => TorchSaveFile.Read(path);

    private static double MaxDifference(Dictionary<string, Tensor> a, IReadOnlyDictionary<string, Tensor> b)
    {
        Assert.Equal(a.Keys.Order(), b.Keys.Order());
        return a.Keys.Max(k => (a[k].to(ScalarType.Float64) - b[k].to(ScalarType.Float64)).abs().max().ToDouble());
    }

    [Fact]
    public void TwoRanksTrainTheWeightsOfOneProcessWithTheSameGlobalBatch()
    {
        var folder = Folder("two");
        TrainOk(2, folder);

        using var scope = NewDisposeScope();
        using var data = DistributedCases.Data();
        using var single = new Trainer(DistributedCases.Spec(batchNorm: false), data, DistributedCases.Options(epochs: 2));
        single.Run();
        Assert.Equal(8, single.Step);
        var expected = single.Model.state_dict();
        using (var checkpoint = Checkpoint.Load(Path.Combine(folder, "checkpoint.pt"))) // rank 0 wrote the run's checkpoint
            Assert.Equal(0.0, MaxDifference(Weights(Path.Combine(folder, "rank0.pt")), checkpoint.ModelState));
        foreach (var rank in new[] { 0, 1 })
        {
            var difference = MaxDifference(Weights(Path.Combine(folder, $"rank{rank}.pt")), expected);
            Assert.True(difference <= 1e-5, $"rank {rank}'s weights differ from one process's by {difference}");
        }
        using var initial = new Trainer(DistributedCases.Spec(batchNorm: false), data, DistributedCases.Options(epochs: 2));
        Assert.True(MaxDifference(Weights(Path.Combine(folder, "rank0.pt")), initial.Model.state_dict()) > 1e-3, "training changed nothing");
    }

    [Fact]
    public void WithBatchNormEveryRankEndsWithRankZerosWeightsAndStatistics()
    {
        var folder = Folder("batchnorm");
        TrainOk(2, folder, "--batchnorm");
        var zero = Weights(Path.Combine(folder, "rank0.pt"));
        var one = Weights(Path.Combine(folder, "rank1.pt"));
        Assert.Contains(zero.Keys, k => k.EndsWith("running_mean"));
        Assert.Equal(0.0, MaxDifference(zero, one));
    }

    [Fact]
    public void ANewWeightingSetOnTheRanksAtDifferentStepsTakesOverOnAllAtTheSameStep()
    {
        var folder = Folder("swap");
        TrainOk(2, folder, "--swap"); // rank 0 sets it after step 2, rank 1 after step 4
        Assert.Equal("5 schane(τ=0.5, top-4)", File.ReadAllText(Path.Combine(folder, "swap0")));
        Assert.Equal("5 schane(τ=0.5, top-4)", File.ReadAllText(Path.Combine(folder, "swap1")));
        Assert.Equal(0.0, MaxDifference(Weights(Path.Combine(folder, "rank0.pt")), Weights(Path.Combine(folder, "rank1.pt"))));
    }

    [Fact]
    public void ResumingOnTwoRanksIsExact()
    {
        var straight = Folder("straight");
        TrainOk(2, straight);
        var resumed = Folder("resumed");
        TrainOk(2, resumed, "--one-epoch");
        using (var checkpoint = Checkpoint.Load(Path.Combine(resumed, "checkpoint.pt")))
        {
            Assert.Equal(4, checkpoint.Metadata.Step);
            Assert.Equal(2, checkpoint.Metadata.WorldSize);
        }
        TrainOk(2, resumed, "--resume");
        Assert.Equal(0.0, MaxDifference(Weights(Path.Combine(straight, "rank0.pt")), Weights(Path.Combine(resumed, "rank0.pt"))));

        // Three ranks cannot continue a two-rank run: said before the first step.
        var wrong = Train(3, resumed, "--resume");
        Assert.NotEqual(0, wrong.ExitCode);
        Assert.Contains("written by a run on 2 rank(s); it resumes on 2, not 3", wrong.Output);
    }

    [Fact]
    public void ARankKilledMidRunEndsTheJobAndLeavesTheLastCheckpointWhole()
    {
        var folder = Folder("killed");
        var job = MpiRun.Start(["-np", "2", "dotnet", MpiRun.Host, "train", folder, "--long"]);
        var checkpoint = Path.Combine(folder, "checkpoint.pt");
        var clock = Stopwatch.StartNew();
        while (!(File.Exists(checkpoint) && File.Exists(Path.Combine(folder, "pid1"))) && clock.Elapsed < Limit && !job.HasExited)
            Thread.Sleep(100);
        Assert.True(File.Exists(checkpoint), "no checkpoint was written");
        Thread.Sleep(500); // mid-run: a few more steps (and checkpoints) later
        using (var kill = Process.Start("kill", ["-KILL", File.ReadAllText(Path.Combine(folder, "pid1"))])!) kill.WaitForExit();
        var run = MpiRun.Wait(job, TimeSpan.FromSeconds(60));
        Assert.False(run.TimedOut, "the job went on after a rank died:\n" + run.Output);
        Assert.NotEqual(0, run.ExitCode);
        Assert.Matches("rank 1 .*exited on signal 9", run.Output.Replace('\n', ' '));
        using var last = Checkpoint.Load(checkpoint);
        Assert.True(last.Metadata.Step > 0 && last.Metadata.Step % last.Metadata.StepsPerEpoch == 0, $"step {last.Metadata.Step}");
        Assert.Equal(2, last.Metadata.WorldSize);
    }

    [Fact]
    public void AGlobalBatchThatDoesNotDivideAmongTheRanksIsRefusedBeforeTheFirstStep()
    {
        var folder = Folder("indivisible");
        var run = Train(3, folder, "--batch-10");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the global batch of 10 images does not divide among 3 ranks", run.Output);
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint.pt")));
    }

    [Fact]
    public void RanksStartedWithDifferentSettingsAreRefusedBeforeTheFirstStep()
    {
        var folder = Folder("mismatched");
        var run = Train(2, folder, "--rank-seed");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("the ranks were started with different settings (rank 1 differ from rank 0)", run.Output);
        Assert.Contains("\"Seed\": 0", run.Output);
        Assert.False(File.Exists(Path.Combine(folder, "checkpoint.pt")));
    }
}
