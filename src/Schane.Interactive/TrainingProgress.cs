using System.Diagnostics;
using System.Globalization;
using System.Net;
using Schane.Core.Training;

namespace Schane.Interactive;

/// <summary>
/// A training run shown live below its cell: a progress bar with the step, epoch, losses, batch accuracy and pace,
/// replaced in place (update_display_data) at most every <see cref="Interval"/> and once more at the end.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private readonly Trainer trainer;
    private readonly DisplayHandle display;
    private readonly Stopwatch sinceUpdate = Stopwatch.StartNew();
    private readonly object gate = new();
    private StepReport? last;
    private string note = "";
    private int? target;

    /// <summary>Starts showing <paramref name="trainer"/>'s progress below the running cell.</summary>
    /// <exception cref="InvalidOperationException">No notebook cell is running.</exception>
    public TrainingProgress(Trainer trainer)
    {
        this.trainer = trainer;
        display = Cell.Show(Render(null, "starting"));
        trainer.StepCompleted += OnStep;
        trainer.ObjectiveChanged += OnObjectiveChanged;
        trainer.ObjectiveRejected += OnObjectiveRejected;
    }

    /// <summary>The shortest time between two updates of the display.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Trains (<see cref="Trainer.Run"/>) for at most <paramref name="epochs"/> more epochs while showing progress;
    /// an interrupt of the cell stops the run at the next step with a checkpoint.
    /// </summary>
    public static TrainingOutcome Run(Trainer trainer, int? epochs = null)
    {
        var target = epochs is { } e ? Math.Min(trainer.TotalSteps, (trainer.Epoch + e) * trainer.StepsPerEpoch) : trainer.TotalSteps;
        using var progress = new TrainingProgress(trainer) { target = target };
        var outcome = trainer.Run(Cell.Cancellation, epochs);
        progress.Finish(outcome == TrainingOutcome.Cancelled ? "interrupted: stopped with a checkpoint" : "done");
        return outcome;
    }

    private void OnStep(StepReport report)
    {
        lock (gate)
        {
            last = report;
            if (sinceUpdate.Elapsed < Interval) return;
            sinceUpdate.Restart();
            display.Replace(Render(report, note, target));
        }
    }

    private void OnObjectiveChanged(ObjectiveChange change)
    {
        lock (gate) note = $"step {change.Step}: now {Trainer.Describe(change.Objective)}";
    }

    private void OnObjectiveRejected(ObjectiveRejection rejection)
    {
        lock (gate) note = $"step {rejection.Step}: rejected {Trainer.Describe(rejection.Rejected)}: {rejection.Error.Message}";
    }

    /// <summary>Shows the final state with <paramref name="status"/>.</summary>
    public void Finish(string status)
    {
        lock (gate) display.Replace(Render(last, note.Length > 0 ? $"{status}; {note}" : status, target));
    }

    // The bar runs to the run's last step, or to where a Run(epochs) stops.
    private static IReadOnlyDictionary<string, string> Render(StepReport? r, string status, int? target = null)
    {
        var end = target ?? r?.TotalSteps ?? 0;
        string F(double x, string format = "0.0000") => x.ToString(format, CultureInfo.InvariantCulture);
        var plain = r == null
            ? $"training: {status}"
            : $"step {r.Step}/{end} epoch {r.Epoch + 1} loss {F(r.Loss)} (contrastive {F(r.Contrastive)}, CE {F(r.CrossEntropy)}) " +
              $"acc {F(100 * r.Accuracy, "0.0")}% {F(r.ImagesPerSecond, "0")} img/s, {r.Remaining:hh\\:mm\\:ss} left" + (status.Length > 0 ? $" — {status}" : "");
        var html = r == null
            ? $"<div><progress value=\"0\" max=\"1\"></progress> training: {WebUtility.HtmlEncode(status)}</div>"
            : $"<div><progress value=\"{r.Step}\" max=\"{end}\"></progress> step {r.Step}/{end}, epoch {r.Epoch + 1}" +
              $"<br/>loss <b>{F(r.Loss)}</b> (contrastive {F(r.Contrastive)}, cross-entropy {F(r.CrossEntropy)}), batch accuracy {F(100 * r.Accuracy, "0.0")}%" +
              $"<br/>{F(r.ImagesPerSecond, "0")} images/s, {r.Remaining:hh\\:mm\\:ss} left" +
              (status.Length > 0 ? $"<br/><i>{WebUtility.HtmlEncode(status)}</i>" : "") + "</div>";
        return new Dictionary<string, string> { ["text/html"] = html, ["text/plain"] = plain };
    }

    /// <summary>Stops following the trainer (the display keeps its last state).</summary>
    public void Dispose()
    {
        trainer.StepCompleted -= OnStep;
        trainer.ObjectiveChanged -= OnObjectiveChanged;
        trainer.ObjectiveRejected -= OnObjectiveRejected;
    }
}
