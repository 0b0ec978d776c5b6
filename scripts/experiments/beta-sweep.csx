// β sweep: fine-tune with SCHaNe at several β (how strongly hard negatives are up-weighted; β = 0 is SupCon-like
// uniform weighting) and compare top-1 and few-shot accuracy. Same seed, data and schedule for every β.
//   ./schane run scripts/experiments/beta-sweep.csx [-- BETA ...] [--SETTING VALUE ...]
//   dotnet run -c Release scripts/experiments/beta-sweep.cs [-- BETA ...] [--SETTING VALUE ...]   (the same, as a .NET 10 app)
// Any `schane train` setting as --kebab-case VALUE (e.g. --epochs 4 --train-per-class 2000). Small defaults (500
// images per base class, 2 epochs, width 8): about a minute per β on 2 cores. The sweep itself is
// Schane.Experiments.SweepArguments (parsing, one run per value, the table), shared with beta-sweep.cs.
var sweep = SweepArguments.Parse(Args, SweepArguments.SmallDefaults);
var result = sweep.Run("beta", "β", [0, 0.5, 1, 2], (settings, beta) => settings["loss"] = "schane");
Console.WriteLine(result);    // the table, then the runs' folder
