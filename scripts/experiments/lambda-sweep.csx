// λ sweep: the share of the contrastive term in λ·SCHaNe + (1 − λ)·CE, from 0 (cross-entropy fine-tuning, the
// paper's baseline) to 1 (contrastive only, the classifier untrained). Same seed, data and schedule for every λ.
//   ./schane run scripts/experiments/lambda-sweep.csx [-- LAMBDA ...] [--epochs N] [--per-class N]
using System.Text.Json.Nodes;

var lambdas = new List<double>();
var settings = new JsonObject { ["epochs"] = 2, ["trainPerClass"] = 500, ["testPerClass"] = 300, ["width"] = 8, ["episodes"] = 200 };
for (var i = 0; i < Args.Count; i++)
{
    if (Args[i] == "--epochs") settings["epochs"] = int.Parse(Args[++i]);
    else if (Args[i] == "--per-class") settings["trainPerClass"] = int.Parse(Args[++i]);
    else if (Args[i] == "--width") settings["width"] = int.Parse(Args[++i]);
    else if (Args[i] == "--episodes") settings["episodes"] = int.Parse(Args[++i]);
    else if (Args[i] == "--test-per-class") settings["testPerClass"] = int.Parse(Args[++i]);
    else lambdas.Add(double.Parse(Args[i], System.Globalization.CultureInfo.InvariantCulture));
}
if (lambdas.Count == 0) lambdas.AddRange([0.0, 0.5, 0.9, 1.0]);

var sweep = $"lambda-sweep-{DateTime.UtcNow:yyyyMMdd-HHmmss}";
var rows = new List<string[]>();
foreach (var lambda in lambdas)
{
    var overrides = (JsonObject)settings.DeepClone();
    overrides["loss"] = lambda == 0 ? "ce" : "schane";
    overrides["lambda"] = lambda;
    overrides["runsDir"] = Path.Combine("runs", sweep);
    overrides["name"] = $"lambda-{lambda}";
    Console.Error.WriteLine($"λ = {lambda}: training");
    var result = FineTuning.run(RunConfig.Resolve(null, overrides), null, FineTuning.RunHooks.None, CancellationToken.None);
    var metrics = result.Metrics.Value;
    rows.Add([$"{lambda}", result.Objective, Markdown.percent(2, metrics.Top1), Markdown.percent(2, metrics.Knn),
        .. metrics.FewShot.Select(f => Markdown.percentCi(2, f.Accuracy))]);
}
var headers = new[] { "λ", "objective", "top-1", "kNN" }.Concat(RunConfig.Default.Shots.Select(k => $"5-way {k}-shot")).ToArray();
Console.WriteLine(Markdown.table(headers, rows.ToArray()));
