namespace Schane.Core.Runtime;

/// <summary>
/// A libstdc++.so.6 and the versions it defines: what a library's GLIBCXX_/CXXABI_ requirements are checked against.
/// <see cref="FindOnSystem"/> reads the one the dynamic loader uses; tests construct one with any versions.
/// </summary>
/// <param name="Path">Where the library is (for messages).</param>
/// <param name="Versions">The version names it defines, e.g. GLIBCXX_3.4.30.</param>
public sealed record LibStdCxx(string Path, IReadOnlySet<string> Versions)
{
    /// <summary>Reads the versions that the libstdc++ at <paramref name="path"/> defines (its .gnu.version_d).</summary>
    public static LibStdCxx Read(string path) =>
        new(path, ElfSharedObject.Read(path).VersionDefinitions.ToHashSet(StringComparer.Ordinal));

    /// <summary>
    /// The system's libstdc++.so.6 (found by <see cref="LibStdCxxLocator.Find"/>). Throws
    /// <see cref="FileNotFoundException"/> when there is none.
    /// </summary>
    public static LibStdCxx FindOnSystem() => Read(LibStdCxxLocator.Find());

    /// <summary>The newest version it defines with the prefix of <paramref name="like"/> ("GLIBCXX_3.4.30" for GLIBCXX_3.4.32).</summary>
    public string? Newest(string like) => LibStdCxxVersionName.Newest(Versions, like);
}
