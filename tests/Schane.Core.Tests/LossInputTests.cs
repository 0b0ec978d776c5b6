namespace Schane.Core.Tests;

/// <summary>Bad and degenerate inputs: each a clear error or a documented result.</summary>
public class LossInputTests
{
    private static readonly ContrastiveLoss[] LabelLosses = [new SCHaNeLoss(), new SupConLoss()];

    [Fact]
    public void OneClassBatchGivesZeroSCHaNeLossAndZeroGradient()
    {
        using var scope = NewDisposeScope();
        var e = randn([4, 2, 8], ScalarType.Float64).requires_grad_();
        var loss = new SCHaNeLoss().Compute(e, zeros([4], ScalarType.Int64));
        loss.backward();
        Assert.Equal(0.0, loss.ToDouble());
        Assert.Equal(0.0, e.grad!.abs().max().ToDouble());
    }

    [Fact]
    public void OneClassBatchGivesAFiniteSupConLoss()
    {
        using var scope = NewDisposeScope();
        var loss = new SupConLoss().Compute(randn([4, 2, 8]), zeros([4], ScalarType.Int64));
        Assert.True(double.IsFinite(loss.ToDouble()) && loss.ToDouble() > 0);
    }

    [Fact]
    public void AnchorsWithoutPositivesAreLeftOutNotNaN()
    {
        using var scope = NewDisposeScope();
        // Rows 0 and 1 share a class; rows 2 and 3 have classes of their own and no positive.
        var e = TestData.Normal(new Random(5), [4, 8]);
        var labels = tensor([5L, 5, 6, 7]);
        foreach (var loss in LabelLosses)
        {
            var all = loss.Compute(e, labels).ToDouble();
            // Only anchors 0 and 1 count; 2 and 3 still serve as their negatives. Finite, and the same in both paths.
            var blocked = (loss with { Path = LossPath.Blocked, BlockRows = 1 }).Compute(e, labels).ToDouble();
            Assert.True(double.IsFinite(all), $"{loss}: {all}");
            Assert.Equal(all, blocked, 12);
        }
    }

    [Fact]
    public void NoAnchorWithAPositiveIsAnError()
    {
        using var scope = NewDisposeScope();
        var e = randn([3, 8]);
        var labels = tensor([0L, 1, 2]);
        foreach (var loss in LabelLosses)
        {
            var error = Assert.Throws<ArgumentException>(() => loss.Compute(e, labels));
            Assert.Contains("no anchor has a positive", error.Message);
        }
    }

    [Fact]
    public void ASingleRowIsAnError()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(randn([1, 8]), zeros([1], ScalarType.Int64)));
        Assert.Contains("at least 2 rows", error.Message);
    }

    [Fact]
    public void OneSampleWithTwoViewsIsFine()
    {
        using var scope = NewDisposeScope();
        var loss = new SCHaNeLoss().Compute(randn([1, 2, 8]), zeros([1], ScalarType.Int64));
        Assert.Equal(0.0, loss.ToDouble());
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void NonFiniteEmbeddingsAreAnError(double bad)
    {
        using var scope = NewDisposeScope();
        var e = randn([4, 8]);
        e.select(0, 2).select(0, 3).fill_(bad);
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(e, zeros([4], ScalarType.Int64)));
        Assert.Contains("NaN or Inf", error.Message);
    }

    [Fact]
    public void LabelCountMustMatch()
    {
        using var scope = NewDisposeScope();
        var error = Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(randn([6, 2, 8]), zeros([12], ScalarType.Int64)));
        Assert.Contains("12 labels for 6 samples", error.Message);
    }

    [Fact]
    public void RankAndDTypeAreChecked()
    {
        using var scope = NewDisposeScope();
        var labels = zeros([4], ScalarType.Int64);
        Assert.Contains("[N, D] or [B, V, D]", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(randn([4]), labels)).Message);
        Assert.Contains("floating point", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(zeros([4, 3], ScalarType.Int64), labels)).Message);
        Assert.Contains("labels must be integers", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(randn([4, 3]), zeros([4]))).Message);
        Assert.Contains("one-dimensional", Assert.Throws<ArgumentException>(() => new SCHaNeLoss().Compute(randn([4, 3]), zeros([4, 1], ScalarType.Int64))).Message);
    }

    [Fact]
    public void InstanceLossesNeedTwoViews()
    {
        using var scope = NewDisposeScope();
        Assert.Contains("exactly two views", Assert.Throws<ArgumentException>(() => new NTXentLoss().Compute(randn([4, 3, 8]), zeros([4], ScalarType.Int64))).Message);
        Assert.Contains("two views per sample", Assert.Throws<ArgumentException>(() => new HCLLoss().Compute(randn([5, 8]), zeros([5], ScalarType.Int64))).Message);
    }
}
