namespace Schane.Core.Training;

/// <summary>
/// The objective became NaN or infinite. The step was not applied, so the weights (and the last checkpoint on disk)
/// are those of the last good step.
/// </summary>
public sealed class TrainingDivergedException : Exception
{
    /// <summary>Creates the exception for <paramref name="step"/> (1-based) and the first non-finite <paramref name="term"/>.</summary>
    public TrainingDivergedException(int step, string term, string message) : base(message)
    {
        Step = step;
        Term = term;
    }

    /// <summary>The step whose loss was not finite (1-based).</summary>
    public int Step { get; }

    /// <summary>"contrastive" or "cross-entropy": the term that was not finite.</summary>
    public string Term { get; }
}
