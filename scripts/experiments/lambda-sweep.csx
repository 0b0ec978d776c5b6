// λ sweep: the share of the contrastive term in λ·SCHaNe + (1 − λ)·CE, from 0 (cross-entropy fine-tuning, the
// paper's baseline) to 1 (contrastive only, the classifier untrained). Same seed, data and schedule for every λ.
//   ./schane run scripts/experiments/lambda-sweep.csx [-- LAMBDA ...] [--SETTING VALUE ...]
#load "settings.csx"
using System.Text.Json.Nodes;

var (settings, lambdas) = ParseSettings(Args, new JsonObject
{
    ["epochs"] = 2, ["trainPerClass"] = 500, ["testPerClass"] = 300, ["width"] = 8, ["episodes"] = 200, ["runsDir"] = "runs",
});
if (lambdas.Count == 0) lambdas.AddRange([0.0, 0.5, 0.9, 1.0]);

// Resolving the settings once checks them before the first run.
var plan = RunConfig.Resolve(null, settings);
var sweep = $"lambda-sweep-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var rows = new List<string[]>();
foreach (var lambda in lambdas)
{
    var overrides = (JsonObject)settings.DeepClone();
    overrides["loss"] = lambda == 0 ? "ce" : "schane";
    overrides["lambda"] = lambda;
    overrides["runsDir"] = Path.Combine((string)settings["runsDir"]!, sweep);
    overrides["name"] = $"lambda-{lambda}";
    Console.Error.WriteLine($"λ = {lambda}: training");
    var result = FineTuning.run(RunConfig.Resolve(null, overrides), null, FineTuning.RunHooks.None, CancellationToken.None);
    var metrics = result.Metrics.Value;
    rows.Add([$"{lambda}", result.Objective, Markdown.percent(2, metrics.Top1), Markdown.percent(2, metrics.Knn),
        .. metrics.FewShot.Select(f => Markdown.percentCi(2, f.Accuracy))]);
}
var headers = new[] { "λ", "objective", "top-1", "kNN" }.Concat(plan.Shots.Select(k => $"{plan.Ways}-way {k}-shot")).ToArray();
Console.WriteLine(Markdown.table(headers, rows.ToArray()));
