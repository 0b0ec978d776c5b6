using Schane.Engine.Modules;
using F = Schane.Engine.Functional;

namespace Schane.Engine.Tests;

/// <summary>Layer behaviour that needs no oracle: modes, buffers, initialisation bounds, and errors on bad input.</summary>
public class NnBehaviourTests
{
    [Fact]
    public void LinearWithWrongInputWidthNamesTheCall()
    {
        using var layer = new Linear(5, 3);
        using var scope = Torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => layer.Forward(Torch.Randn([4, 6])));
        Assert.StartsWith("Functional.Linear: ", e.Message);
        Assert.Contains("4x6 and 5x3", e.Message);
    }

    [Fact]
    public void Conv2dWithWrongChannelsNamesTheCall()
    {
        using var layer = new Conv2d(3, 4, 3);
        using var scope = Torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => layer.Forward(Torch.Randn([1, 2, 8, 8])));
        Assert.StartsWith("Functional.Conv2d: ", e.Message);
        Assert.Contains("channels", e.Message);
    }

    [Fact]
    public void BadArgumentsAreRejectedBeforeLibtorch()
    {
        using var scope = Torch.NewDisposeScope();
        using var bn = new BatchNorm2d(3);
        Assert.Contains("expected 4D input (got 3D input)", Assert.Throws<ArgumentException>(() => bn.Forward(Torch.Randn([2, 3, 4]))).Message);
        using var bn1 = new BatchNorm1d(3);
        Assert.Contains("more than 1 value per channel", Assert.Throws<ArgumentException>(() => bn1.Forward(Torch.Randn([1, 3]))).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Dropout(1.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => F.Dropout(Torch.Ones([2]), -0.1));
        Assert.Throws<ArgumentException>(() => new Conv2d(3, 4, 3, groups: 2));
        var e = Assert.ThrowsAny<Exception>(() => F.CrossEntropy(Torch.Randn([2, 3]), Torch.FromArray(new long[] { 0, 7 })));
        Assert.Contains("Functional.CrossEntropy", e.Message);
        Assert.Contains("out of bounds", e.Message);
    }

    [Fact]
    public void DefaultInitialisationStaysWithinOneOverSqrtFanIn()
    {
        using var linear = new Linear(400, 50);
        using var conv = new Conv2d(6, 8, (3, 5), groups: 2);
        using var scope = Torch.NewDisposeScope();
        foreach (var (weight, bias, fanIn) in new[] { (linear.Weight, linear.Bias!, 400.0), (conv.Weight, conv.Bias!, 3.0 * 15) })
        {
            // Weights and biases are U(-b, b) with b = 1/sqrt(fan_in); the 20,000 and 360 weights come close to b.
            var bound = 1 / Math.Sqrt(fanIn);
            Assert.InRange(weight.Abs().Max().Item<double>(), 0.95 * bound, bound);
            Assert.InRange(bias.Abs().Max().Item<double>(), 0, bound);
            Assert.True(weight.RequiresGrad && weight.IsLeaf && bias.RequiresGrad && bias.IsLeaf);
        }
    }

    [Fact]
    public void DropoutScalesKeptElementsInTrainingAndIsTheIdentityInEvaluation()
    {
        using var dropout = new Dropout(0.25);
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Ones([200, 100]);
        var y = dropout.Forward(x);
        var kept = y.Ne(0.0);
        Assert.True(y.MaskedSelect(kept).AllClose(Torch.Full([1], 1 / 0.75)));
        Assert.InRange(kept.To(DType.Float32).Mean().Item<double>(), 0.72, 0.78);
        dropout.Eval();
        Assert.True(dropout.Forward(x).Equal(x));
        Assert.True(F.Dropout(x, 0).Equal(x));
    }

    [Fact]
    public void BatchNormCountsBatchesOnlyInTraining()
    {
        using var bn = new BatchNorm1d(2);
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Randn([8, 2]) * 3 + 5;
        bn.Forward(x);
        bn.Forward(x);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<long>());
        // One update with momentum 0.1 from (0, 1) moves the running mean a tenth of the way to the batch mean.
        using var fresh = new BatchNorm1d(2);
        fresh.Forward(x);
        Assert.True(fresh.RunningMean!.AllClose(x.Mean(0) * 0.1, atol: 1e-6));
        Assert.True(fresh.RunningVar!.AllClose(x.Var([0]) * 0.1 + 0.9, atol: 1e-5));
        bn.Eval();
        var before = bn.RunningMean!.Clone();
        var y = bn.Forward(x);
        Assert.Equal(2, bn.NumBatchesTracked!.Item<long>());
        Assert.True(bn.RunningMean!.Equal(before));
        // Evaluation normalises with the running statistics.
        var expected = (x - bn.RunningMean!) / (bn.RunningVar! + 1e-5).Sqrt();
        Assert.True(y.AllClose(expected, atol: 1e-5));
    }

    [Fact]
    public void ModulesPrintLikePyTorch()
    {
        using var model = new Sequential(new Linear(4, 3, bias: false), new GELU(GeluApproximation.Tanh), new LayerNorm(3), new Dropout(0.1));
        Assert.Equal(
            "Sequential(\n  (0): Linear(in_features=4, out_features=3, bias=False)\n  (1): GELU(approximate='tanh')\n" +
            "  (2): LayerNorm((3,), eps=1e-05, elementwise_affine=True)\n  (3): Dropout(p=0.1, inplace=False)\n)",
            model.ToString());
    }
}
