using System.CommandLine;
using System.Text.Json;
using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>`schane eval CHECKPOINT`: evaluates a saved run's model with the run's settings (its config.json), or flags.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var settings = new RunSettings(includeLoss: false);
        var checkpoint = new Argument<FileInfo>("checkpoint") { Description = "A checkpoint written by schane train (runs/<name>/checkpoint.pt)." };
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var command = new Command("eval", "Evaluate a checkpoint: top-1/top-5, kNN, embedding quality and few-shot episodes on the novel classes.")
        {
            checkpoint, json,
        };
        settings.AddTo(command);
        command.SetAction(parse => CommandErrors.Guard("eval", () =>
        {
            var path = parse.GetValue(checkpoint)!.FullName;
            var config = settings.Resolve(parse, baseFile: RunFolder.ConfigBeside(path, required: false));
            var progress = new RunProgress();
            var evaluation = progress.Run(() => FineTuning.evaluateCheckpoint(path, config, progress.Hooks));
            if (parse.GetValue(json)) Console.WriteLine(JsonSerializer.Serialize(evaluation.Metrics, RunConfig.JsonOptions));
            else Console.WriteLine(Markdown.tableWith([Markdown.Alignment.Left, Markdown.Alignment.Right], ["metric", "value"], RunReport.metricRows(evaluation.Metrics)));
            return 0;
        }));
        return command;
    }
}
