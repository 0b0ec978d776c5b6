/// How a script's failures are shown: compiler diagnostics in the compiler's own `file(line,col): error FSxxxx:`
/// form with the offending source line, and runtime exceptions with the script lines of their stack trace.
module internal Schane.Scripting.FSharp.ScriptReport

open System
open System.Diagnostics
open System.IO
open System.Reflection
open FSharp.Compiler.Diagnostics

/// Errors and warnings; FCS's informational and hidden diagnostics are noise to a script's author.
let shown (diagnostic: FSharpDiagnostic) =
    diagnostic.Severity = FSharpDiagnosticSeverity.Error || diagnostic.Severity = FSharpDiagnosticSeverity.Warning

// The line a diagnostic points at, with carets under its range when it stays on that line (as Roslyn's CLI shows it).
let private excerpt (diagnostic: FSharpDiagnostic) : string list =
    if not (File.Exists diagnostic.FileName) then []
    else
        let lines = File.ReadAllLines diagnostic.FileName
        let index = diagnostic.StartLine - 1
        if index < 0 || index >= lines.Length then []
        else
            let text = lines[index].TrimEnd()
            let start = min diagnostic.StartColumn text.Length
            let stop = if diagnostic.EndLine = diagnostic.StartLine then min diagnostic.EndColumn text.Length else text.Length
            let marks = String(' ', start) + String('^', max 1 (stop - start))
            [ "    " + text; "    " + marks ]

/// <summary>
/// <c>file(line,col): error FS0001: message</c> (the form of fsc and dotnet fsi; col is 1-based), then the source
/// line with carets under the range. Multi-line messages keep their lines, without trailing spaces.
/// </summary>
let formatDiagnostic (diagnostic: FSharpDiagnostic) : string =
    let severity = if diagnostic.Severity = FSharpDiagnosticSeverity.Error then "error" else "warning"
    let message = diagnostic.Message.Split('\n') |> Array.map (fun l -> l.TrimEnd()) |> String.concat Environment.NewLine
    let head = $"{diagnostic.FileName}({diagnostic.StartLine},{diagnostic.StartColumn + 1}): {severity} {diagnostic.ErrorNumberText}: {message}"
    String.Join(Environment.NewLine, head :: excerpt diagnostic)

// Reflection and task wrappers say nothing about the script; their inner exception does.
let rec private unwrap (e: exn) : exn =
    match e with
    | :? TargetInvocationException as t when not (isNull t.InnerException) -> unwrap (nonNull t.InnerException)
    | :? AggregateException as a when a.InnerExceptions.Count = 1 -> unwrap a.InnerExceptions[0]
    | e -> e

/// A frame of script code: the file and line the portable PDB of the emitted assembly gives it.
type ScriptFrame = { Method: string; File: string; Line: int }

/// <summary>The frames of <paramref name="e"/>'s stack trace that lie in .fsx files, innermost first.</summary>
let scriptFrames (e: exn) : ScriptFrame list =
    StackTrace(e, true).GetFrames()
    |> Array.toList
    |> List.choose (fun frame ->
        match frame.GetFileName() with
        | null -> None
        | file when file.EndsWith(".fsx", StringComparison.OrdinalIgnoreCase) && frame.GetFileLineNumber() > 0 ->
            let name =
                match frame.GetMethod() with
                | null -> "?"
                // The body of a script file compiles to a static initialiser named main@.
                | m when m.Name = "main@" -> "<script>"
                | m -> m.Name
            Some { Method = name; File = file; Line = frame.GetFileLineNumber() }
        | _ -> None)

/// <summary>
/// <c>file(line): unhandled System.InvalidOperationException: message</c> naming the innermost script line, the inner
/// exceptions' types and messages, then every script frame (<c>at f in file:line n</c>).
/// </summary>
let formatException (e: exn) : string =
    let e = unwrap e
    let frames = scriptFrames e
    let where =
        match frames with
        | first :: _ -> $"{first.File}({first.Line}): "
        | [] -> ""
    let lines = ResizeArray [ $"{where}unhandled {e.GetType().FullName}: {Schane.Core.TorchErrors.MessageOf e}" ]
    let mutable inner = e.InnerException
    while not (isNull inner) do
        let i = nonNull inner
        lines.Add $" ---> {i.GetType().FullName}: {Schane.Core.TorchErrors.MessageOf i}"
        inner <- i.InnerException
    for f in frames do
        lines.Add $"   at {f.Method} in {f.File}:line {f.Line}"
    String.Join(Environment.NewLine, lines)
