using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>Schane.Core.Training.WarmupCosine: its factors, and the LambdaLR it puts on a TorchSharp optimizer (from Engine.Tests).</summary>
public class WarmupCosineTests
{
    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(5, 0.05)]
    [InlineData(9, 0.09)]
    [InlineData(10, 0.1)]
    [InlineData(60, 0.0505)]     // halfway down the cosine: the mean of base and minimum
    [InlineData(110, 0.001)]
    [InlineData(500, 0.001)]
    public void RatesAtLandmarks(long step, double expected)
    {
        Assert.Equal(expected, 0.1 * WarmupCosine.Factor(step, warmupSteps: 10, totalSteps: 110, minRatio: 0.01), 12);
        // The scheduler positioned at that step gives the same rate.
        using var sgd = Sgd(0.1);
        WarmupCosine.Scheduler(sgd, warmupSteps: 10, totalSteps: 110, minLearningRate: 0.001, step: (int)step);
        Assert.Equal(expected, sgd.ParamGroups.First().LearningRate, 12);
    }

    private static optim.Optimizer Sgd(double lr) => optim.SGD([new TorchSharp.Modules.Parameter(zeros(1))], lr);

    [Fact]
    public void CosineQuarterAndShapeOfTheCurve()
    {
        double Rate(long s) => 0.1 * WarmupCosine.Factor(s, 10, 110, 0.01);
        // A quarter of the way down: min + (base − min) · (1 + cos(π/4)) / 2.
        Assert.Equal(0.001 + 0.099 * (1 + Math.Sqrt(0.5)) / 2, Rate(35), 12);
        var rates = Enumerable.Range(0, 130).Select(s => Rate(s)).ToArray();
        for (var s = 1; s <= 10; s++) Assert.True(rates[s] > rates[s - 1], $"warmup must rise at step {s}");
        for (var s = 11; s < 130; s++) Assert.True(rates[s] <= rates[s - 1], $"the cosine must not rise at step {s}");
    }

    [Fact]
    public void TheSchedulerStepsTheOptimizersRateAlongTheCurve()
    {
        using var sgd = Sgd(2e-4);
        var scheduler = WarmupCosine.Scheduler(sgd, warmupSteps: 0, totalSteps: 4, minLearningRate: 0);
        var rates = new List<double>();
        for (var s = 0; s < 6; s++)
        {
            rates.Add(sgd.ParamGroups.First().LearningRate);
            sgd.step();
            scheduler.step();
        }
        double[] expected = [2e-4, 1e-4 * (1 + Math.Sqrt(0.5)), 1e-4, 1e-4 * (1 - Math.Sqrt(0.5)), 0, 0];
        for (var s = 0; s < expected.Length; s++) Assert.True(Math.Abs(expected[s] - rates[s]) <= 1e-15, $"step {s}: {rates[s]:R}, expected {expected[s]:R}");
    }

    [Fact]
    public void AResumedSchedulerContinuesWhereTheFirstStopped()
    {
        using var straight = Sgd(0.5);
        var first = WarmupCosine.Scheduler(straight, warmupSteps: 4, totalSteps: 20, minLearningRate: 0.01);
        for (var s = 0; s < 7; s++) first.step();
        using var resumed = Sgd(0.5);
        var second = WarmupCosine.Scheduler(resumed, warmupSteps: 4, totalSteps: 20, minLearningRate: 0.01, step: 7);
        for (var s = 7; s < 12; s++)
        {
            Assert.Equal(straight.ParamGroups.First().LearningRate, resumed.ParamGroups.First().LearningRate, 15);
            first.step();
            second.step();
        }
    }

    [Fact]
    public void InvalidSettingsAreRejected()
    {
        using var sgd = Sgd(0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Scheduler(Sgd(0), 0, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Scheduler(sgd, 20, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Scheduler(sgd, 0, 10, minLearningRate: 0.2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Scheduler(sgd, -1, 10, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Scheduler(sgd, 0, 10, 0, step: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => WarmupCosine.Factor(-1, 0, 10, 0));
    }
}
