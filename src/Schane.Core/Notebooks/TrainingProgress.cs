using System.Diagnostics;
using Schane.Core.Training;

namespace Schane.Core.Notebooks;

/// <summary>
/// A training run shown live below its cell, in whichever notebook hosts it (<see cref="NotebookHost"/>): a
/// <see cref="TrainingStatus"/> replaced in place at most every <see cref="Interval"/> and once more at the end.
/// </summary>
public sealed class TrainingProgress : IDisposable
{
    private readonly Trainer trainer;
    private readonly Action<object?> update;
    private readonly Stopwatch sinceUpdate = Stopwatch.StartNew();
    private readonly object gate = new();
    private StepReport? last;
    private string note = "";
    private int target;

    /// <summary>Starts showing <paramref name="trainer"/>'s progress below the running cell (outside a notebook, nowhere).</summary>
    public TrainingProgress(Trainer trainer)
    {
        this.trainer = trainer;
        target = trainer.TotalSteps;
        update = NotebookHost.Display(new TrainingStatus(null, target, "starting"));
        trainer.StepCompleted += OnStep;
        trainer.ObjectiveChanged += OnObjectiveChanged;
        trainer.ObjectiveRejected += OnObjectiveRejected;
    }

    /// <summary>The shortest time between two updates of the display.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// Trains (<see cref="Trainer.Run"/>) for at most <paramref name="epochs"/> more epochs while showing progress.
    /// An interrupt of the cell (<see cref="NotebookHost.Cancellation"/>), or <paramref name="cancellation"/>, stops
    /// the run at the next step with a checkpoint and returns <see cref="TrainingOutcome.Cancelled"/>.
    /// </summary>
    public static TrainingOutcome Run(Trainer trainer, int? epochs = null, CancellationToken cancellation = default)
    {
        using var progress = new TrainingProgress(trainer);
        progress.target = epochs is { } e ? Math.Min(trainer.TotalSteps, (trainer.Epoch + e) * trainer.StepsPerEpoch) : trainer.TotalSteps;
        using var either = CancellationTokenSource.CreateLinkedTokenSource(NotebookHost.Cancellation, cancellation);
        var outcome = trainer.Run(either.Token, epochs);
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
            update(new TrainingStatus(report, target, note));
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
        lock (gate) update(new TrainingStatus(last, target, note.Length > 0 ? $"{status}; {note}" : status));
    }

    /// <summary>Stops following the trainer (the display keeps its last state).</summary>
    public void Dispose()
    {
        trainer.StepCompleted -= OnStep;
        trainer.ObjectiveChanged -= OnObjectiveChanged;
        trainer.ObjectiveRejected -= OnObjectiveRejected;
    }
}
