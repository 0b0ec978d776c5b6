using Schane.Core.Losses;
using Schane.Core.Training;
using Schane.Scripting;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane train --weighting w.csx [--watch]`: the script's weighting replaces the exponential one; with --watch, every
/// save recompiles it in the background and the trainer swaps it in at its next step. Every swap is logged with its
/// step and the script's hash; a script that does not compile, or whose weighting fails on its first step, leaves the
/// previous weighting running and its diagnostics on stderr.
/// </summary>
internal sealed class LiveWeighting : IDisposable
{
    private readonly string? path;
    private readonly bool watch;
    private readonly RunProgress progress;
    private readonly NegativeWeighting? initial;
    private WeightingWatcher? watcher;

    public LiveWeighting(string? path, bool watch, RunProgress progress)
    {
        this.path = string.IsNullOrEmpty(path) ? null : path;
        this.watch = watch;
        this.progress = progress;
        if (this.path is not null) initial = WeightingScript.Load(this.path);
    }

    /// <summary>The run's hooks: the script's weighting in the objective, and the watcher on the trainer.</summary>
    public Schane.Experiments.FineTuning.RunHooks Hooks => initial is null
        ? progress.Hooks
        : progress.HooksWith(objective => objective.WithWeighting(initial), watch ? Watch : null);

    private void Watch(Trainer trainer)
    {
        var name = Path.GetFileName(path!);
        watcher?.Dispose();
        watcher = new WeightingWatcher(path!);
        progress.Stage($"watching {name} (sha256 {watcher.Hash}): saving it swaps the weighting in at the next step");
        watcher.Compiled += update =>
        {
            trainer.Objective = trainer.Objective.WithWeighting(update.Weighting);
            progress.Stage($"{name} changed (sha256 {update.Hash}): compiled {update.Weighting}; it takes over at the next step");
        };
        watcher.Failed += failure =>
        {
            progress.Stage($"{name} changed (sha256 {failure.Hash}) but cannot be used; training goes on with the previous weighting");
            Console.Error.WriteLine(failure.Message);
        };
        trainer.ObjectiveChanged += change =>
            progress.Stage($"step {change.Step}: training with {change.Objective.Contrastive.Name} (sha256 {watcher.Hash})");
        trainer.ObjectiveRejected += rejection =>
        {
            progress.Stage($"step {rejection.Step}: the new weighting failed on its first call; training goes on with the previous one");
            Console.Error.WriteLine(rejection.Error.Message);
        };
    }

    public void Dispose() => watcher?.Dispose();
}
