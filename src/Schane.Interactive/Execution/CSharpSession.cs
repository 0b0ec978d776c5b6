using Schane.Core;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Scripting;
using Schane.Scripting;

namespace Schane.Interactive.Execution;

/// <summary>
/// C# cells as a chain of Roslyn script submissions: each cell compiles against the state the previous ones left
/// (variables, types, usings, <c>#r</c> references), as in the C# REPL. References and imports are the scripts'
/// (<see cref="ScriptHost"/>) plus this assembly; <c>#r</c> and <c>#load</c> resolve relative to the notebook's folder.
/// </summary>
internal sealed class CSharpSession(string workingDirectory)
{
    private readonly ScriptOptions options = ScriptOptions.Default
        .WithReferences(ScriptAssemblies.References.Append(MetadataReference.CreateFromFile(typeof(Cell).Assembly.Location)))
        .WithImports(ScriptHost.DefaultImports.Append("Schane.Core.Notebooks").Append("Schane.Interactive"))
        .WithSourceResolver(new SourceFileResolver([], workingDirectory))
        .WithMetadataResolver(ScriptMetadataResolver.Default.WithBaseDirectory(workingDirectory))
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8);

    private readonly CellGlobals globals = new();
    private readonly object gate = new();
    private ScriptState<object?>? state;

    /// <summary>The script a new cell would continue from (null before the first cell).</summary>
    public Script<object?>? Last
    {
        get { lock (gate) return (Script<object?>?)state?.Script; }
    }

    /// <summary>A cell's text as the next submission, named <paramref name="name"/> in diagnostics and stack traces.</summary>
    public Script<object?> Continue(string name, string code)
    {
        var named = options.WithFilePath(Path.Combine(workingDirectory, name));
        return Last is { } last ? last.ContinueWith<object?>(code, named) : CSharpScript.Create<object?>(code, named, typeof(CellGlobals));
    }

    /// <summary>
    /// Compiles and runs <paramref name="code"/> in <paramref name="run"/>. Its state is kept for the next cell
    /// when it ran (also when it threw: what it defined before the throw stays), not when it did not compile or
    /// was abandoned.
    /// </summary>
    public CellResult Run(string name, string code, CellRun run)
    {
        var packages = PackageDirectives.Apply(code, workingDirectory);
        foreach (var note in packages.Notes) run.Write("stdout", note + "\n");
        if (packages.Error is { } unsatisfied)
            return CellResult.Error.Of("PackageNotAvailable", unsatisfied, $"{name}: {unsatisfied}");
        code = packages.Code;
        var script = Continue(name, code);
        var diagnostics = script.Compile(run.Cancellation);
        if (diagnostics.Any(d => d.Severity == DiagnosticSeverity.Error))
        {
            var report = ScriptDiagnostics.FormatErrors(diagnostics, Path.Combine(workingDirectory, name), code) + Hint(code);
            var first = diagnostics.First(d => d.Severity == DiagnosticSeverity.Error);
            return CellResult.Error.Of("CompilationError", $"{first.Id}: {first.GetMessage()}", report);
        }
        var hasValue = HasValue(script.GetCompilation(), script.Options.FilePath);
        ScriptState<object?>? previous;
        lock (gate) previous = state;
        var next = (previous == null
            ? script.RunAsync(globals, _ => true, CancellationToken.None)
            : script.RunFromAsync(previous, _ => true, CancellationToken.None)).GetAwaiter().GetResult();
        lock (gate)
            if (!run.Abandoned) state = next;
        if (next.Exception is { } exception)
        {
            var thrown = Unwrap(exception);
            var files = new HashSet<string>(StringComparer.Ordinal) { Path.Combine(workingDirectory, name) };
            var report = ScriptDiagnostics.FormatException(thrown, Path.Combine(workingDirectory, name), files);
            return CellResult.Error.Of(thrown.GetType().Name, TorchErrors.MessageOf(thrown), report);
        }
        return new CellResult.Ok(hasValue ? run.Format(next.ReturnValue) : null);
    }

    // Whether the submission ends in an expression without a semicolon that has a value (Roslyn's submission result).
    private static bool HasValue(Compilation compilation, string path)
    {
        var tree = SubmissionTree(compilation, path);
        return ((CompilationUnitSyntax)tree.GetRoot()).Members.LastOrDefault() is GlobalStatementSyntax
               {
                   Statement: ExpressionStatementSyntax { SemicolonToken.IsMissing: true } statement,
               } &&
               compilation.GetSemanticModel(tree).GetTypeInfo(statement.Expression).Type is { SpecialType: not SpecialType.System_Void };
    }

    // Two mistakes whose compiler errors do not say what is wrong: F# code in a cell that Jupyter sends as C# (Jupyter
    // passes no cell language; a first line #!fsharp does), and `using var`, which script submissions do not allow.
    private static string Hint(string code)
    {
        var lines = code.Split('\n').Select(l => l.TrimStart()).ToList();
        if (lines.Any(l => l.StartsWith("using var ", StringComparison.Ordinal)))
            return "\nhint: a cell cannot declare `using var` at its top level (C# scripts do not allow it): use a `using (...) { }` " +
                   "block, or `var scope = torch.NewDisposeScope();` and `scope.Dispose()` in a later cell";
        if (lines.Any(l => l.StartsWith("let ", StringComparison.Ordinal) || l.StartsWith("open ", StringComparison.Ordinal) || l.Contains("|>")))
            return "\nhint: this looks like F#; start the cell with a line #!fsharp (Jupyter sends cells without their language)";
        return "";
    }

    /// <summary>The cell's own syntax tree in a submission's compilation (#load adds the loaded files' trees).</summary>
    public static SyntaxTree SubmissionTree(Compilation compilation, string path) => compilation.SyntaxTrees.Last(t => t.FilePath == path);

    private static Exception Unwrap(Exception e) => e is AggregateException { InnerExceptions.Count: 1 } a ? Unwrap(a.InnerExceptions[0]) : e;

    /// <summary>Whether <paramref name="code"/> is a whole submission (Jupyter's is_complete).</summary>
    public static (string Status, string Indent) IsComplete(string code)
    {
        var tree = SyntaxFactory.ParseSyntaxTree(code, CSharpParseOptions.Default.WithKind(SourceCodeKind.Script));
        if (!SyntaxFactory.IsCompleteSubmission(tree)) return ("incomplete", "    ");
        return tree.GetDiagnostics().Any(d => d.Severity == DiagnosticSeverity.Error) ? ("invalid", "") : ("complete", "");
    }
}
