using Schane.Core.Display;
using Schane.Core.Training;

namespace Schane.Core.Notebooks;

/// <summary>
/// A training run's state as a notebook shows it: a progress bar to <see cref="TargetStep"/> with the step, epoch,
/// losses, batch accuracy and pace of <see cref="Last"/>, and a status line. It renders by the display convention
/// (HTML and text), so every notebook host shows it the same.
/// </summary>
/// <param name="Last">The last step's report (null before the first step).</param>
/// <param name="TargetStep">The step the bar runs to.</param>
/// <param name="Status">What is happening ("starting", "done", "interrupted: …", an objective change).</param>
[TypeFormatterSource(typeof(TrainingStatusFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TrainingStatus(StepReport? Last, int TargetStep, string Status)
{
    /// <summary>One line: step, epoch, losses, accuracy, pace and status.</summary>
    public override string ToString() => TrainingStatusView.Text(this);
}
