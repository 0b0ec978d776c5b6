namespace Schane.Scripting.FSharp

open System
open System.IO
open System.Threading
open FSharp.Compiler.Diagnostics
open FSharp.Compiler.Interactive.Shell

/// <summary>What one F# submission gave: its value (when it ends in an expression), or why it failed.</summary>
[<RequireQualifiedAccess>]
type FSharpSubmission =
    /// <summary>It ran; <c>value</c> is the final expression's value and static type, when it has one.</summary>
    | Ran of value: (objnull * Type) option
    /// <summary>It did not compile: the diagnostics as <c>name(line,col): error FSxxxx: message</c> with the line and carets.</summary>
    | CompileError of message: string
    /// <summary>It threw while running: the exception and its report (type, message, script lines).</summary>
    | Threw of error: exn * report: string

/// <summary>
/// A persistent F# Interactive session (FSharp.Compiler.Service's FsiEvaluationSession, the engine of dotnet fsi):
/// each submission sees the definitions of those before it, as cells of a notebook do. It references TorchSharp,
/// the core and the experiments (like <see cref="T:Schane.Scripting.FSharp.FSharpScript"/>) plus the host's
/// <paramref name="extraReferences"/>, and runs <paramref name="prelude"/> first (a host binds its helpers there).
/// Submissions run on the calling thread, one at a time; their console output goes to Console.Out/Console.Error as
/// they are at that moment.
/// </summary>
type FSharpSession(extraReferences: string[], prelude: string, workingDirectory: string) =
    // FSI's own messages; its diagnostics are returned from each evaluation, so these are only shown if it fails to start.
    let fsiOut = new StringWriter()
    let fsiErrors = new StringWriter()
    let gate = obj ()
    let session =
        let argv =
            [| yield "fsi"
               yield! [ "--noninteractive"; "--nologo"; "--quiet"; "--debug+"; "--optimize-"; $"--define:{FSharpScript.HostedSymbol}" ]
               for reference in Array.append FSharpScript.References extraReferences -> $"-r:{reference}" |]
        let configuration = FsiEvaluationSession.GetDefaultConfiguration(Settings.fsi, false)
        try FsiEvaluationSession.Create(configuration, argv, new StringReader(""), fsiOut, fsiErrors, collectible = false)
        with e -> invalidOp $"the F# session could not start: {e.Message}{Environment.NewLine}{fsiErrors}"
    let mutable started = false
    let mutable count = 0

    // A diagnostic in the compiler's form, with the submission's own line and carets (the text is not a file).
    let format (name: string) (code: string) (d: FSharpDiagnostic) =
        let severity = if d.Severity = FSharpDiagnosticSeverity.Error then "error" else "warning"
        let message = d.Message.Split('\n') |> Array.map (fun l -> l.TrimEnd()) |> String.concat Environment.NewLine
        let lines = code.Split('\n')
        let head = $"{name}({d.StartLine},{d.StartColumn + 1}): {severity} {d.ErrorNumberText}: {message}"
        let index = d.StartLine - 1
        if index < 0 || index >= lines.Length then head
        else
            let text = lines[index].TrimEnd()
            let start = min d.StartColumn text.Length
            let stop = if d.EndLine = d.StartLine then min d.EndColumn text.Length else text.Length
            String.Join(Environment.NewLine, [ head; "    " + text; "    " + String(' ', start) + String('^', max 1 (stop - start)) ])

    let evaluate (name: string) (code: string) (cancellation: CancellationToken) =
        let result, diagnostics = session.EvalInteractionNonThrowing(code, Path.Combine(workingDirectory, name), cancellation)
        let errors = diagnostics |> Array.filter (fun d -> d.Severity = FSharpDiagnosticSeverity.Error)
        match result with
        // Some parse errors come back as a successful evaluation of nothing: the errors decide.
        | Choice1Of2 _ when errors.Length > 0 ->
            FSharpSubmission.CompileError(String.Join(Environment.NewLine, errors |> Array.map (format name code)))
        | Choice1Of2 value ->
            FSharpSubmission.Ran(value |> Option.map (fun v -> v.ReflectionValue, v.ReflectionType))
        | Choice2Of2 (:? FsiCompilationException as e) ->
            let shown = errors |> Array.map (format name code)
            FSharpSubmission.CompileError(if shown.Length > 0 then String.Join(Environment.NewLine, shown) else $"{name}: {e.Message}")
        | Choice2Of2 e when errors.Length > 0 && not (e :? OperationCanceledException) ->
            FSharpSubmission.CompileError(String.Join(Environment.NewLine, errors |> Array.map (format name code)))
        | Choice2Of2 e -> FSharpSubmission.Threw(e, ScriptReport.formatException e)

    /// <summary>How many submissions have been evaluated (the prelude not counted).</summary>
    member _.Count = count

    /// <summary>
    /// Compiles and runs <paramref name="code"/> as the next submission; <paramref name="name"/> (e.g. <c>cell3.fsx</c>)
    /// names it in diagnostics and stack traces and lies in the session's working directory, so <c>#load</c> and
    /// <c>#r</c> resolve relative to it.
    /// </summary>
    member _.Evaluate(name: string, code: string, cancellation: CancellationToken) : FSharpSubmission =
        ArgumentNullException.ThrowIfNull name
        ArgumentNullException.ThrowIfNull code
        lock gate (fun () ->
            if not started then
                match evaluate "prelude.fsx" prelude CancellationToken.None with
                | FSharpSubmission.Ran _ -> started <- true
                | FSharpSubmission.CompileError message -> invalidOp $"the F# session's prelude did not compile:{Environment.NewLine}{message}"
                | FSharpSubmission.Threw(_, report) -> invalidOp $"the F# session's prelude threw:{Environment.NewLine}{report}"
            count <- count + 1
            evaluate name code cancellation)

    /// <summary>
    /// The names that can follow <paramref name="longIdentifier"/> (e.g. <c>System.Con</c> or <c>xs.Le</c>) in the
    /// session as it stands: FSI's own completion.
    /// </summary>
    member _.Completions(longIdentifier: string) : string[] =
        lock gate (fun () -> session.GetCompletions longIdentifier |> Seq.distinct |> Seq.toArray)

    interface IDisposable with
        member _.Dispose() =
            (session :> IDisposable).Dispose()
            fsiOut.Dispose()
            fsiErrors.Dispose()
