module Schane.Scripting.FSharp.Tests.DotnetFsiTests

open System.IO
open Xunit
open Schane.Scripting.FSharp.Tests.Scripts

let private requireBuild () =
    let core = Path.Combine(repositoryRoot, "src", "Schane.Cli", "bin", "Release", "net10.0", "Schane.Core.dll")
    Assert.True(File.Exists core, $"{core} is missing: scripts/schane.fsx needs the Release build (./schane builds it)")

[<Fact>]
let ``the same script runs under dotnet fsi through the loader, with the same output and arguments`` () =
    requireBuild ()
    let path = engineScript ()
    let fsi = runDotnetFsi path awkwardArgs
    Assert.True((fsi.ExitCode = 0), fsi.Stderr)
    let inProcess = runInProcess path awkwardArgs
    Assert.True((inProcess.ExitCode = 0), inProcess.Stderr)
    let expected host =
        [| "shape=[|2L; 3L|] sum=15"; "script=engine.fsx"
           yield! awkwardArgs |> List.map (fun a -> $"arg=[{a}]"); $"host={host}" |]
    Assert.Equal<string[]>(expected "dotnet fsi", lines fsi.Stdout)
    Assert.Equal<string[]>(expected "schane", lines inProcess.Stdout)

[<Fact>]
let ``a type error reads as dotnet fsi reports it`` () =
    let path = write "typo.fsx" "open System\nlet x : int = \"no\"\nprintfn \"unreached\"\n"
    let fsi = runDotnetFsi path []
    let inProcess = runInProcess path []
    Assert.Equal(1, fsi.ExitCode)
    Assert.Equal(1, inProcess.ExitCode)
    Assert.Equal($"{path}(2,15): error FS0001: This expression was expected to have type", (lines fsi.Stderr)[0])
    Assert.Equal((lines fsi.Stderr)[0], (lines inProcess.Stderr)[0])
