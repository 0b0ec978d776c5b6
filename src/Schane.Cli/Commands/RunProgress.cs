using Schane.Core.Losses;
using Schane.Core.Training;
using Schane.Experiments;
using Spectre.Console;

namespace Schane.Cli.Commands;

/// <summary>
/// Shows a run while it works: on a terminal, a live Spectre.Console display with one row per stage and a progress bar
/// for training (epoch, loss, accuracy, images/s, ETA); otherwise (a pipe, a log) one line per stage and per epoch on
/// stderr. The run itself goes on a worker thread; this thread only draws.
/// </summary>
internal sealed class RunProgress
{
    private readonly object gate = new();
    private readonly List<string> stages = [];
    private StepReport? lastStep;
    private int trainings; // trainers attached so far: each gets its own progress row
    private readonly bool live;
    private readonly bool quiet;

    /// <summary>A display on this terminal (or lines on stderr); <paramref name="quiet"/> shows nothing (a rank other than 0).</summary>
    public RunProgress(bool quiet = false)
    {
        this.quiet = quiet;
        live = !quiet && AnsiConsole.Profile.Capabilities.Interactive && !Console.IsErrorRedirected;
    }

    /// <summary>The hooks to pass to the run.</summary>
    public FineTuning.RunHooks Hooks => new(null, Attach, Stage);

    /// <summary>Hooks that also change the objective and hand the trainer to <paramref name="onTraining"/>.</summary>
    public FineTuning.RunHooks HooksWith(Func<Objective, Objective>? objective, Action<Trainer>? onTraining) =>
        new(objective, onTraining is null ? Attach : trainer => { Attach(trainer); onTraining(trainer); }, Stage);

    /// <summary>Shows a line: a row of the live display, or a line on stderr.</summary>
    public void Stage(string text)
    {
        lock (gate) stages.Add(text);
        if (!live && !quiet) Console.Error.WriteLine($"schane: {text}");
    }

    private void Attach(Trainer trainer)
    {
        lock (gate)
        {
            trainings++;
            lastStep = null;
        }
        trainer.StepCompleted += step => { lock (gate) lastStep = step; };
        if (quiet) return;
        if (!live)
        {
            trainer.EpochCompleted += e => Console.Error.WriteLine(
                $"schane: epoch {e.Epoch + 1}/{e.Epochs}: loss {e.Loss:F4} (contrastive {e.Contrastive:F4}, CE {e.CrossEntropy:F4}), " +
                $"accuracy {e.Accuracy:P1}, {e.Elapsed.TotalSeconds:F0} s");
        }
        trainer.CheckpointSaved += c =>
        {
            if (c.Reason == "cancelled") Console.Error.WriteLine($"schane: stopped at step {c.Step}; checkpoint saved to {c.Path}");
        };
    }

    /// <summary>Runs <paramref name="work"/> on a worker thread while drawing its progress; returns its result or rethrows.</summary>
    public T Run<T>(Func<T> work)
    {
        var task = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        if (live)
        {
            AnsiConsole.Progress()
                .AutoClear(false)
                .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                    new RemainingTimeColumn(), new SpinnerColumn())
                .Start(context => Draw(context, task));
        }
        return task.GetAwaiter().GetResult();
    }

    private void Draw(ProgressContext context, Task task)
    {
        var shown = 0;
        var drawnTrainings = 0;
        ProgressTask? stageRow = null, trainingRow = null;
        while (true)
        {
            var done = task.Wait(100);
            lock (gate)
            {
                for (; shown < stages.Count; shown++)
                {
                    if (stageRow is not null) stageRow.Value = stageRow.MaxValue;
                    stageRow = context.AddTask(Markup.Escape(stages[shown])).IsIndeterminate();
                }
                if (drawnTrainings != trainings)
                {
                    drawnTrainings = trainings;
                    trainingRow = null;
                }
                if (lastStep is { } s)
                {
                    if (trainingRow is null)
                    {
                        if (stageRow is not null) stageRow.Value = stageRow.MaxValue;
                        stageRow = null;
                        trainingRow = context.AddTask("training", maxValue: s.TotalSteps);
                    }
                    trainingRow.Value = s.Step;
                    trainingRow.Description = Markup.Escape(
                        $"epoch {s.Epoch + 1} step {s.Step}/{s.TotalSteps}  loss {s.Loss:F4}  acc {s.Accuracy:P1}  {s.ImagesPerSecond:F0} img/s");
                    lastStep = null;
                }
            }
            if (done)
            {
                if (stageRow is not null) stageRow.Value = stageRow.MaxValue;
                return;
            }
        }
    }
}
