using Schane.Engine.Optim;

namespace Schane.Engine.Tests;

public class WarmupCosineScheduleTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.05)]
    [InlineData(9, 0.09)]
    [InlineData(10, 0.1)]
    [InlineData(60, 0.0505)]     // halfway down the cosine: the mean of base and minimum
    [InlineData(110, 0.001)]
    [InlineData(500, 0.001)]
    public void ValuesAtLandmarks(long step, double expected)
    {
        var schedule = new WarmupCosineSchedule(0.1, warmupSteps: 10, totalSteps: 110, minLearningRate: 0.001);
        Assert.Equal(expected, schedule.LearningRateAt(step), 12);
    }

    [Fact]
    public void CosineQuarterAndShapeOfTheCurve()
    {
        var schedule = new WarmupCosineSchedule(0.1, warmupSteps: 10, totalSteps: 110, minLearningRate: 0.001);
        // A quarter of the way down: min + (base − min) · (1 + cos(π/4)) / 2.
        Assert.Equal(0.001 + 0.099 * (1 + Math.Sqrt(0.5)) / 2, schedule.LearningRateAt(35), 12);
        var rates = Enumerable.Range(0, 130).Select(s => schedule.LearningRateAt(s)).ToArray();
        for (var s = 1; s <= 10; s++) Assert.True(rates[s] > rates[s - 1], $"warmup must rise at step {s}");
        for (var s = 11; s < 130; s++) Assert.True(rates[s] <= rates[s - 1], $"the cosine must not rise at step {s}");
    }

    [Fact]
    public void NoWarmupStartsAtTheBaseRate()
    {
        var schedule = new WarmupCosineSchedule(2e-4, warmupSteps: 0, totalSteps: 4);
        Assert.Equal([2e-4, 1e-4 * (1 + Math.Sqrt(0.5)), 1e-4, 1e-4 * (1 - Math.Sqrt(0.5)), 0],
            Enumerable.Range(0, 5).Select(s => schedule.LearningRateAt(s)).ToArray(), new ToleranceComparer(1e-15));
    }

    [Fact]
    public void ApplySetsTheOptimizerRate()
    {
        using var scope = Torch.NewDisposeScope();
        using var sgd = new SGD([Torch.Zeros([1]).RequiresGrad_()], 1.0);
        var schedule = new WarmupCosineSchedule(0.5, warmupSteps: 4, totalSteps: 8);
        Assert.Equal(0.25, schedule.Apply(sgd, 2));
        Assert.Equal(0.25, sgd.LearningRate);
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(-1, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(0.1, 20, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(0.1, 0, 10, minLearningRate: 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => new WarmupCosineSchedule(0.1, 0, 10).LearningRateAt(-1));
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
