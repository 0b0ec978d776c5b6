namespace Schane.Scripting;

/// <summary>
/// What a compiled script needs besides its own assembly to run: the assemblies it may load — its <c>#r</c> files
/// and the runtime assets of its NuGet packages — and the folders to look in for the #r files' dependencies. Stored
/// with a cached script, so a cached run needs no restore.
/// </summary>
internal sealed record ScriptManifest(IReadOnlyList<string> References, IReadOnlyList<string> PackageAssemblies, IReadOnlyList<string> ProbingDirectories)
{
    /// <summary>True when every assembly is still where it was.</summary>
    public bool FilesExist() => References.Concat(PackageAssemblies).All(File.Exists);
}
