// Evaluate a saved run's checkpoint with that run's settings, optionally with more episodes:
//   ./schane run scripts/experiments/evaluate-checkpoint.csx -- runs/NAME/checkpoint.pt [EPISODES]
//   dotnet run -c Release scripts/experiments/evaluate-checkpoint.cs -- runs/NAME/checkpoint.pt [EPISODES]
if (Args.Count < 1) { Console.Error.WriteLine("usage: evaluate-checkpoint.csx -- CHECKPOINT [EPISODES]"); return 2; }
var checkpoint = Path.GetFullPath(Args[0]);
var config = FineTuning.checkpointConfig(checkpoint, Args.Count > 1 ? new() { ["episodes"] = int.Parse(Args[1]) } : null);
var evaluation = FineTuning.evaluateCheckpoint(checkpoint, config, FineTuning.RunHooks.None);
Console.WriteLine(RunReport.checkpointSummary(checkpoint, evaluation));
return 0;
