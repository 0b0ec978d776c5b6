namespace Schane.Scripting.FSharp

open System
open System.IO
open FSharp.Compiler.Interactive.Shell

/// <summary>
/// Runs F# scripts (.fsx) in this process with FSharp.Compiler.Service, the in-process counterpart of
/// <c>dotnet fsi script.fsx args</c> (PyTorch has no equivalent: its scripts are Python). The session references
/// TorchSharp, Schane.Core and Schane.Experiments (the assemblies this process runs) and opens no namespace: a
/// script writes its own <c>open TorchSharp</c> and <c>open type TorchSharp.torch</c>. It binds <c>fsi</c> with the one member batch scripts use
/// under dotnet fsi, <c>fsi.CommandLineArgs</c>: the script path followed by the arguments. It defines the symbol
/// <see cref="P:Schane.Scripting.FSharp.FSharpScript.HostedSymbol"/>, which scripts/schane.fsx tests to skip its
/// <c>#r</c> lines (the assemblies are already referenced).
/// </summary>
[<AbstractClass; Sealed>]
type FSharpScript =
    // Console.Out and Console.Error are process-wide: one script at a time.
    static let gate = obj ()

    // FCS's own fsi object configures the session (print widths and the like); scripts get a lighter one (see prelude).
    static let configuration = lazy (FsiEvaluationSession.GetDefaultConfiguration(Settings.fsi, false))

    // An F# string literal of any text: every character that could end or bend the literal is a \u escape.
    static let literal (text: string) =
        let escaped =
            text |> String.collect (fun c ->
                if c = '"' || c = '\\' || c < ' ' || c > '~' then $"\\u{int c:x4}"
                else string c)
        "\"" + escaped + "\""

    // Binds fsi. dotnet fsi's fsi object lives in FSharp.Compiler.Service; referencing that 17 MB assembly from the
    // script costs more than a second per run, and a script run prints no values for its printer settings to affect.
    static let prelude (path: string) (args: string[]) =
        let items = Array.append [| path |] args |> Array.map literal |> String.concat "; "
        $"let fsi = {{| CommandLineArgs = [| {items} |] |}}"

    /// <summary>The compiler symbol defined for scripts run in-process (<c>#if SCHANE_HOSTED</c>); dotnet fsi does not define it.</summary>
    static member HostedSymbol = "SCHANE_HOSTED"

    /// <summary>
    /// The assemblies every script references besides .NET's and FSharp.Core: TorchSharp, Schane.Core and
    /// Schane.Experiments, as loaded in this process.
    /// </summary>
    static member References : string[] =
        [| typeof<TorchSharp.torch>.Assembly
           typeof<Schane.Core.Models.ModelSpec>.Assembly
           typeof<Schane.Experiments.RunConfig>.Assembly |]
        |> Array.map (fun assembly ->
            if String.IsNullOrEmpty assembly.Location then
                invalidOp $"{assembly.GetName().Name} was not loaded from a file: F# scripts cannot reference it"
            assembly.Location)

    /// <summary>
    /// Compiles and runs the script at <paramref name="path"/> with <paramref name="args"/> as
    /// <c>fsi.CommandLineArgs[1..]</c> (element 0 is <paramref name="path"/> as given). The script's console output
    /// goes to <paramref name="stdout"/> and <paramref name="stderr"/> while it runs. Returns the exit code: 0 when the
    /// script ran to its end; 1 after compile errors (printed to <paramref name="stderr"/> as
    /// <c>file(line,col): error FSxxxx: message</c> with the source line), a runtime exception (its type, message and
    /// script lines) or a missing file. A script that calls <c>exit n</c> ends the process with n, as under dotnet fsi.
    /// </summary>
    static member Run(path: string, args: string[], stdout: TextWriter, stderr: TextWriter) : int =
        ArgumentNullException.ThrowIfNull path
        ArgumentNullException.ThrowIfNull args
        ArgumentNullException.ThrowIfNull stdout
        ArgumentNullException.ThrowIfNull stderr
        lock gate (fun () ->
            let savedOut, savedError = Console.Out, Console.Error
            Console.SetOut stdout
            Console.SetError stderr
            try
                try FSharpScript.Evaluate(path, args, stdout, stderr)
                finally
                    Console.Out.Flush()
                    Console.Error.Flush()
            finally
                Console.SetOut savedOut
                Console.SetError savedError)

    static member private Evaluate(path: string, args: string[], stdout: TextWriter, stderr: TextWriter) : int =
        let full = Path.GetFullPath path
        if not (File.Exists full) then
            stderr.WriteLine $"{path}: no such script"
            1
        else
            // argv[0] stands for the executable, as in fsi's own command line. --debug+ emits the PDBs that give
            // runtime exceptions their script lines; --optimize- keeps every script function as a frame of its own.
            let argv =
                [| yield path
                   yield! [ "--noninteractive"; "--nologo"; "--quiet"; "--debug+"; "--optimize-"; $"--define:{FSharpScript.HostedSymbol}" ]
                   for reference in FSharpScript.References -> $"-r:{reference}" |]
            // FSI's own error text repeats the diagnostics returned below; it is shown only if the session cannot start.
            use fsiErrors = new StringWriter()
            let session =
                try Ok(FsiEvaluationSession.Create(configuration.Value, argv, new StringReader(""), stdout, fsiErrors, collectible = false))
                with e -> Error $"{path}: the F# session could not start: {e.Message}{Environment.NewLine}{fsiErrors}"
            match session with
            | Error message ->
                stderr.WriteLine message
                1
            | Ok session ->
                use session = session
                let report (result: Choice<'a, exn>, diagnostics) =
                    let shown = diagnostics |> Array.filter ScriptReport.shown
                    for d in shown do
                        stderr.WriteLine(ScriptReport.formatDiagnostic d)
                    match result with
                    | Choice1Of2 _ -> 0
                    | Choice2Of2(:? FsiCompilationException as e) ->
                        if not (shown |> Array.exists (fun d -> d.Severity = FSharp.Compiler.Diagnostics.FSharpDiagnosticSeverity.Error)) then
                            stderr.WriteLine $"{path}: {e.Message}"
                        1
                    | Choice2Of2 e ->
                        stderr.WriteLine(ScriptReport.formatException e)
                        1
                match report (session.EvalInteractionNonThrowing(prelude path args)) with
                | 0 -> report (session.EvalScriptNonThrowing full)
                | failed -> failed
