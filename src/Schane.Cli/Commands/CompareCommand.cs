using System.CommandLine;
using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>
/// `schane compare`: CE, SupCon+CE, HCL+CE and SCHaNe+CE on the same backbone and seeds; mean ± CI per method and
/// paired differences against CE and SupCon, in runs/&lt;name&gt;/comparison.md.
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var settings = new RunSettings(includeLoss: false);
        var losses = new Option<string[]>("--losses")
        {
            Description = "The methods to compare (default: ce supcon hcl schane).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => Comparison.defaultLosses,
        };
        losses.AcceptOnlyFromAmong("ce", "supcon", "hcl", "schane", "ntxent");
        var seeds = new Option<int[]>("--seeds")
        {
            Description = "The seeds every method runs with (default: 0 1 2).",
            AllowMultipleArgumentsPerToken = true,
            DefaultValueFactory = _ => [0, 1, 2],
        };
        var command = new Command("compare", "Run several losses on the same backbone and seeds; report mean ± 95% CI and paired differences against CE and SupCon.")
        {
            losses, seeds,
        };
        settings.AddTo(command);
        command.SetAction(parse => CommandErrors.Guard("compare", () =>
        {
            var config = settings.Resolve(parse);
            var seedList = parse.GetValue(seeds)!;
            if (seedList.Distinct().Count() != seedList.Length) throw new ArgumentException("--seeds: each seed once");
            using var cancellation = new Interruption();
            var progress = new RunProgress();
            var result = progress.Run(() => Comparison.run(config, parse.GetValue(losses)!, seedList, progress.Hooks, cancellation.Token));
            Console.WriteLine(File.ReadAllText(Path.Combine(result.Directory, "comparison.md")));
            Console.WriteLine($"comparison folder: {result.Directory} (comparison.md, comparison.json, one run folder per method and seed)");
            return result.Complete ? 0 : 130;
        }));
        return command;
    }
}
