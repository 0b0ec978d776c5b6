using System.Reflection;
using System.Runtime.Loader;

namespace Schane.Scripting;

/// <summary>
/// The load context of one compiled script. Assemblies the host shares (the framework, Schane.*, FSharp.Core) come
/// from the default context, so a script's tensors and weightings are the host's types; the script's own
/// <c>#r</c> assemblies and NuGet packages load here, and so do the #r files' neighbours (their dependencies). A
/// private copy wins over the shared one only when it is newer, as the SDK's conflict resolution decides. A
/// collectible context (a weighting script reloaded on every save) is unloaded once <see cref="AssemblyLoadContext.Unload"/>
/// was called and nothing references its code any more.
/// </summary>
internal sealed class ScriptLoadContext : AssemblyLoadContext
{
    private readonly Dictionary<string, string> references = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, string> packages = new(StringComparer.OrdinalIgnoreCase);
    private readonly IReadOnlyList<string> probingDirectories;

    public ScriptLoadContext(string name, ScriptManifest manifest, bool collectible = false) : base(name, isCollectible: collectible)
    {
        foreach (var path in manifest.References)
            if (ScriptAssemblies.SimpleName(path) is { } simpleName) references.TryAdd(simpleName, path);
        foreach (var path in manifest.PackageAssemblies)
            if (ScriptAssemblies.SimpleName(path) is { } simpleName) packages.TryAdd(simpleName, path);
        probingDirectories = manifest.ProbingDirectories;
    }

    protected override Assembly? Load(AssemblyName name)
    {
        if (name.Name == null) return null;
        var shared = ScriptAssemblies.SharedVersion(name.Name);
        if (shared != null && (name.Version == null || shared >= name.Version)) return null;
        if (packages.TryGetValue(name.Name, out var package)) return LoadFromAssemblyPath(package);
        if (references.TryGetValue(name.Name, out var reference)) return LoadCopy(reference);
        foreach (var directory in probingDirectories)
        {
            var candidate = Path.Combine(directory, name.Name + ".dll");
            if (File.Exists(candidate)) return LoadCopy(candidate);
        }
        return null;
    }

    // A #r'd file is the user's own build output, rebuilt in place between runs of a live session. The runtime keeps
    // an image loaded from a path mapped and shares it by path, so a rebuilt file would read as a corrupt image
    // (BadImageFormatException): the bytes (and the PDB, for line numbers) are loaded instead. Package files in the
    // NuGet folder never change and load from their path.
    private Assembly LoadCopy(string path)
    {
        using var assembly = new MemoryStream(File.ReadAllBytes(path));
        var pdbPath = Path.ChangeExtension(path, ".pdb");
        using var pdb = File.Exists(pdbPath) ? new MemoryStream(File.ReadAllBytes(pdbPath)) : null;
        return LoadFromStream(assembly, pdb);
    }
}
