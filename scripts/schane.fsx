// The loader for F# scripts run with `dotnet fsi`: put
//     #load "scripts/schane.fsx"        (the path relative to your script)
// at the top of an .fsx, after building once with ./schane (any command), and run `dotnet fsi your.fsx args`.
// It references TorchSharp and the built core and experiments assemblies (src/Schane.Cli/bin/Release/net10.0/ holds
// them all, with TorchSharp's native libraries under runtimes/). It opens nothing: write `open TorchSharp`,
// `open type TorchSharp.torch`, `open Schane.Experiments` etc. yourself.
//
// `./schane run your.fsx` runs the same file in-process: the assemblies are referenced already and the host defines
// SCHANE_HOSTED, so the #r lines below are skipped there.

#if !SCHANE_HOSTED
#r "../src/Schane.Cli/bin/Release/net10.0/TorchSharp.dll"
#r "../src/Schane.Cli/bin/Release/net10.0/Schane.Core.dll"
#r "../src/Schane.Cli/bin/Release/net10.0/Schane.Experiments.dll"

// dotnet fsi has no deps.json naming TorchSharp's native libraries, so TorchSharp's search by name could find another
// libtorch first (Debian's libtorch-dev puts a 1.13 libtorch_cpu.so on the system path) and then fail to load its
// shim. Loading libtorch 2.10 and the shim from the build output first makes that search find these.
do
    let native = System.IO.Path.Combine(__SOURCE_DIRECTORY__, "..", "src", "Schane.Cli", "bin", "Release", "net10.0", "runtimes", "linux-x64", "native")
    for library in [ "libtorch_cpu.so"; "libLibTorchSharp.so" ] do
        System.Runtime.InteropServices.NativeLibrary.Load(System.IO.Path.Combine(native, library)) |> ignore
#endif
