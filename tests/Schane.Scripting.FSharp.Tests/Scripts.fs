/// Writing test scripts and running them in-process (FSharpScript) or under `dotnet fsi` (a child process).
module Schane.Scripting.FSharp.Tests.Scripts

open System
open System.Diagnostics
open System.IO
open Schane.Scripting.FSharp

// Scripts run one at a time in a process (FSharpScript takes the console), and the console is asserted on.
[<assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)>]
do ()

/// What a script run printed and returned.
type Outcome = { ExitCode: int; Stdout: string; Stderr: string }

/// The repository root: the folder above the test's build output that holds the solution.
let repositoryRoot =
    let rec up (dir: DirectoryInfo | null) =
        match dir with
        | null -> failwith $"no Schane.Interactive.sln above {AppContext.BaseDirectory}"
        | dir when File.Exists(Path.Combine(dir.FullName, "Schane.Interactive.sln")) -> dir.FullName
        | dir -> up dir.Parent
    up (DirectoryInfo AppContext.BaseDirectory)

/// scripts/schane.fsx, the dotnet fsi loader.
let loader = Path.Combine(repositoryRoot, "scripts", "schane.fsx")

/// Writes <c>text</c> as <c>name</c> in a fresh temporary folder and returns its full path.
let write (name: string) (text: string) =
    let dir = Directory.CreateTempSubdirectory("schane-fsx-")
    let path = Path.Combine(dir.FullName, name)
    File.WriteAllText(path, text)
    path

/// A #load line for the loader, quoted as an F# verbatim string.
let loadLoader = $"#load @\"{loader}\""

/// Runs the script in this process through FSharpScript.Run.
let runInProcess (path: string) (args: string list) =
    use stdout = new StringWriter()
    use stderr = new StringWriter()
    let code = FSharpScript.Run(path, List.toArray args, stdout, stderr)
    { ExitCode = code; Stdout = stdout.ToString(); Stderr = stderr.ToString() }

/// Runs `dotnet fsi path args` with the environment of a user who has not set SCHANE_NATIVE.
let runDotnetFsi (path: string) (args: string list) =
    let info = ProcessStartInfo("dotnet", RedirectStandardOutput = true, RedirectStandardError = true)
    for a in "fsi" :: path :: args do
        info.ArgumentList.Add a
    info.Environment.Remove "SCHANE_NATIVE" |> ignore
    info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] <- "1"
    info.Environment["DOTNET_NOLOGO"] <- "1"
    use child = nonNull (Process.Start info)
    let stdout = child.StandardOutput.ReadToEndAsync()
    let stderr = child.StandardError.ReadToEnd()
    if not (child.WaitForExit(TimeSpan.FromMinutes 5.0)) then
        child.Kill true
        failwith $"dotnet fsi {path} did not finish in 5 minutes"
    { ExitCode = child.ExitCode; Stdout = stdout.Result; Stderr = stderr }

/// The lines of a text, without the line ends.
let lines (text: string) = text.Split('\n') |> Array.map (fun l -> l.TrimEnd '\r') |> Array.filter (fun l -> l <> "")

/// A script that loads the loader, computes with TorchSharp and prints its arguments and host; the same text runs
/// in-process and under dotnet fsi.
let engineScript () =
    write "engine.fsx" (String.concat "\n" [
        loadLoader
        "open System"
        "open TorchSharp"
        ""
        "let ones = torch.ones(2L, 3L)"
        "let scaled = ones * 2.5"
        "let total = scaled.sum()"
        "printfn \"shape=%A sum=%g\" scaled.shape (total.item<float32>())"
        "printfn \"script=%s\" (IO.Path.GetFileName fsi.CommandLineArgs.[0])"
        "for a in fsi.CommandLineArgs.[1..] do printfn \"arg=[%s]\" a"
        "#if SCHANE_HOSTED"
        "printfn \"host=schane\""
        "#else"
        "printfn \"host=dotnet fsi\""
        "#endif"
        "for t in [ total; scaled; ones ] do t.Dispose()"
        "" ])

/// Arguments with a space, quotes, a backslash and non-ASCII text.
let awkwardArgs = [ "a"; "b c"; "say \"hi\" \\ there"; "β=0.5" ]
