using System.Runtime;
using Schane.Engine.Modules;
using Schane.Engine.Optim;
using F = Schane.Engine.Functional;

namespace Schane.Engine.Tests;

/// <summary>
/// The leak test: a thousand training steps of a small MLP (forward, cross entropy, backward, clipping, AdamW, schedule),
/// each inside a dispose scope, must leave exactly as many live tensors as before and must not grow the process.
/// </summary>
[Collection(SerialCollection.Name)]
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
        using var model = new Sequential(new Linear(64, 128), new ReLU(), new Dropout(0.1), new Linear(128, 10));
        using var optimizer = new AdamW(model.Parameters(), 1e-3);
        var schedule = new WarmupCosineSchedule(1e-3, warmupSteps: 50, totalSteps: Steps, minLearningRate: 1e-5);
        double lastLoss = 0;

        void TrainStep(int step)
        {
            using var scope = Torch.NewDisposeScope();
            var x = Torch.Randn([32, 64]);
            var y = Torch.Randint(0, 10, [32]);
            schedule.Apply(optimizer, step);
            optimizer.ZeroGrad();
            var loss = F.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            GradientClipping.ClipGradNorm(model.Parameters(), 1.0);
            optimizer.Step();
            lastLoss = loss.Item<float>();
        }

        TrainStep(0);  // creates the optimizer's state, which lives on
        // Finalize whatever earlier tests left behind, then keep the GC (and so every finalizer) out of the loop:
        // a tensor leaked by a step cannot then be hidden by its finalizer lowering the count again.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var live = Tensor.LiveCount;
        Assert.True(GC.TryStartNoGCRegion(200L << 20), "could not suspend the GC for the loop");
        long rssAt100 = 0, allocatedAt100 = 0;
        for (var step = 1; step <= Steps; step++)
        {
            TrainStep(step);
            if (step == 100)
            {
                rssAt100 = RssBytes();
                allocatedAt100 = GC.GetAllocatedBytesForCurrentThread();
            }
        }
        var rssAt1000 = RssBytes();
        var managedGrowth = GC.GetAllocatedBytesForCurrentThread() - allocatedAt100;
        var liveAfter = Tensor.LiveCount;
        Assert.True(GCSettings.LatencyMode == GCLatencyMode.NoGCRegion, "a garbage collection ran during the loop");
        GC.EndNoGCRegion();

        Assert.Equal(live, liveAfter);
        Assert.True(double.IsFinite(lastLoss));
        // The growth includes the managed garbage of 900 steps (about 1.5 MB, not collected in the no-GC region).
        var growth = rssAt1000 - rssAt100;
        Assert.True(growth < RssBoundBytes,
            $"RSS grew by {growth / 1e6:F1} MB between step 100 and step {Steps} ({managedGrowth / 1e6:F1} MB of managed allocations)");
    }
}
