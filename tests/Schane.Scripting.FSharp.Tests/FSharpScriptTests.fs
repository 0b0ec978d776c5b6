module Schane.Scripting.FSharp.Tests.FSharpScriptTests

open System
open System.IO
open Xunit
open Schane.Scripting.FSharp
open Schane.Scripting.FSharp.Tests.Scripts

[<Fact>]
let ``a script that loads the loader computes with TorchSharp and sees its arguments`` () =
    let run = runInProcess (engineScript ()) awkwardArgs
    Assert.True((run.ExitCode = 0), run.Stderr)
    let expected =
        [| "shape=[|2L; 3L|] sum=15"; "script=engine.fsx"
           yield! awkwardArgs |> List.map (fun a -> $"arg=[{a}]"); "host=schane" |]
    Assert.Equal<string[]>(expected, lines run.Stdout)

[<Fact>]
let ``fsi.CommandLineArgs starts with the path as given`` () =
    let path = write "args.fsx" "printfn \"%d %s\" fsi.CommandLineArgs.Length fsi.CommandLineArgs.[0]\n"
    let relative = Path.GetRelativePath(Environment.CurrentDirectory, path)
    let run = runInProcess relative []
    Assert.Equal(0, run.ExitCode)
    Assert.Equal($"1 {relative}", run.Stdout.Trim())

[<Fact>]
let ``#r of the assemblies the session references already is harmless`` () =
    let references = FSharpScript.References |> Array.map (fun r -> $"#r @\"{r}\"") |> String.concat "\n"
    let path = write "refs.fsx" (references + "\nprintfn \"%s\" (Schane.Experiments.Markdown.percent 1 0.5)\n")
    let run = runInProcess path []
    Assert.True((run.ExitCode = 0), run.Stderr)
    Assert.Equal("50.0%", run.Stdout.Trim())

[<Fact>]
let ``a type error prints the compiler's diagnostic with the source line and exits 1`` () =
    let path = write "typo.fsx" "open System\nlet x : int = \"no\"\nprintfn \"unreached\"\n"
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Equal("", run.Stdout)
    let errors = lines run.Stderr
    Assert.Equal($"{path}(2,15): error FS0001: This expression was expected to have type", errors[0])
    Assert.Contains("    let x : int = \"no\"", errors)
    Assert.Contains("                  ^^^^", errors)

[<Fact>]
let ``a syntax error is reported at its position`` () =
    let path = write "syntax.fsx" "let f () : int = 1 +\n"
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Contains($"{path}(1,20): error FS3156:", run.Stderr)

[<Fact>]
let ``an error in a loaded file names that file`` () =
    let library = write "library.fsx" "let half (x: float) = x / \"2\"\n"
    let main = write "main.fsx" $"#load @\"{library}\"\nprintfn \"%%g\" (Library.half 3.0)\n"
    let run = runInProcess main []
    Assert.Equal(1, run.ExitCode)
    Assert.StartsWith($"{library}(1,", run.Stderr)
    Assert.Contains("error FS0001:", run.Stderr)

[<Fact>]
let ``a missing #load file is a compile error`` () =
    let path = write "missing.fsx" "#load \"nowhere.fsx\"\nprintfn \"unreached\"\n"
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Contains($"{path}(1,1): error FS0079:", run.Stderr)
    Assert.Contains("nowhere.fsx", run.Stderr)

[<Fact>]
let ``a runtime exception prints its type, message and script lines and exits 1`` () =
    let path = write "throws.fsx" "let check (n: int) =\n    if n > 2 then invalidOp $\"n is {n}\"\nprintfn \"before\"\ncheck 3\nprintfn \"after\"\n"
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Equal("before", run.Stdout.Trim())
    let errors = lines run.Stderr
    Assert.Equal($"{path}(2): unhandled System.InvalidOperationException: n is 3", errors[0])
    Assert.Equal($"   at check in {path}:line 2", errors[1])
    Assert.Equal($"   at <script> in {path}:line 4", errors[2])

[<Fact>]
let ``a libtorch error thrown inside TorchSharp points at the script line that called it`` () =
    let path =
        write "shapes.fsx" (String.concat "\n" [
            "open System"
            "open TorchSharp"
            "let a = torch.ones(2L, 3L)"
            "let b = torch.ones(4L, 5L)"
            "let c = a.mm(b)"
            "" ])
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    // TorchSharp raises libtorch's errors as ExternalException, with libtorch's message. (mm, not matmul: TorchSharp
    // 0.107's native matmul does not catch libtorch's error, which then aborts the process.)
    Assert.StartsWith($"{path}(5): unhandled System.Runtime.InteropServices.ExternalException: mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)", run.Stderr)

[<Fact>]
let ``a missing script exits 1 and says so`` () =
    let path = Path.Combine(Path.GetTempPath(), $"no-such-{Guid.NewGuid():N}.fsx")
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Equal($"{path}: no such script", run.Stderr.Trim())

[<Fact>]
let ``the console is given back after a run, also after a failing one`` () =
    let before = Console.Out
    let path = write "fails.fsx" "failwith \"stop\"\n"
    let run = runInProcess path []
    Assert.Equal(1, run.ExitCode)
    Assert.Contains("unhandled System.Exception: stop", run.Stderr)
    Assert.Same(before, Console.Out)
