// export-embeddings.csx as a .NET 10 file-based app, against this checkout's projects:
//   dotnet run -c Release scripts/experiments/export-embeddings.cs -- runs/NAME/checkpoint.pt OUT_DIR
// It references the checkout's Schane.Experiments (with -c Release, the build ./schane made) and the CPU backend at the
// version Directory.Packages.props pins; Directory.Build.props here holds the build settings.
#:project ../../src/Schane.Experiments/Schane.Experiments.fsproj
#:package libtorch-cpu-linux-x64
using Schane.Experiments;

if (args.Length < 2) { Console.Error.WriteLine("usage: export-embeddings.cs -- CHECKPOINT OUT_DIR"); return 2; }
var checkpoint = Path.GetFullPath(args[0]);
var arrays = FineTuning.exportEmbeddings(checkpoint, FineTuning.checkpointConfig(checkpoint, null), args[1]);
Console.WriteLine(FineTuning.ExportedArray.Table(arrays));
return 0;
