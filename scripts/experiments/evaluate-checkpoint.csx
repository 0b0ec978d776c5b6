// Evaluate a saved run's checkpoint with that run's settings, optionally with more episodes or other shots:
//   ./schane run scripts/experiments/evaluate-checkpoint.csx -- runs/NAME/checkpoint.pt [EPISODES]
using System.Text.Json.Nodes;

if (Args.Count < 1) { Console.Error.WriteLine("usage: evaluate-checkpoint.csx -- CHECKPOINT [EPISODES]"); return 2; }
var checkpoint = Path.GetFullPath(Args[0]);
var runConfig = Path.Combine(Path.GetDirectoryName(checkpoint)!, "config.json");
var overrides = new JsonObject();
if (Args.Count > 1) overrides["episodes"] = int.Parse(Args[1]);
var config = RunConfig.Resolve(File.Exists(runConfig) ? runConfig : null, overrides);
var evaluation = FineTuning.evaluateCheckpoint(checkpoint, config, FineTuning.RunHooks.None);
using (var saved = Checkpoint.Load(checkpoint))
    Console.WriteLine($"{saved.Metadata.Objective} on {saved.Metadata.Model}, step {saved.Metadata.Step}");
Console.WriteLine(Markdown.tableWith([Markdown.Alignment.Left, Markdown.Alignment.Right], ["metric", "value"],
    RunReport.metricRows(evaluation.Metrics)));
return 0;
