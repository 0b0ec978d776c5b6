using System.CommandLine;
using Schane.Core.Distributed;
using Schane.Core.Training;
using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane train`: a fine-tuning run end to end (data, training with checkpoints, few-shot and full evaluation, report).
/// With no arguments, the default job: SCHaNe + CE on Fashion-MNIST's base classes with the small ResNet.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var settings = new RunSettings();
        var watch = new Option<bool>("--watch") { Description = "With --weighting: recompile the script whenever it is saved and swap it in at the next step; a script that fails keeps the previous weighting." };
        var resume = new Option<FileInfo?>("--resume") { Description = "Continue the run of this checkpoint (runs/<name>/checkpoint.pt) with its settings; --epochs may extend it." };
        var command = new Command("train", "Fine-tune with λ·contrastive + (1−λ)·CE, evaluate few-shot and full-dataset accuracy, and write runs/<name>/.");
        settings.AddTo(command);
        command.Options.Add(resume);
        command.Options.Add(watch);
        command.SetAction(parse =>
        {
            var collective = DistributedRun.Start();
            return DistributedRun.Guard("train", collective, () => Train(parse, collective));
        });
        return command;

        int Train(ParseResult parse, ICollective collective)
        {
            var resumeFile = parse.GetValue(resume)?.FullName;
            var config = resumeFile is null
                ? settings.Resolve(parse)
                : settings.Resolve(parse, baseFile: RunFolder.ConfigBeside(resumeFile, required: true));
            if (parse.GetValue(watch) && string.IsNullOrEmpty(config.Weighting))
                throw new ArgumentException("--watch needs a weighting script (--weighting FILE.csx)");
            using var cancellation = new Interruption();
            // Rank 0 shows the run; the other ranks train silently (their figures are rank 0's: the global batch's).
            var progress = new RunProgress(quiet: collective.Rank != 0);
            using var live = new LiveWeighting(config.Weighting, parse.GetValue(watch), progress, collective.WorldSize > 1);
            var result = progress.Run(() => FineTuning.runOn(collective, config, resumeFile!, live.Hooks, cancellation.Token));
            if (collective.Rank == 0) Print(result, collective.WorldSize);
            return result.Outcome == "completed" ? 0 : 130;
        }
    }

    private static void Print(RunResult result, int worldSize)
    {
        var ranks = worldSize > 1 ? $" on {worldSize} ranks" : "";
        Console.WriteLine($"started from {RunReport.startOf(result.Config)}");
        Console.WriteLine($"{result.Objective} on {result.Model}{ranks}: {result.Outcome} after {result.Steps} steps " +
            $"({result.TrainSeconds:F0} s, {result.ImagesPerSecond:F0} images/s; evaluation {result.EvalSeconds:F0} s)");
        if (result.Metrics is { } metrics)
        {
            Console.WriteLine(Markdown.tableWith([Markdown.Alignment.Left, Markdown.Alignment.Right], ["metric", "value"], RunReport.metricRows(metrics.Value)));
        }
        Console.WriteLine($"run folder: {result.Directory} (report.md, metrics.json, config.json, {FineTuning.RunFiles.Checkpoint})");
    }
}
