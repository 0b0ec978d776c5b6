using System.Reflection;
using System.Runtime.Loader;

namespace Schane.Scripting;

/// <summary>
/// A script compiled (or taken from the cache) and loaded, ready to run: Roslyn's submission class, whose
/// <c>&lt;Factory&gt;</c> entry runs the script's top-level code with the globals and returns its value.
/// </summary>
public sealed class CompiledScript
{
    private readonly Func<object?[], Task<object?>> factory;

    internal CompiledScript(string path, IReadOnlyList<string> files, string hash, bool fromCache, Assembly assembly, AssemblyLoadContext context)
    {
        Context = context;
        Path = path;
        Files = files;
        Hash = hash;
        FromCache = fromCache;
        var entry = assembly.GetType("Submission#0")?.GetMethod("<Factory>", BindingFlags.Static | BindingFlags.Public)
                    ?? throw new BadImageFormatException($"{path}: the compiled script has no Submission#0.<Factory> entry");
        factory = entry.CreateDelegate<Func<object?[], Task<object?>>>();
    }

    /// <summary>The load context holding the script's assembly and its #r assemblies and packages.</summary>
    internal AssemblyLoadContext Context { get; }

    /// <summary>The script's full path.</summary>
    public string Path { get; }

    /// <summary>The script and every file it #loads (full paths), the script first.</summary>
    public IReadOnlyList<string> Files { get; }

    /// <summary>The cache key: SHA-256 (hex) of the host, the script's files, its #r files and packages.</summary>
    public string Hash { get; }

    /// <summary>True when the assembly came from the compiled-script cache (no compilation happened).</summary>
    public bool FromCache { get; }

    /// <summary>Runs the script and returns its value (a final expression or <c>return</c>; null when it has none).</summary>
    /// <exception cref="ScriptErrorException">The script threw; the message shows the type, message and the script's file:line frames.</exception>
    public object? Run(ScriptGlobals globals) => RunAsync(globals).GetAwaiter().GetResult();

    /// <summary>Runs the script, awaiting its asynchronous top-level code; see <see cref="Run"/>.</summary>
    public async Task<object?> RunAsync(ScriptGlobals globals)
    {
        // Slot 0 holds the globals, slot 1 this submission's state (Roslyn's submission array for a single submission).
        var submissions = new object?[] { globals, null };
        try
        {
            return await factory(submissions).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new ScriptErrorException(ScriptDiagnostics.FormatException(e, Path, Files.ToHashSet(StringComparer.Ordinal)), e);
        }
    }
}
