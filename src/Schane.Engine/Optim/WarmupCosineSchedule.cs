namespace Schane.Engine.Optim;

/// <summary>
/// Learning rate by step: linear warmup from 0 to <see cref="BaseLearningRate"/> over <see cref="WarmupSteps"/>, then
/// half a cosine down to <see cref="MinLearningRate"/> at <see cref="TotalSteps"/>, and the minimum after that. The
/// schedule of the SCHaNe recipe; in PyTorch, a LambdaLR with this lambda (or LinearLR then CosineAnnealingLR).
/// </summary>
public sealed class WarmupCosineSchedule
{
    /// <summary>Creates the schedule; <paramref name="totalSteps"/> counts the warmup steps too.</summary>
    public WarmupCosineSchedule(double baseLearningRate, long warmupSteps, long totalSteps, double minLearningRate = 0)
    {
        if (!(baseLearningRate >= 0) || double.IsInfinity(baseLearningRate))
            throw new ArgumentOutOfRangeException(nameof(baseLearningRate), baseLearningRate, "invalid learning rate");
        if (!(minLearningRate >= 0 && minLearningRate <= baseLearningRate))
            throw new ArgumentOutOfRangeException(nameof(minLearningRate), minLearningRate, "the minimum must lie in [0, base learning rate]");
        ArgumentOutOfRangeException.ThrowIfNegative(warmupSteps);
        ArgumentOutOfRangeException.ThrowIfLessThan(totalSteps, Math.Max(warmupSteps, 1));
        BaseLearningRate = baseLearningRate;
        MinLearningRate = minLearningRate;
        WarmupSteps = warmupSteps;
        TotalSteps = totalSteps;
    }

    /// <summary>The peak rate, reached at the end of the warmup.</summary>
    public double BaseLearningRate { get; }

    /// <summary>The final rate.</summary>
    public double MinLearningRate { get; }

    /// <summary>Steps of linear warmup.</summary>
    public long WarmupSteps { get; }

    /// <summary>Steps until the minimum is reached (warmup included).</summary>
    public long TotalSteps { get; }

    /// <summary>The rate for step <paramref name="step"/> (0-based): base · step / warmup during warmup, then the cosine.</summary>
    public double LearningRateAt(long step)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(step);
        if (step < WarmupSteps) return BaseLearningRate * step / WarmupSteps;
        if (step >= TotalSteps) return MinLearningRate;
        var progress = (double)(step - WarmupSteps) / (TotalSteps - WarmupSteps);
        return MinLearningRate + (BaseLearningRate - MinLearningRate) * 0.5 * (1 + Math.Cos(Math.PI * progress));
    }

    /// <summary>Sets <paramref name="optimizer"/>'s learning rate for step <paramref name="step"/> and returns it.</summary>
    public double Apply(Optimizer optimizer, long step)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var lr = LearningRateAt(step);
        optimizer.LearningRate = lr;
        return lr;
    }
}
