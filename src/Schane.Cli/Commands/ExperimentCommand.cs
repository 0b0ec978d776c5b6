using System.CommandLine;
using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane experiment`: the two-stage experiment of issue 14 as one resumable command: NT-Xent pre-training once, then
/// CE, SupCon+CE, HCL+CE and SCHaNe+CE and SCHaNe's β and λ ablations fine-tuned from it on every seed, reported in
/// results/&lt;name&gt;/report.md. Runs already finished there are skipped.
/// </summary>
internal static class ExperimentCommand
{
    public static Command Create()
    {
        var settings = new RunSettings(includeLoss: false);
        var results = new Option<string>("--results-dir") { Description = "Where the report and per-run JSON go (default: results).", DefaultValueFactory = _ => "results" };
        var seeds = new Option<int[]>("--seeds")
        {
            Description = "Seeds of every run (default: 0 1 2 3 4).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [0, 1, 2, 3, 4],
        };
        var methods = new Option<string[]>("--methods")
        {
            Description = "Methods of the main table (default: ce supcon hcl schane).", AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => Comparison.defaultLosses,
        };
        methods.AcceptOnlyFromAmong("ce", "supcon", "hcl", "schane");
        var betas = new Option<double[]>("--betas")
        {
            Description = "SCHaNe's β ablation, at --lambda (default: 0 0.5 1 2).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [0, 0.5, 1, 2],
        };
        var lambdas = new Option<double[]>("--lambdas")
        {
            Description = "SCHaNe's λ ablation, at --beta (default: 0.5 0.9 1).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [0.5, 0.9, 1.0],
        };
        var pretrainEpochs = new Option<int>("--pretrain-epochs") { Description = "Epochs of the NT-Xent pre-training over every class's training images (default 4).", DefaultValueFactory = _ => 4 };
        var pretrainPerClass = new Option<int>("--pretrain-per-class") { Description = "Pre-training images per class (default 0: all).", DefaultValueFactory = _ => 0 };
        var pretrainOnly = new Option<bool>("--pretrain-only") { Description = "Stop after the pre-training (e.g. to rebuild the start a committed config names)." };
        var plan = new Option<bool>("--plan") { Description = "Print the runs the experiment needs and which are finished; run nothing." };
        var command = new Command("experiment",
            "The two-stage experiment: NT-Xent pre-training, then CE, SupCon+CE, HCL+CE, SCHaNe+CE and SCHaNe's β/λ ablations fine-tuned from it on every seed; resumable; report in results/<name>/.")
        {
            results, seeds, methods, betas, lambdas, pretrainEpochs, pretrainPerClass, pretrainOnly, plan,
        };
        settings.AddTo(command);
        command.SetAction(parse => CommandErrors.Guard("experiment", () =>
        {
            var config = settings.Resolve(parse);
            var name = string.IsNullOrWhiteSpace(config.Name) ? "two-stage" : config.Name;
            var fineTuning = ExperimentPlan.fineTuningOf(config);
            var experiment = new ExperimentSettings(
                name, parse.GetValue(results)!, Path.Combine(config.RunsDir, name), parse.GetValue(seeds)!, parse.GetValue(methods)!,
                parse.GetValue(betas)!, parse.GetValue(lambdas)!, parse.GetValue(pretrainEpochs), parse.GetValue(pretrainPerClass),
                fineTuning, "./schane " + string.Join(' ', Environment.GetCommandLineArgs().Skip(1).Select(Quote)));
            if (parse.GetValue(plan))
            {
                var cells = ExperimentPlan.cells(experiment);
                foreach (var cell in cells)
                    Console.WriteLine($"{cell.Id}{(File.Exists(Path.Combine(experiment.ResultsDir, name, "runs", cell.Id, "result.json")) ? "  (finished)" : "")}");
                Console.WriteLine($"{cells.Length} fine-tuning runs after one pre-training");
                return 0;
            }
            using var cancellation = new Interruption();
            var progress = new RunProgress();
            var result = progress.Run(() => Experiment.run(experiment, parse.GetValue(pretrainOnly), progress.Hooks, cancellation.Token));
            var done = result.Results.Length;
            Console.WriteLine($"{done} of {result.Cells.Length} runs finished ({result.RanNow.Length} in this call); report: {Path.Combine(result.Directory, "report.md")}");
            if (result.Pretrain is null) return 130;
            return result.Complete || parse.GetValue(pretrainOnly) ? 0 : 130;
        }));
        return command;
    }

    private static string Quote(string argument) =>
        argument.Length > 0 && argument.All(c => char.IsLetterOrDigit(c) || "-_./=:,".Contains(c)) ? argument : $"'{argument.Replace("'", "'\\''")}'";
}
