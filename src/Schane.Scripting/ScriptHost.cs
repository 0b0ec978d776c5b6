using System.Collections.Immutable;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Emit;
using Microsoft.CodeAnalysis.Scripting;

namespace Schane.Scripting;

/// <summary>
/// Compiles and loads C# scripts (.csx) the way dotnet-script does: <c>#r "path.dll"</c>, <c>#r "nuget: Name, Version"</c>
/// (a real restore through the SDK) and <c>#load "other.csx"</c>, relative to the file that writes them; the host's
/// assemblies referenced and their namespaces imported (<see cref="DefaultReferences"/>, <see cref="DefaultImports"/>);
/// <see cref="ScriptGlobals"/> as globals. A compiled script is cached on disk by the SHA-256 of everything it was
/// compiled from, so an unchanged script runs again without compiling.
/// </summary>
public sealed class ScriptHost
{
    /// <summary>
    /// The namespaces a script sees without writing using directives, and <c>TorchSharp.torch</c> as a static import
    /// (<c>using static TorchSharp.torch</c>), so that a script writes <c>torch.randn(4, 8)</c> and <c>Tensor</c> as
    /// TorchSharp code does.
    /// </summary>
    public static IReadOnlyList<string> DefaultImports { get; } =
    [
        "System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading", "System.Threading.Tasks",
        "TorchSharp", "TorchSharp.torch", "Schane.Core.Losses", "Schane.Core.Data", "Schane.Core.Models", "Schane.Core.Training",
        "Schane.Core.Evaluation", "Schane.Experiments",
    ];

    private static readonly Lazy<ScriptOptions> BaseOptions = new(() => ScriptOptions.Default
        .WithReferences(ScriptAssemblies.References)
        .WithImports(DefaultImports)
        .WithEmitDebugInformation(true)
        .WithFileEncoding(Encoding.UTF8));

    /// <summary>
    /// The assemblies a script references without <c>#r</c>, besides the whole shared framework: TorchSharp,
    /// Schane.Core, Schane.Experiments, Schane.Scripting and FSharp.Core.
    /// </summary>
    public static IReadOnlyList<Assembly> DefaultReferences => ScriptAssemblies.Host;

    /// <summary>
    /// Where compiled scripts and restored packages are kept unless told otherwise: <c>$SCHANE_SCRIPT_CACHE</c>, else
    /// <c>$XDG_CACHE_HOME/schane/scripts</c>, else <c>~/.cache/schane/scripts</c>.
    /// </summary>
    public static string DefaultCacheDirectory
    {
        get
        {
            var explicitDirectory = Environment.GetEnvironmentVariable("SCHANE_SCRIPT_CACHE");
            if (!string.IsNullOrEmpty(explicitDirectory)) return Path.GetFullPath(explicitDirectory);
            var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
            var root = !string.IsNullOrEmpty(xdg) ? xdg : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(root, "schane", "scripts");
        }
    }

    /// <summary>The folder of compiled scripts (one folder per hash) and of restored packages (<c>nuget/</c>).</summary>
    public string CacheDirectory { get; init; } = DefaultCacheDirectory;

    /// <summary>False compiles every time and neither reads nor writes compiled scripts (restores stay cached).</summary>
    public bool UseCompiledCache { get; init; } = true;

    /// <summary>
    /// Load each script into a collectible context (AssemblyLoadContext(isCollectible: true)), which can be unloaded
    /// when the script is replaced; off (the default), a script's assemblies stay loaded for the process's life. A
    /// collectible context starts unloading once nothing references its <see cref="CompiledScript"/> any more (and
    /// then loads no further #r assemblies): keep the CompiledScript while the script's code may still run.
    /// </summary>
    public bool Collectible { get; init; }

    /// <summary>Receives one line per step worth knowing: "compiled …", "cached …", restores.</summary>
    public Action<string>? Log { get; init; }

    /// <summary>Compiles the script at <paramref name="path"/> (or takes it from the cache) and loads it.</summary>
    /// <exception cref="FileNotFoundException">The script does not exist.</exception>
    /// <exception cref="ScriptErrorException">
    /// A compile error (compiler-style lines with the offending line and a caret), a missing or cyclic <c>#load</c>,
    /// or a package that cannot be restored; each names the file and line.
    /// </exception>
    public CompiledScript Compile(string path)
    {
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath)) throw new FileNotFoundException($"script not found: {path}", fullPath);
        // Only a compilation needs the references: a cached run reads the files and hashes them.
        var options = ScriptOptions.Default;
        var sources = ScriptSources.Read(fullPath, options.SourceResolver);
        var files = sources.Files.Select(f => f.Path).ToList();

        var referencedFiles = new List<string>();
        var packages = new List<(ScriptReferenceDirective Directive, NuGetReference Package)>();
        foreach (var directive in sources.References)
        {
            if (!NuGetReference.IsNuGet(directive.Reference))
            {
                referencedFiles.AddRange(options.MetadataResolver
                    .ResolveReference(directive.Reference, directive.FilePath, MetadataReferenceProperties.Assembly)
                    .Select(r => r.FilePath).OfType<string>());
                continue;
            }
            try { packages.Add((directive, NuGetReference.Parse(directive.Reference))); }
            catch (FormatException e) { throw new ScriptErrorException($"{directive.Location}: error: {e.Message}"); }
        }

        var key = ScriptCacheKey.Compute(sources, referencedFiles, packages.Select(p => p.Package));
        var cache = new ScriptCache(CacheDirectory);
        if (UseCompiledCache && cache.TryLoad(key) is { } cached)
        {
            try
            {
                var script = Load(fullPath, files, key, fromCache: true, cached);
                Log?.Invoke($"cached {fullPath} ({key[..12]})");
                return script;
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                cache.Remove(key);
            }
        }

        var stopwatch = Stopwatch.StartNew();
        var entry = Emit(sources, referencedFiles, packages);
        Log?.Invoke($"compiled {fullPath} in {stopwatch.ElapsedMilliseconds} ms ({key[..12]})");
        if (UseCompiledCache && !cache.TryStore(key, entry)) Log?.Invoke($"could not write the script cache in {CacheDirectory}");
        return Load(fullPath, files, key, fromCache: false, entry);
    }

    private ScriptCacheEntry Emit(ScriptSources sources, List<string> referencedFiles,
        List<(ScriptReferenceDirective Directive, NuGetReference Package)> packages)
    {
        var restorer = new NuGetRestorer(CacheDirectory, Log);
        var packageReferences = new Dictionary<string, ImmutableArray<PortableExecutableReference>>();
        var packageAssemblies = new List<string>();
        var superseded = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (directive, package) in packages)
        {
            RestoredPackage restored;
            try { restored = restorer.Restore(package); }
            catch (NuGetRestoreException e) { throw new ScriptErrorException($"{directive.Location}: error: #r \"{package}\": {e.Message}"); }
            var compile = new List<PortableExecutableReference>();
            foreach (var asset in restored.CompileAssemblies)
            {
                // A package asset the framework or host also has: the newer one is compiled against, as the SDK does.
                var name = ScriptAssemblies.SimpleName(asset);
                var shared = name == null ? null : ScriptAssemblies.ReferenceVersion(name);
                if (shared != null && shared >= AssemblyName.GetAssemblyName(asset).Version) continue;
                if (shared != null) superseded.Add(name!);
                compile.Add(MetadataReference.CreateFromFile(asset));
            }
            // Roslyn takes an empty resolution for a missing file: a package wholly provided by the framework
            // resolves to a reference the script has anyway.
            packageReferences[package.Key] = compile.Count > 0 ? [.. compile] : [ScriptAssemblies.HostByName[typeof(ScriptHost).Assembly.GetName().Name!]];
            packageAssemblies.AddRange(restored.RuntimeAssemblies);
        }

        var baseOptions = BaseOptions.Value;
        var options = baseOptions
            .WithReferences(ScriptAssemblies.References.Where(r => r.Display is not { } display ||
                                                                   !superseded.Contains(Path.GetFileNameWithoutExtension(display))))
            .WithFilePath(sources.Main.Path)
            .WithSourceResolver(new SnapshotSourceResolver(baseOptions.SourceResolver, sources.Files.ToDictionary(f => f.Path, f => f.Text)))
            .WithMetadataResolver(new ScriptReferenceResolver(baseOptions.MetadataResolver, packageReferences, ScriptAssemblies.HostByName));
        var compilation = CSharpScript.Create<object?>(sources.Main.Text.ToString(), options, typeof(ScriptGlobals)).GetCompilation();
        using var assembly = new MemoryStream();
        using var pdb = new MemoryStream();
        var result = compilation.Emit(assembly, pdb, options: new EmitOptions(debugInformationFormat: DebugInformationFormat.PortablePdb));
        if (!result.Success)
            throw new ScriptErrorException(ScriptDiagnostics.FormatErrors(result.Diagnostics, sources.Main.Path, sources.Main.Text.ToString()));
        var probing = referencedFiles.Select(f => Path.GetDirectoryName(f)!).Distinct().ToList();
        return new ScriptCacheEntry(assembly.ToArray(), pdb.ToArray(), new ScriptManifest(referencedFiles.Distinct().ToList(), packageAssemblies.Distinct().ToList(), probing));
    }

    private CompiledScript Load(string path, IReadOnlyList<string> files, string key, bool fromCache, ScriptCacheEntry entry)
    {
        var context = new ScriptLoadContext($"schane-script {Path.GetFileName(path)} {key[..12]}", entry.Manifest, Collectible);
        using var assembly = new MemoryStream(entry.Assembly);
        using var pdb = new MemoryStream(entry.Pdb);
        try
        {
            return new CompiledScript(path, files, key, fromCache, context.LoadFromStream(assembly, pdb), context);
        }
        catch when (Collectible)
        {
            context.Unload();
            throw;
        }
    }
}
