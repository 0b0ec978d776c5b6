// The λ sweep of lambda-sweep.csx as a .NET 10 file-based app, against this checkout's projects:
//   dotnet run -c Release scripts/experiments/lambda-sweep.cs [-- LAMBDA ...] [--SETTING VALUE ...]
// (see lambda-sweep.csx for what it does and takes; both call Schane.Experiments.SweepArguments).
// It references the checkout's Schane.Experiments (with -c Release, the build ./schane made) and the CPU backend at the
// version Directory.Packages.props pins; Directory.Build.props here holds the build settings.
#:project ../../src/Schane.Experiments/Schane.Experiments.fsproj
#:package libtorch-cpu-linux-x64
using Schane.Experiments;

var sweep = SweepArguments.Parse(args, SweepArguments.SmallDefaults);
var result = sweep.Run("lambda", "λ", [0, 0.5, 0.9, 1], (settings, lambda) => settings["loss"] = lambda == 0 ? "ce" : "schane");
Console.WriteLine(result);
