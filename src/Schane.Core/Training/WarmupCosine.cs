using static TorchSharp.torch;

namespace Schane.Core.Training;

/// <summary>
/// The SCHaNe recipe's learning-rate schedule as a TorchSharp LambdaLR: linear warmup from 0 to the base rate over
/// <c>warmupSteps</c>, then half a cosine down to <c>minLearningRate</c> at <c>totalSteps</c>, and the minimum after that.
/// The rate of step s is base · <see cref="Factor"/>(s), a pure function of s, so a resumed run sets it again from
/// its step (schedulers have no state dict in TorchSharp).
/// </summary>
public static class WarmupCosine
{
    /// <summary>
    /// A LambdaLR on <paramref name="optimizer"/> (whose learning rate is the base rate), positioned so that its
    /// current rate is that of step <paramref name="step"/> (0-based; last_epoch = step − 1).
    /// </summary>
    public static optim.lr_scheduler.LRScheduler Scheduler(optim.Optimizer optimizer, long warmupSteps, long totalSteps,
        double minLearningRate, int step = 0)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var baseRate = optimizer.ParamGroups.First().InitialLearningRate;
        if (!(baseRate > 0) || double.IsInfinity(baseRate))
            throw new ArgumentOutOfRangeException(nameof(optimizer), baseRate, "the optimizer's base learning rate must be positive");
        if (!(minLearningRate >= 0 && minLearningRate <= baseRate))
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "the minimum must lie in [0, base learning rate]");
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, Math.Max(warmupSteps, 1));
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        var minRatio = minLearningRate / baseRate;
        return optim.lr_scheduler.LambdaLR(optimizer, s => Factor(s, warmupSteps, totalSteps, minRatio), last_epoch: step - 1);
    }

    /// <summary>
    /// The multiple of the base rate at <paramref name="step"/>: step / warmup during warmup, then
    /// minRatio + (1 − minRatio) · ½(1 + cos(π · progress)), then minRatio.
    /// </summary>
    public static double Factor(long step, long warmupSteps, long totalSteps, double minRatio)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < warmupSteps) return (double)step / warmupSteps;
        if (step >= totalSteps) return minRatio;
        var progress = (double)(step - warmupSteps) / (totalSteps - warmupSteps);
        return minRatio + (1 - minRatio) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }
}
