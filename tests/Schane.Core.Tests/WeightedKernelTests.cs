namespace Schane.Core.Tests;

/// <summary>
/// The fused kernel with a weighting's log-weights as its input (SCHaNe and HCL with a script's function, top-k, …)
/// against per-block autograd through the whole loss and against the dense path: the same values and gradients,
/// gradient through the weights included.
/// </summary>
public class WeightedKernelTests
{
    private static (double Value, double[] Grad) Run(ContrastiveLoss loss, Tensor e, Tensor labels, int step = 0)
    {
        using var scope = NewDisposeScope();
        var x = e.detach().requires_grad_();
        var value = loss.Compute(x, labels, step);
        value.backward();
        return (value.ToDouble(), x.grad!.to(ScalarType.Float64).Values<double>());
    }

    private static (Tensor E, Tensor Labels) Batch(ScalarType dtype = ScalarType.Float64, int samples = 14, int classes = 3)
    {
        var random = new Random(11);
        return (TestData.Normal(random, [samples, 2, 16], dtype), TestData.Labels(random, samples, classes));
    }

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var loss in new[] { "schane", "schane-outside", "hcl" })
        foreach (var weighting in new[] { "exp-lambda", "squared-cosine", "detached-lambda", "top-3" })
            data.Add(loss, weighting);
        return data;
    }

    private static NegativeWeighting Weighting(string name) => name switch
    {
        "exp-lambda" => NegativeWeighting.FromLogWeights(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 1.7, b.Negatives), name),
        // Weights (not log-weights) that depend on the similarities: the log is taken, gradient flows through both.
        "squared-cosine" => NegativeWeighting.FromWeights(b => (b.Logits * b.Temperature).pow(2) + 0.25, name),
        "detached-lambda" => NegativeWeighting.FromLogWeights(b => b.Logits * 0.5, name, detached: true),
        "top-3" => NegativeWeighting.TopK(3),
        _ => throw new ArgumentException(name),
    };

    private static ContrastiveLoss Loss(string name, NegativeWeighting weighting) => name switch
    {
        "schane" => new SCHaNeLoss { Weighting = weighting },
        "schane-outside" => new SCHaNeLoss { Weighting = weighting, Positives = PositiveAveraging.OutsideLog },
        "hcl" => new HCLLoss { Weighting = weighting },
        _ => throw new ArgumentException(name),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void TheKernelWithLogWeightsMatchesAutogradThroughTheLoss(string lossName, string weightingName)
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var loss = Loss(lossName, Weighting(weightingName));
        // Blocks of 5 rows: several blocks, and a last one that is shorter.
        var kernel = Run(loss with { Path = LossPath.Blocked, BlockRows = 5 }, e, labels, step: 4);
        var generic = Run(loss with { Path = LossPath.Blocked, BlockRows = 5, UseFusedKernel = false }, e, labels, step: 4);
        var dense = Run(loss with { Path = LossPath.Dense }, e, labels, step: 4);
        Assert.True(double.IsFinite(kernel.Value) && kernel.Value > 0, $"{lossName}/{weightingName}: loss {kernel.Value}");
        Assert.Equal(generic.Value, kernel.Value, 10);
        Assert.Equal(dense.Value, kernel.Value, 10);
        Assert.Contains(kernel.Grad, g => Math.Abs(g) > 1e-6);
        for (var i = 0; i < kernel.Grad.Length; i++)
        {
            Assert.Equal(generic.Grad[i], kernel.Grad[i], 10);
            Assert.Equal(dense.Grad[i], kernel.Grad[i], 10);
        }
    }

    [Fact]
    public void GradientThroughTheWeightsIsCounted()
    {
        // The same log-weights with and without their graph: the values agree, the gradients must not.
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var through = Run(new SCHaNeLoss { Weighting = Weighting("exp-lambda"), Path = LossPath.Blocked }, e, labels);
        var detached = Run(new SCHaNeLoss { Weighting = Weighting("exp-lambda") with { Detached = true }, Path = LossPath.Blocked }, e, labels);
        Assert.Equal(through.Value, detached.Value, 12);
        Assert.Contains(through.Grad.Zip(detached.Grad), p => Math.Abs(p.First - p.Second) > 1e-6);
    }

    [Fact]
    public void Float32MatchesTheFloat64Truth()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        using var e32 = e.to(ScalarType.Float32);
        var weighting = Weighting("exp-lambda");
        var single = Run(new SCHaNeLoss { Weighting = weighting, Path = LossPath.Blocked, BlockRows = 5 }, e32, labels);
        var reference = Run(new SCHaNeLoss { Weighting = weighting, Path = LossPath.Blocked, BlockRows = 5, UseFusedKernel = false }, e, labels);
        LossAssert.Value(reference.Value, single.Value, LossAssert.Tolerance(ScalarType.Float32), "float32 kernel loss");
        LossAssert.Gradient(reference.Grad, single.Grad, LossAssert.Tolerance(ScalarType.Float32), "float32 kernel gradient");
    }

    public static TheoryData<LossPath, bool, PositiveAveraging> EveryPath()
    {
        var data = new TheoryData<LossPath, bool, PositiveAveraging>();
        foreach (var positives in new[] { PositiveAveraging.InsideLog, PositiveAveraging.OutsideLog })
        {
            data.Add(LossPath.Dense, false, positives);
            data.Add(LossPath.Blocked, false, positives);
            data.Add(LossPath.Blocked, true, positives);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPath))]
    public void WeightsOfZeroLeaveNoNegativeTerm(LossPath path, bool fused, PositiveAveraging positives)
    {
        // Every weight 0 (log-weight −∞): Ng = 0, so −log(pos / (pos + Ng)) = 0 for every anchor, with a zero gradient
        // rather than the NaN of a log-sum-exp over nothing but −∞.
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var none = NegativeWeighting.FromWeights(b => b.Logits.zeros_like(), "none");
        var loss = new SCHaNeLoss { Weighting = none, Positives = positives, Path = path, BlockRows = 5, UseFusedKernel = fused };
        var result = Run(loss, e, labels);
        Assert.Equal(0, result.Value, 12);
        Assert.All(result.Grad, g => Assert.Equal(0, g, 12));
    }

    [Fact]
    public void BadLogWeightsAreReportedOnTheKernelPathToo()
    {
        using var scope = NewDisposeScope();
        var (e, labels) = Batch();
        var infinite = NegativeWeighting.FromLogWeights(b => b.Logits.where(b.Negatives.logical_not(), tensor(double.PositiveInfinity, b.Logits.dtype)), "inf");
        var negative = NegativeWeighting.FromWeights(b => b.Logits.ones_like() - 2, "below-zero");
        Assert.Contains("'inf' returned a log-weight of +Inf at step 3",
            Assert.Throws<WeightingException>(() => new SCHaNeLoss { Weighting = infinite, Path = LossPath.Blocked }.Compute(e, labels, 3)).Message);
        Assert.Contains("'below-zero' returned a negative weight at step 7",
            Assert.Throws<WeightingException>(() => new HCLLoss { Weighting = negative, Path = LossPath.Blocked }.Compute(e, labels, 7)).Message);
    }
}

/// <summary>A user's weighting leaves no tensor behind on any path (its log-weights belong to the caller's scope).</summary>
[Collection(nameof(LiveTensorCounting))]
public class WeightingLeakTests
{
    [Fact]
    public void UserWeightingsLeakNoTensors()
    {
        using var e = randn([16, 2, 8]);
        using var labels = randint(0, 3, [16]);
        var weightings = new[]
        {
            NegativeWeighting.FromLogWeights(b => NegativeWeighting.NormalizeOverNegatives(b.Logits * 2.0, b.Negatives), "log"),
            NegativeWeighting.FromWeights(b => b.Logits.exp(), "plain"),
        };
        foreach (var weighting in weightings)
        foreach (var loss in new ContrastiveLoss[] { new SCHaNeLoss { Weighting = weighting }, new HCLLoss { Weighting = weighting } })
        foreach (var (path, fused) in new[] { (LossPath.Dense, true), (LossPath.Blocked, true), (LossPath.Blocked, false) })
        {
            var before = TestData.SettledLiveCount();
            using (var x = e.detach().requires_grad_())
            using (var value = (loss with { Path = path, BlockRows = 5, UseFusedKernel = fused }).Compute(x, labels))
            {
                value.backward();
                x.grad = null;
            }
            Assert.True(before == Tensor.TotalCount, $"{loss} {path} fused={fused}: {Tensor.TotalCount - before} tensors leaked");
        }
    }
}
