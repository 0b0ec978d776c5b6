using Microsoft.CodeAnalysis;
using Schane.Core.Losses;
using Schane.Engine;

namespace Schane.Scripting;

/// <summary>
/// Loads a negative-weighting function from a C# script (.csx). The script's final expression is the weighting:
/// either a <see cref="NegativeWeighting"/> (e.g. <c>NegativeWeighting.TopK(5)</c>) or a
/// <c>Func&lt;SimilarityBlock, Tensor&gt;</c> returning log-weights [R, N] (see <see cref="NegativeWeighting.LogWeights"/>).
/// The script runs on <see cref="ScriptHost"/>: the same references, imports, directives and compiled-script cache as
/// <c>schane run</c>.
/// </summary>
public static class WeightingScript
{
    private static readonly ScriptHost Host = new();

    /// <summary>The namespaces a script sees without writing using directives (<see cref="ScriptHost.DefaultImports"/>).</summary>
    public static readonly string[] Imports = [.. ScriptHost.DefaultImports];

    /// <summary>Compiles and runs the script at <paramref name="path"/> and returns its weighting.</summary>
    public static NegativeWeighting Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weighting script not found: {path}", path);
        var value = Host.Compile(path).Run(ScriptGlobals.Empty);
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

    /// <summary>
    /// Compiler-style lines for each error, each followed by the offending source line and a caret under the column.
    /// An error inside a #loaded file names that file and shows its line; one with no source file of its own is
    /// placed in <paramref name="path"/> and shows a line of <paramref name="code"/>.
    /// </summary>
    public static string FormatDiagnostics(string path, string code, IEnumerable<Diagnostic> diagnostics) =>
        ScriptDiagnostics.FormatErrors(diagnostics, path, code);
}
