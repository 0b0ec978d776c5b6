namespace Schane.Core.Tests;

/// <summary>Bad and degenerate inputs: each a clear error or a documented result.</summary>
public class LossInputTests
{
    private static readonly ContrastiveLoss[] LabelLosses = [new SCHaNeLoss(), new SupConLoss()];

    [Fact]
    public void OneClassBatchGivesZeroSCHaNeLossAndZeroGradient()
    {
        using var scope = Torch.NewDisposeScope();
        var e = Torch.Randn([4, 2, 8], DType.Float64).RequiresGrad_();
        var loss = new SCHaNeLoss().Compute(e, Torch.Zeros([4], DType.Int64));
        loss.Backward();
        Assert.Equal(0.0, loss.Item<double>());
        Assert.Equal(0.0, e.Grad!.Abs().Max().Item<double>());
    }

    [Fact]
    public void OneClassBatchGivesAFiniteSupConLoss()
    {
        using var scope = Torch.NewDisposeScope();
        var loss = new SupConLoss().Compute(Torch.Randn([4, 2, 8]), Torch.Zeros([4], DType.Int64));
        Assert.True(double.IsFinite(loss.Item<double>()) && loss.Item<double>() > 0);
    }

    [Fact]
    public void AnchorsWithoutPositivesAreLeftOutNotNaN()
    {
        using var scope = Torch.NewDisposeScope();
        // Rows 0 and 1 share a class; rows 2 and 3 have classes of their own and no positive.
        var e = TestData.Normal(new Random(5), [4, 8]);
        var labels = Torch.FromArray([5L, 5, 6, 7]);
        foreach (var loss in LabelLosses)
        {
            var all = loss.Compute(e, labels).Item<double>();
            // Only anchors 0 and 1 count; 2 and 3 still serve as their negatives. Finite, and the same in both paths.
            var blocked = (loss with { Path = LossPath.Blocked, BlockRows = 1 }).Compute(e, labels).Item<double>();
            Assert.True(double.IsFinite(all), $"{loss}: {all}");
            Assert.Equal(all, blocked, 12);
        }
    }

    [Fact]
    public void NoAnchorWithAPositiveIsAnError()
    {
        using var scope = Torch.NewDisposeScope();
        var e = Torch.Randn([3, 8]);
        var labels = Torch.FromArray([0L, 1, 2]);
        foreach (var loss in LabelLosses)
        {
            var error = Assert.Throws<ArgumentException>(() => loss.Compute(e, labels));
            Assert.Contains("no anchor has a positive", error.Message);
        }
    }

    [Fact]
    public void ASingleRowIsAnError()
    {
        using var scope = Torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Randn([1, 8]), Torch.Zeros([1], DType.Int64)));
        Assert.Contains("at least 2 rows", error.Message);
    }

    [Fact]
    public void OneSampleWithTwoViewsIsFine()
    {
        using var scope = Torch.NewDisposeScope();
        var loss = new SCHaNeLoss().Compute(Torch.Randn([1, 2, 8]), Torch.Zeros([1], DType.Int64));
        Assert.Equal(0.0, loss.Item<double>());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteEmbeddingsAreAnError(double bad)
    {
        using var scope = Torch.NewDisposeScope();
        var e = Torch.Randn([4, 8]);
        e.Select(0, 2).Select(0, 3).Fill_(bad);
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(e, Torch.Zeros([4], DType.Int64)));
        Assert.Contains("NaN or Inf", error.Message);
    }

    [Fact]
    public void LabelCountMustMatch()
    {
        using var scope = Torch.NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Randn([6, 2, 8]), Torch.Zeros([12], DType.Int64)));
        Assert.Contains("12 labels for 6 samples", error.Message);
    }

    [Fact]
    public void RankAndDTypeAreChecked()
    {
        using var scope = Torch.NewDisposeScope();
        var labels = Torch.Zeros([4], DType.Int64);
        Assert.Contains("[N, D] or [B, V, D]", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Randn([4]), labels)).Message);
        Assert.Contains("floating point", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Zeros([4, 3], DType.Int64), labels)).Message);
        Assert.Contains("labels must be integers", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Randn([4, 3]), Torch.Zeros([4]))).Message);
        Assert.Contains("one-dimensional", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(Torch.Randn([4, 3]), Torch.Zeros([4, 1], DType.Int64))).Message);
    }

    [Fact]
    public void InstanceLossesNeedTwoViews()
    {
        using var scope = Torch.NewDisposeScope();
        Assert.Contains("exactly two views", Assert.Throws<ArgumentException>(() => new NTXentLoss().Compute(Torch.Randn([4, 3, 8]), Torch.Zeros([4], DType.Int64))).Message);
        Assert.Contains("two views per sample", Assert.Throws<ArgumentException>(() => new HCLLoss().Compute(Torch.Randn([5, 8]), Torch.Zeros([5], DType.Int64))).Message);
    }
}
