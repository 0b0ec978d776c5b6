namespace Schane.Core.Tests;

/// <summary>Tensor.LiveCount is process-wide: tests that count it run alone, not beside other test classes.</summary>
[CollectionDefinition(nameof(LiveTensorCounting), DisableParallelization = true)]
public class LiveTensorCounting;

[Collection(nameof(LiveTensorCounting))]
public class LeakTests
{
    [Fact]
    public void LossesLeakNoTensors()
    {
        using var e = Torch.Randn([16, 2, 8]);
        using var labels = Torch.Randint(0, 3, [16]);
        // A user's weighting function (both forms) goes through its own checks and, on the blocked path, the fused kernel.
        var logForm = NegativeWeighting.FromLogWeights(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 2.0, b.Negatives), "log-form");
        var weightForm = NegativeWeighting.FromWeights(b => (b.Logits * 0.5).Exp(), "weight-form");
        foreach (var loss in new ContrastiveLoss[]
                 {
                     new SCHaNeLoss(), new SupConLoss(), new HCLLoss(), new NTXentLoss(),
                     new SCHaNeLoss { Weighting = logForm }, new SCHaNeLoss { Weighting = weightForm }, new HCLLoss { Weighting = logForm },
                 })
        foreach (var path in new[] { LossPath.Dense, LossPath.Blocked })
        {
            var before = TestData.SettledLiveCount();
            using (var x = e.Detach().RequiresGrad_())
            using (var value = (loss with { Path = path, BlockRows = 5 }).Compute(x, labels))
            {
                value.Backward();
                x.Grad = null;
            }
            Assert.True(before == Tensor.LiveCount, $"{loss} {path}: {Tensor.LiveCount - before} tensors leaked");
        }
    }
}
