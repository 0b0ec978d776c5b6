using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Schane.Core.Losses;
using static TorchSharp.torch;

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
    private static readonly ScriptHost CollectibleHost = new() { Collectible = true };

    // A collectible context starts unloading as soon as its AssemblyLoadContext object is unreachable, even while the
    // script's code still runs — and from then on it cannot load the script's #r assemblies, which load on first use.
    // Keyed on the weighting handed out, the context lives exactly as long as that weighting. (Not on the script's
    // delegate: the script's own statics cache it, and they live as long as the context — it would never go.)
    private static readonly ConditionalWeakTable<NegativeWeighting, AssemblyLoadContext> Contexts = new();

    /// <summary>The namespaces a script sees without writing using directives (<see cref="ScriptHost.DefaultImports"/>).</summary>
    public static readonly string[] Imports = [.. ScriptHost.DefaultImports];

    /// <summary>Compiles and runs the script at <paramref name="path"/> and returns its weighting.</summary>
    public static NegativeWeighting Load(string path) => Load(path, Host);

    /// <summary>
    /// <see cref="Load(string)"/> into a collectible load context: the script's assemblies are unloaded once nothing
    /// references the weighting (or any other object or code of the script) any more; a script that fails is unloaded
    /// at once. For scripts reloaded again and again in one process (<see cref="WeightingWatcher"/>).
    /// </summary>
    public static NegativeWeighting LoadCollectible(string path) => Load(path, CollectibleHost);

    private static NegativeWeighting Load(string path, ScriptHost host)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"weighting script not found: {path}", path);
        var script = host.Compile(path);
        try
        {
            var value = script.Run(ScriptGlobals.Empty);
            var name = Path.GetFileNameWithoutExtension(path);
            var weighting = value switch
            {
                NegativeWeighting w => w,
                Func<SimilarityBlock, Tensor> logWeights => NegativeWeighting.FromLogWeights(logWeights, name),
                null => throw new ScriptErrorException($"{path}: the script must end with an expression giving the weighting " +
                    "(a NegativeWeighting, or a Func<SimilarityBlock, Tensor> of log-weights); it gave nothing"),
                _ => throw new ScriptErrorException($"{path}: the script's final expression is a {value.GetType().Name}; expected " +
                    "a NegativeWeighting or a Func<SimilarityBlock, Tensor> of log-weights"),
            };
            if (script.Context.IsCollectible) Contexts.AddOrUpdate(weighting, script.Context);
            return weighting;
        }
        catch when (script.Context.IsCollectible)
        {
            script.Context.Unload();
            throw;
        }
    }

    /// <summary>
    /// Compiler-style lines for each error, each followed by the offending source line and a caret under the column.
    /// An error inside a #loaded file names that file and shows its line; one with no source file of its own is
    /// placed in <paramref name="path"/> and shows a line of <paramref name="code"/>.
    /// </summary>
    public static string FormatDiagnostics(string path, string code, IEnumerable<Diagnostic> diagnostics) =>
        ScriptDiagnostics.FormatErrors(diagnostics, path, code);
}
