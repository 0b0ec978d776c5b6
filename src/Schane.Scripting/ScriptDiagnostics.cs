using Schane.Core;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting;

/// <summary>
/// How script errors read: compile errors as compilers write them (<c>file(line,col): error CSxxxx: message</c>, the
/// offending line and a caret under the column), each in the file it is in (a #loaded file names itself); run-time
/// exceptions with their type, message and the stack frames, at the script's own file:line.
/// </summary>
internal static partial class ScriptDiagnostics
{
    /// <summary>
    /// Each error of <paramref name="diagnostics"/>. A diagnostic with no source of its own (the text compiled as a
    /// string) is placed in <paramref name="path"/> and shows lines of <paramref name="code"/>.
    /// </summary>
    public static string FormatErrors(IEnumerable<Diagnostic> diagnostics, string path, string? code = null)
    {
        var fallback = code != null ? SourceText.From(code) : null;
        var text = new StringBuilder();
        foreach (var d in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            if (!d.Location.IsInSource && d.Location.Kind != LocationKind.ExternalFile)
            {
                text.AppendLine($"{path}: error {d.Id}: {d.GetMessage()}");
                continue;
            }
            var span = d.Location.GetLineSpan();
            var file = string.IsNullOrEmpty(span.Path) ? path : span.Path;
            var source = d.Location.SourceTree?.GetText() ?? fallback;
            var line = span.StartLinePosition.Line;
            var column = span.StartLinePosition.Character;
            text.AppendLine($"{file}({line + 1},{column + 1}): error {d.Id}: {d.GetMessage()}");
            if (source != null && line < source.Lines.Count)
            {
                var lineText = source.Lines[line].ToString();
                text.AppendLine("    " + lineText);
                // Tabs stay tabs, so the caret lines up under the column however wide a tab shows.
                var indent = new string(lineText.Take(column).Select(c => c == '\t' ? '\t' : ' ').ToArray());
                text.AppendLine("    " + indent + "^");
            }
        }
        return text.ToString().TrimEnd();
    }

    /// <summary>
    /// An exception thrown by a script: <c>file(line): error: Type: message</c> at the innermost frame in the script's
    /// files, then the stack frames (the host's invocation and the async machinery left out), then inner exceptions.
    /// </summary>
    public static string FormatException(Exception exception, string mainPath, IReadOnlyCollection<string> scriptFiles)
    {
        var frames = new StackTrace(exception, fNeedFileInfo: true).GetFrames().Where(Shown).ToList();
        var origin = frames.FirstOrDefault(f => f.GetFileName() is { } file && scriptFiles.Contains(file));
        var where = origin != null ? $"{origin.GetFileName()}({origin.GetFileLineNumber()})" : mainPath;
        var text = new StringBuilder($"{where}: error: {exception.GetType().FullName}: {TorchErrors.MessageOf(exception)}");
        foreach (var frame in frames)
        {
            text.AppendLine().Append("   at ").Append(Describe(frame.GetMethod()!));
            if (frame.GetFileName() is { } file) text.Append($" in {file}:line {frame.GetFileLineNumber()}");
        }
        for (var inner = exception.InnerException; inner != null; inner = inner.InnerException)
            text.AppendLine().Append($" ---> {inner.GetType().FullName}: {TorchErrors.MessageOf(inner)}");
        return text.ToString();
    }

    private static bool Shown(StackFrame frame)
    {
        var method = frame.GetMethod();
        if (method?.DeclaringType is not { } type) return false;
        if (type.Assembly == typeof(ScriptDiagnostics).Assembly) return false;
        var ns = type.Namespace ?? "";
        // Roslyn's own submission runner appears when a notebook session runs a cell through ScriptState.
        return !ns.StartsWith("Microsoft.CodeAnalysis.Scripting", StringComparison.Ordinal) &&
               !ns.StartsWith("System.Runtime.CompilerServices", StringComparison.Ordinal) &&
               !ns.StartsWith("System.Runtime.ExceptionServices", StringComparison.Ordinal) &&
               !ns.StartsWith("System.Threading", StringComparison.Ordinal);
    }

    // Roslyn names a script's top-level code Submission#0.<<Initialize>>d__0.MoveNext(), its methods Submission#0.F(),
    // its lambdas Submission#0.<<Initialize>>b__0_0() or Submission#0+<>c.<<Initialize>>b__0_0(): shown as <script>, F(Int32 n) and "lambda in <script>".
    private static string Describe(MethodBase method)
    {
        var name = $"{method.DeclaringType!.FullName ?? method.DeclaringType.Name}.{method.Name}";
        name = AsyncMethod().Replace(name, ".$1");
        name = Lambda().Replace(name, ".lambda in $1");
        name = LocalFunction().Replace(name, ".$1");
        name = Submission().Replace(name, "").Replace("<Initialize>", "<script>", StringComparison.Ordinal);
        if (name == "<script>" || name.StartsWith("lambda in ", StringComparison.Ordinal)) return name;
        return $"{name}({string.Join(", ", method.GetParameters().Select(p => $"{p.ParameterType.Name} {p.Name}"))})";
    }

    [GeneratedRegex(@"\+<(<?\w+>?)>d__\d+\.MoveNext$")]
    private static partial Regex AsyncMethod();

    [GeneratedRegex(@"(?:\+<>c(?:__DisplayClass\w+)?)?\.<(<?\w+>?)>b__\w+$")]
    private static partial Regex Lambda();

    [GeneratedRegex(@"[.+]<(?:<?\w+>?)>g__(\w+)\|\w+$")]
    private static partial Regex LocalFunction();

    [GeneratedRegex(@"^Submission#\d+[.+]")]
    private static partial Regex Submission();
}
