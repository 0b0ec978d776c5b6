namespace Schane.Core.Tests;

/// <summary>The negative-weighting seam: built-ins and user functions, with gradient through the weights or not.</summary>
public class WeightingTests
{
    private static (double Value, double[] Grad) Run(ContrastiveLoss loss, Tensor e, Tensor labels, int step = 0)
    {
        using var scope = NewDisposeScope();
        var x = e.detach().requires_grad_();
        var value = loss.Compute(x, labels, step);
        value.backward();
        return (value.ToDouble(), x.grad!.Values<double>());
    }

    private static (Tensor E, Tensor Labels) Batch(int samples = 12, int classes = 3)
    {
        var random = new Random(3);
        return (TestData.Normal(random, [samples, 2, 16]), TestData.Labels(random, samples, classes));
    }

    [Theory]
    [InlineData(LossPath.Dense)]
    [InlineData(LossPath.Blocked)]
    public void ALambdaEqualToTheBuiltInGivesTheSameLossAndGradient(LossPath path)
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        const double beta = 1.7;
        var custom = NegativeWeighting.FromLogWeights(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * beta, b.Negatives), "my-exp");
        var builtIn = Run(new SCHaNeLoss { Weighting = NegativeWeighting.Exponential(beta), Path = path, BlockRows = 7 }, e, labels);
        var mine = Run(new SCHaNeLoss { Weighting = custom, Path = path, BlockRows = 7 }, e, labels);
        Assert.Equal(builtIn.Value, mine.Value, 12);
        for (var i = 0; i < mine.Grad.Length; i++) Assert.Equal(builtIn.Grad[i], mine.Grad[i], 12);
    }

    [Fact]
    public void DetachedWeightsKeepTheValueButChangeTheGradient()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var through = Run(new SCHaNeLoss(), e, labels);
        var detached = Run(new SCHaNeLoss { Weighting = NegativeWeighting.Exponential(1.0) with { Detached = true } }, e, labels);
        Assert.Equal(through.Value, detached.Value, 12);
        Assert.Contains(through.Grad.Zip(detached.Grad), p => Math.Abs(p.First - p.Second) > 1e-6);
    }

    [Fact]
    public void BetaZeroIsUniform()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var zero = Run(new SCHaNeLoss { Weighting = NegativeWeighting.Exponential(0) }, e, labels);
        var uniform = Run(new SCHaNeLoss { Weighting = NegativeWeighting.Uniform }, e, labels);
        var weightsOfOne = Run(new SCHaNeLoss { Weighting = NegativeWeighting.FromWeights(b => b.Logits.ones_like()) }, e, labels);
        Assert.Equal(uniform.Value, zero.Value, 12);
        Assert.Equal(uniform.Value, weightsOfOne.Value, 12);
    }

    [Fact]
    public void ScheduleSeesTheStep()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var schedule = NegativeWeighting.ExponentialSchedule(step => step < 10 ? 0 : 2);
        var early = Run(new SCHaNeLoss { Weighting = schedule }, e, labels, step: 3);
        var late = Run(new SCHaNeLoss { Weighting = schedule }, e, labels, step: 20);
        Assert.Equal(Run(new SCHaNeLoss { Weighting = NegativeWeighting.Uniform }, e, labels).Value, early.Value, 12);
        Assert.Equal(Run(new SCHaNeLoss { Weighting = NegativeWeighting.Exponential(2) }, e, labels).Value, late.Value, 12);
    }

    [Fact]
    public void TopKKeepsTheHardestNegatives()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch(samples: 6, classes: 2);
        // With k at least the number of negatives, top-k is uniform.
        Assert.Equal(Run(new SCHaNeLoss { Weighting = NegativeWeighting.Uniform }, e, labels).Value,
            Run(new SCHaNeLoss { Weighting = NegativeWeighting.TopK(100) }, e, labels).Value, 12);
        // k = 1: the same as a hand-written "only the most similar negative, weighted |N(i)|".
        var hardestOnly = NegativeWeighting.FromWeights(b =>
        {
            var masked = b.Logits.detach().masked_fill(b.Negatives.logical_not(), double.NegativeInfinity);
            var (top, _) = masked.max(1, keepdim: true);
            var count = b.Negatives.sum(1, keepdim: true).to(ScalarType.Float64);
            return masked.eq(top).to(ScalarType.Float64) * count;
        });
        var expected = Run(new SCHaNeLoss { Weighting = hardestOnly }, e, labels);
        var topOne = Run(new SCHaNeLoss { Weighting = NegativeWeighting.TopK(1) }, e, labels);
        var blocked = Run(new SCHaNeLoss { Weighting = NegativeWeighting.TopK(1), Path = LossPath.Blocked, BlockRows = 4 }, e, labels);
        Assert.Equal(expected.Value, topOne.Value, 12);
        Assert.Equal(expected.Value, blocked.Value, 12);
    }

    [Fact]
    public void BadUserWeightsNameTheFunctionAndTheStep()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var negative = NegativeWeighting.FromWeights(b => b.Logits.ones_like() * -1, "minus-one");
        var shape = NegativeWeighting.FromLogWeights(b => b.Logits.sum(1), "wrong-shape");
        var nan = NegativeWeighting.FromLogWeights(b => b.Logits.ones_like() * double.NaN, "nan");
        var throws = NegativeWeighting.FromLogWeights(_ => throw new InvalidOperationException("boom"), "thrower");
        Assert.Matches("minus-one.*negative weight.*step 5|minus-one.*step 5.*negative",
            Assert.Throws<WeightingException>(() => new SCHaNeLoss { Weighting = negative }.Compute(e, labels, 5)).Message);
        Assert.Contains("expected [24, 24]", Assert.Throws<WeightingException>(() => new SCHaNeLoss { Weighting = shape }.Compute(e, labels)).Message);
        Assert.Contains("'nan' returned NaN", Assert.Throws<WeightingException>(() => new SCHaNeLoss { Weighting = nan }.Compute(e, labels)).Message);
        var thrown = Assert.Throws<WeightingException>(() => new SCHaNeLoss { Weighting = throws }.Compute(e, labels, 9));
        Assert.Contains("'thrower' threw at step 9: boom", thrown.Message);
    }

    [Fact]
    public void A_weighting_can_be_tried_on_a_block_made_by_hand()
    {
        using var scope = NewDisposeScope();
        // One anchor: a positive (column 0) and three negatives with similarities 0.1, 0.5, 0.9.
        var logits = tensor(new double[,] { { 0.7, 0.1, 0.5, 0.9 } });
        var positives = tensor(new bool[,] { { true, false, false, false } });
        var negatives = tensor(new bool[,] { { false, true, true, true } });
        var block = new SimilarityBlock(logits, positives, negatives, temperature: 0.5);
        var weights = NegativeWeighting.Exponential(2.0).LogWeights(block).exp().Values<double>();
        // w_k = |N| · softmax over the negatives of β·s_k.
        double[] s = [0.1, 0.5, 0.9];
        var z = s.Sum(x => Math.Exp(2.0 * x));
        for (var k = 0; k < 3; k++) Assert.Equal(3 * Math.Exp(2.0 * s[k]) / z, weights[k + 1], 12);

        Assert.Contains("bool tensor shaped like logits [1, 4]", Assert.Throws<ArgumentException>(() =>
            new SimilarityBlock(logits, negatives.view(4), negatives)).Message);
        Assert.Contains("floating-point [R, N]", Assert.Throws<ArgumentException>(() => new SimilarityBlock(positives, positives, negatives)).Message);
    }
}
