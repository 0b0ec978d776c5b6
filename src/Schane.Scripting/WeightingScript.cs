using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Schane.Core.Losses;
using Schane.Engine;

namespace Schane.Scripting;

/// <summary>
/// Loads a negative-weighting function from a C# script (.csx). The script's final expression is the weighting:
/// either a <see cref="NegativeWeighting"/> (e.g. <c>NegativeWeighting.TopK(5)</c>) or a
/// <c>Func&lt;SimilarityBlock, Tensor&gt;</c> returning log-weights [R, N] (see <see cref="NegativeWeighting.LogWeights"/>).
/// Schane.Engine and Schane.Core.Losses are referenced and imported.
/// </summary>
public static class WeightingScript
{
    /// <summary>The namespaces a script sees without writing using directives.</summary>
    public static readonly string[] Imports = ["System", "System.Linq", "System.Collections.Generic", "Schane.Engine", "Schane.Core.Losses"];

    /// <summary>Compiles and runs the script at <paramref name="path"/> and returns its weighting.</summary>
    public static NegativeWeighting Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weighting script not found: {path}", path);
        var code = File.ReadAllText(path);
        var options = ScriptOptions.Default
            .WithFilePath(Path.GetFullPath(path))
            .WithFileEncoding(Encoding.UTF8)
            .WithReferences(typeof(Tensor).Assembly, typeof(NegativeWeighting).Assembly)
            .WithImports(Imports)
            .WithEmitDebugInformation(true);
        object? value;
        try
        {
            value = CSharpScript.EvaluateAsync<object?>(code, options).GetAwaiter().GetResult();
        }
        catch (CompilationErrorException e)
        {
            throw new ScriptErrorException(FormatDiagnostics(path, code, e.Diagnostics), e);
        }
        catch (Exception e)
        {
            throw new ScriptErrorException($"{path}: the script threw {e.GetType().Name}: {e.Message}", e);
        }
        var name = Path.GetFileNameWithoutExtension(path);
        return value switch
        {
            NegativeWeighting weighting => weighting,
            Func<SimilarityBlock, Tensor> logWeights => NegativeWeighting.FromLogWeights(logWeights, name),
            null => throw new ScriptErrorException($"{path}: the script must end with an expression giving the weighting " +
                "(a NegativeWeighting, or a Func<SimilarityBlock, Tensor> of log-weights); it gave nothing"),
            _ => throw new ScriptErrorException($"{path}: the script's final expression is a {value.GetType().Name}; expected " +
                "a NegativeWeighting or a Func<SimilarityBlock, Tensor> of log-weights"),
        };
    }

    /// <summary>Compiler-style lines for each error, each followed by the offending source line.</summary>
    public static string FormatDiagnostics(string path, string code, IEnumerable<Diagnostic> diagnostics)
    {
        var lines = code.Split('\n');
        var text = new StringBuilder();
        foreach (var d in diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error))
        {
            var span = d.Location.GetLineSpan();
            var line = span.StartLinePosition.Line;
            var column = span.StartLinePosition.Character;
            text.AppendLine($"{path}({line + 1},{column + 1}): error {d.Id}: {d.GetMessage()}");
            if (line < lines.Length)
            {
                text.AppendLine("    " + lines[line].TrimEnd('\r'));
                text.AppendLine("    " + new string(' ', column) + "^");
            }
        }
        return text.ToString().TrimEnd();
    }
}
