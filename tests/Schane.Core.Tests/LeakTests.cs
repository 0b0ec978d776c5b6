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
        foreach (var loss in new ContrastiveLoss[] { new SCHaNeLoss(), new SupConLoss(), new HCLLoss(), new NTXentLoss() })
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
