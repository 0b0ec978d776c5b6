namespace Schane.Scripting;

/// <summary>
/// What a restore of one package gives a script: the assemblies to compile against and the assemblies to load at run
/// time, the package's own and its dependencies' (from project.assets.json, for the script's target framework).
/// </summary>
internal sealed record RestoredPackage(IReadOnlyList<string> CompileAssemblies, IReadOnlyList<string> RuntimeAssemblies)
{
    /// <summary>True when every file still exists (a cleared NuGet folder makes a cached restore stale).</summary>
    public bool FilesExist() => CompileAssemblies.Concat(RuntimeAssemblies).All(File.Exists);
}
