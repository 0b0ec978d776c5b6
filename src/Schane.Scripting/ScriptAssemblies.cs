using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.FSharp.Core;
using Schane.Core.Losses;
using TorchSharp;

namespace Schane.Scripting;

/// <summary>
/// The assemblies every script compiles against: the whole shared framework this process runs on (as a project
/// targeting it sees), and the host's own TorchSharp, Schane.Core, Schane.Experiments, Schane.Scripting and
/// FSharp.Core (the experiments' F# types appear in their signatures).
/// </summary>
internal static class ScriptAssemblies
{
    /// <summary>The host's assemblies a script references by default.</summary>
    public static IReadOnlyList<Assembly> Host { get; } =
    [
        typeof(torch).Assembly,
        typeof(NegativeWeighting).Assembly,
        typeof(Schane.Experiments.Statistics.Summary).Assembly,
        typeof(ScriptGlobals).Assembly,
        typeof(FSharpOption<>).Assembly,
    ];

    private static readonly ConcurrentDictionary<string, string?> SimpleNames = new(StringComparer.Ordinal);
    private static readonly Lazy<IReadOnlyList<string>> TrustedPlatform = new(() =>
        ((string?)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries));
    private static readonly Lazy<IReadOnlyList<string>> FrameworkPaths = new(() =>
    {
        var folder = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        return TrustedPlatform.Value.Where(p => Path.GetDirectoryName(p) == folder).Order(StringComparer.Ordinal).ToList();
    });
    private static readonly Lazy<IReadOnlyDictionary<string, PortableExecutableReference>> HostReferences = new(() =>
        Host.ToDictionary(a => a.GetName().Name!, a => MetadataReference.CreateFromFile(a.Location)));
    private static readonly Lazy<IReadOnlyList<MetadataReference>> AllReferences = new(() =>
        FrameworkPaths.Value.Where(p => !HostReferences.Value.ContainsKey(Path.GetFileNameWithoutExtension(p)))
            .Select(p => (MetadataReference)MetadataReference.CreateFromFile(p))
            .Concat(HostReferences.Value.Values).ToList());

    private static readonly Lazy<IReadOnlyDictionary<string, Version?>> ReferenceVersions = new(() =>
        FrameworkPaths.Value.Concat(Host.Select(a => a.Location))
            .Select(p => { try { return AssemblyName.GetAssemblyName(p); } catch (BadImageFormatException) { return null; } })
            .OfType<AssemblyName>().Where(n => n.Name != null)
            .GroupBy(n => n.Name!).ToDictionary(g => g.Key, g => g.Max(n => n.Version)));

    /// <summary>Framework and host references, one metadata reference each (shared by every compilation).</summary>
    public static IReadOnlyList<MetadataReference> References => AllReferences.Value;

    /// <summary>The host's own references by simple name, for resolving a <c>#r</c> of a copy to the host's.</summary>
    public static IReadOnlyDictionary<string, PortableExecutableReference> HostByName => HostReferences.Value;

    /// <summary>The assembly name of a file (null when it is not a .NET assembly); remembered per path.</summary>
    public static string? SimpleName(string path) => SimpleNames.GetOrAdd(path, static p =>
    {
        try { return AssemblyName.GetAssemblyName(p).Name; }
        catch (Exception e) when (e is BadImageFormatException or IOException or UnauthorizedAccessException) { return null; }
    });

    /// <summary>The version of <paramref name="name"/> among <see cref="References"/>; null when it is not one of them.</summary>
    public static Version? ReferenceVersion(string name) => ReferenceVersions.Value.GetValueOrDefault(name);

    /// <summary>
    /// The version of <paramref name="name"/> that the default load context has loaded or would load (the framework,
    /// the host and its dependencies); null when it has none. A script's own copy is loaded only when it is newer.
    /// </summary>
    public static Version? SharedVersion(string name)
    {
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
            if (assembly.GetName() is { } loaded && loaded.Name == name) return loaded.Version;
        var path = TrustedPlatform.Value.FirstOrDefault(p => Path.GetFileNameWithoutExtension(p) == name);
        if (path == null) return null;
        try { return AssemblyName.GetAssemblyName(path).Version; }
        catch (Exception e) when (e is BadImageFormatException or IOException) { return null; }
    }
}
