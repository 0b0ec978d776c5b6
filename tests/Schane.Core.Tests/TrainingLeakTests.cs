using System.Runtime;
using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>
/// The leak test: a thousand training steps of a small two-headed MLP — forward, our objective (SCHaNe + cross
/// entropy), backward, clipping, AdamW, the warmup-cosine schedule — each inside a dispose scope, must leave exactly as
/// many live tensors as before (TorchSharp's Tensor.TotalCount) and must not grow the process.
/// </summary>
[Collection(nameof(LiveTensorCounting))]
public class TrainingLeakTests
{
    private const int Steps = 1000;
    private const long RssBoundBytes = 20L << 20;

    // Resident set size from /proc/self/status (VmRSS, in kB).
    private static long RssBytes()
    {
        var line = File.ReadLines("/proc/self/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0]) * 1024;
    }

    [Fact]
    public void ThousandTrainingStepsLeakNoTensorsAndNoMemory()
    {
        using var body = nn.Sequential(nn.Linear(64, 128), nn.ReLU(), nn.Dropout(0.1));
        using var projection = nn.Linear(128, 32);
        using var classifier = nn.Linear(128, 10);
        var parameters = body.parameters().Concat(projection.parameters()).Concat(classifier.parameters()).ToList();
        using var optimizer = optim.AdamW(parameters, 1e-3, weight_decay: 0.05);
        var schedule = WarmupCosine.Scheduler(optimizer, warmupSteps: 50, totalSteps: Steps, minLearningRate: 1e-5);
        var objective = new Objective();
        double lastLoss = 0;

        void TrainStep()
        {
            using var scope = NewDisposeScope();
            var x = randn(16, 2, 64);
            var y = randint(0, 4, [16]);
            optimizer.zero_grad();
            var features = body.call(x);
            using var terms = objective.Compute(projection.call(features), classifier.call(features), y);
            terms.Total.backward();
            nn.utils.clip_grad_norm_(parameters, 1.0);
            optimizer.step();
            schedule.step();
            lastLoss = terms.Total.ToDouble();
        }

        TrainStep(); // creates the optimizer's state, which lives on
        // Finalize whatever earlier tests left behind, then keep the GC (and so every finalizer) out of the loop:
        // a tensor leaked by a step cannot then be hidden by its finalizer lowering the count again.
        var live = TestData.SettledLiveCount();
        Assert.True(GC.TryStartNoGCRegion(200L << 20), "could not suspend the GC for the loop");
        long rssAt100 = 0, allocatedAt100 = 0;
        for (var step = 1; step <= Steps; step++)
        {
            TrainStep();
            if (step == 100)
            {
                rssAt100 = RssBytes();
                allocatedAt100 = GC.GetAllocatedBytesForCurrentThread();
            }
        }
        var rssAtEnd = RssBytes();
        var managedGrowth = GC.GetAllocatedBytesForCurrentThread() - allocatedAt100;
        var liveAfter = Tensor.TotalCount;
        Assert.True(GCSettings.LatencyMode == GCLatencyMode.NoGCRegion, "a garbage collection ran during the loop");
        GC.EndNoGCRegion();

        Assert.Equal(live, liveAfter);
        Assert.True(double.IsFinite(lastLoss) && lastLoss > 0, $"last loss {lastLoss}");
        // The schedule ran its course: the rate is at the minimum.
        Assert.Equal(1e-5, optimizer.ParamGroups.First().LearningRate, 12);
        // The growth includes the managed garbage of 900 steps (not collected in the no-GC region).
        var growth = rssAtEnd - rssAt100;
        Assert.True(growth < RssBoundBytes,
            $"RSS grew by {growth / 1e6:F1} MB between step 100 and step {Steps} ({managedGrowth / 1e6:F1} MB of managed allocations)");
    }
}
