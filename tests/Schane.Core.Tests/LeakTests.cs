namespace Schane.Core.Tests;

[Collection(nameof(LiveTensorCounting))]
public class LeakTests
{
    [Fact]
    public void LossesLeakNoTensors()
    {
        using var e = randn(16, 2, 8);
        using var labels = randint(0, 3, [16]);
        // A user's weighting function (both forms) goes through its own checks and, on the blocked path, the fused kernel.
        var logForm = NegativeWeighting.FromLogWeights(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 2.0, b.Negatives), "log-form");
        var weightForm = NegativeWeighting.FromWeights(b => (b.Logits * 0.5).exp(), "weight-form");
        foreach (var loss in new ContrastiveLoss[]
                 {
                     new SCHaNeLoss(), new SupConLoss(), new HCLLoss(), new NTXentLoss(),
                     new SCHaNeLoss { Weighting = logForm }, new SCHaNeLoss { Weighting = weightForm }, new HCLLoss { Weighting = logForm },
                 })
        foreach (var path in new[] { LossPath.Dense, LossPath.Blocked })
        {
            var before = TestData.SettledLiveCount();
            using (var x = e.detach().requires_grad_())
            using (var value = (loss with { Path = path, BlockRows = 5 }).Compute(x, labels))
            {
                value.backward();
                x.grad = null;
            }
            Assert.True(before == Tensor.TotalCount, $"{loss} {path}: {Tensor.TotalCount - before} tensors leaked");
        }
    }

    [Fact]
    public void TheLossModuleLeaksNoTensors()
    {
        using var e = randn(16, 2, 8);
        using var labels = randint(0, 3, [16]);
        foreach (var loss in new ContrastiveLoss[] { new SCHaNeLoss(), new SupConLoss(), new HCLLoss(), new NTXentLoss() })
        {
            using var criterion = loss.AsModule();
            var before = TestData.SettledLiveCount();
            using (var x = e.detach().requires_grad_())
            using (var value = criterion.call(x, labels))
            {
                value.backward();
                x.grad = null;
            }
            Assert.True(before == Tensor.TotalCount, $"{loss}.AsModule(): {Tensor.TotalCount - before} tensors leaked");
        }
    }
}
