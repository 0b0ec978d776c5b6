// β sweep: fine-tune with SCHaNe at several β (how strongly hard negatives are up-weighted; β = 0 is SupCon-like
// uniform weighting) and compare top-1 and few-shot accuracy. Same seed, data and schedule for every β.
//   ./schane run scripts/experiments/beta-sweep.csx [-- BETA ...] [--SETTING VALUE ...]
// Any `schane train` setting as --kebab-case VALUE (e.g. --epochs 4 --train-per-class 2000). Small defaults (500
// images per base class, 2 epochs, width 8): about a minute per β on 2 cores.
#load "settings.csx"
using System.Text.Json.Nodes;

var (settings, betas) = ParseSettings(Args, new JsonObject
{
    ["epochs"] = 2, ["trainPerClass"] = 500, ["testPerClass"] = 300, ["width"] = 8, ["episodes"] = 200, ["runsDir"] = "runs",
});
if (betas.Count == 0) betas.AddRange([0.0, 0.5, 1.0, 2.0]);

// Resolving the settings once checks them before the first run.
var plan = RunConfig.Resolve(null, settings);
var sweep = $"beta-sweep-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var rows = new List<string[]>();
foreach (var beta in betas)
{
    var overrides = (JsonObject)settings.DeepClone();
    overrides["loss"] = "schane";
    overrides["beta"] = beta;
    overrides["runsDir"] = Path.Combine((string)settings["runsDir"]!, sweep);
    overrides["name"] = $"beta-{beta}";
    var config = RunConfig.Resolve(null, overrides);
    Console.Error.WriteLine($"β = {beta}: training");
    var result = FineTuning.run(config, null, FineTuning.RunHooks.None, CancellationToken.None);
    var metrics = result.Metrics.Value;
    rows.Add([$"{beta}", Markdown.percent(2, metrics.Top1),
        .. metrics.FewShot.Select(f => Markdown.percentCi(2, f.Accuracy)),
        $"{metrics.Embedding.Uniformity:F3}"]);
}
var headers = new[] { "β", "top-1" }
    .Concat(plan.Shots.Select(k => $"{plan.Ways}-way {k}-shot"))
    .Append("uniformity").ToArray();
Console.WriteLine(Markdown.table(headers, rows.ToArray()));
Console.WriteLine($"runs: {Path.GetFullPath(Path.Combine((string)settings["runsDir"]!, sweep))}");
