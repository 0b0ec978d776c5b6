// evaluate-checkpoint.csx as a .NET 10 file-based app, against this checkout's projects:
//   dotnet run -c Release scripts/experiments/evaluate-checkpoint.cs -- runs/NAME/checkpoint.pt [EPISODES]
// It references the checkout's Schane.Experiments (with -c Release, the build ./schane made) and the CPU backend at the
// version Directory.Packages.props pins; Directory.Build.props here holds the build settings.
#:project ../../src/Schane.Experiments/Schane.Experiments.fsproj
#:package libtorch-cpu-linux-x64
using Schane.Experiments;

if (args.Length < 1) { Console.Error.WriteLine("usage: evaluate-checkpoint.cs -- CHECKPOINT [EPISODES]"); return 2; }
var checkpoint = Path.GetFullPath(args[0]);
var config = FineTuning.checkpointConfig(checkpoint, args.Length > 1 ? new() { ["episodes"] = int.Parse(args[1]) } : null);
var evaluation = FineTuning.evaluateCheckpoint(checkpoint, config, FineTuning.RunHooks.None);
Console.WriteLine(RunReport.checkpointSummary(checkpoint, evaluation));
return 0;
