// λ sweep: the share of the contrastive term in λ·SCHaNe + (1 − λ)·CE, from 0 (cross-entropy fine-tuning, the
// paper's baseline) to 1 (contrastive only, the classifier untrained). Same seed, data and schedule for every λ.
//   ./schane run scripts/experiments/lambda-sweep.csx [-- LAMBDA ...] [--SETTING VALUE ...]
//   dotnet run -c Release scripts/experiments/lambda-sweep.cs [-- LAMBDA ...] [--SETTING VALUE ...]   (the same, as a .NET 10 app)
// Settings and defaults as in beta-sweep.csx (Schane.Experiments.SweepArguments).
var sweep = SweepArguments.Parse(Args, SweepArguments.SmallDefaults);
var result = sweep.Run("lambda", "λ", [0, 0.5, 0.9, 1], (settings, lambda) => settings["loss"] = lambda == 0 ? "ce" : "schane");
Console.WriteLine(result);    // the table, then the runs' folder
