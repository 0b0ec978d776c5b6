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

    /// <summary>
    /// The weighting of <paramref name="path"/> (none without one). In a data-parallel run
    /// (<paramref name="distributed"/>) every rank loads and watches the script, and each version's weighting is named
    /// with its hash, so that the ranks swap it in together once all of them have compiled it.
    /// </summary>
    public LiveWeighting(string? path, bool watch, RunProgress progress, bool distributed = false)
    {
        this.path = string.IsNullOrEmpty(path) ? null : path;
        this.watch = watch;
        this.progress = progress;
        this.distributed = distributed;
        if (this.path is not null) initial = Versioned(WeightingScript.Load(this.path), WeightingWatcher.HashOf(File.ReadAllBytes(this.path)));
    }

    private readonly bool distributed;

    private NegativeWeighting Versioned(NegativeWeighting weighting, string hash) =>
        distributed ? new VersionedWeighting(weighting, hash) : weighting;

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
            trainer.Objective = trainer.Objective.WithWeighting(Versioned(update.Weighting, update.Hash));
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
