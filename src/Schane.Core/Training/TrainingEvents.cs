namespace Schane.Core.Training;

/// <summary>What one optimisation step did: its losses, the training accuracy of its batch, and the pace so far.</summary>
/// <param name="Step">Steps completed, this one included (1-based).</param>
/// <param name="TotalSteps">Steps in the whole run.</param>
/// <param name="Epoch">The epoch this step belongs to (0-based).</param>
/// <param name="Loss">The objective λ·contrastive + (1 − λ)·cross-entropy.</param>
/// <param name="Contrastive">The contrastive term.</param>
/// <param name="CrossEntropy">The cross-entropy term (over all views).</param>
/// <param name="Accuracy">Classifier accuracy on the batch's views, in [0, 1].</param>
/// <param name="LearningRate">The learning rate the step used.</param>
/// <param name="GradientNorm">The gradients' global L2 norm before clipping (NaN when clipping is off).</param>
/// <param name="ImagesPerSecond">Training images (not views) per second since this run started or resumed.</param>
/// <param name="Remaining">Estimated time to the end of the run at that pace.</param>
public sealed record StepReport(int Step, int TotalSteps, int Epoch, double Loss, double Contrastive, double CrossEntropy,
    double Accuracy, double LearningRate, double GradientNorm, double ImagesPerSecond, TimeSpan Remaining);

/// <summary>The means of an epoch's steps.</summary>
/// <param name="Epoch">The epoch (0-based).</param>
/// <param name="Epochs">Epochs in the whole run.</param>
/// <param name="Loss">Mean objective.</param>
/// <param name="Contrastive">Mean contrastive term.</param>
/// <param name="CrossEntropy">Mean cross-entropy term.</param>
/// <param name="Accuracy">Mean batch accuracy.</param>
/// <param name="Elapsed">Time the epoch took (in this process).</param>
public sealed record EpochReport(int Epoch, int Epochs, double Loss, double Contrastive, double CrossEntropy, double Accuracy, TimeSpan Elapsed);

/// <summary>A checkpoint written to <paramref name="Path"/> after <paramref name="Step"/> steps.</summary>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Step">Steps it holds.</param>
/// <param name="Reason">Why it was written: "epoch", "cancelled", or "requested".</param>
public sealed record CheckpointReport(string Path, int Step, string Reason);

/// <summary>A new <see cref="Trainer.Objective"/> completed its first step.</summary>
/// <param name="Step">The step (1-based) that first used it.</param>
/// <param name="Objective">The objective now in use.</param>
public sealed record ObjectiveChange(int Step, Losses.Objective Objective);

/// <summary>
/// A new <see cref="Trainer.Objective"/> failed on its first step (its weighting threw, or gave weights of the wrong
/// shape, NaN or negative); the trainer went back to the previous one and ran the step with it.
/// </summary>
/// <param name="Step">The step (1-based) it failed on.</param>
/// <param name="Rejected">The objective that failed.</param>
/// <param name="Error">Why.</param>
public sealed record ObjectiveRejection(int Step, Losses.Objective Rejected, Losses.WeightingException Error);

/// <summary>How <see cref="Trainer.Run"/> ended.</summary>
public enum TrainingOutcome
{
    /// <summary>All steps ran (or the requested number of epochs).</summary>
    Completed,

    /// <summary>The cancellation token fired; the run stopped at a step boundary and saved a checkpoint.</summary>
    Cancelled,
}
