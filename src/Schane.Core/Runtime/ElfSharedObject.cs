namespace Schane.Core.Runtime;

/// <summary>
/// The symbol-versioning view of an ELF64 little-endian shared object: the versions it needs from other libraries
/// (.gnu.version_r), the versions it defines (.gnu.version_d), and for each needed version the dynamic symbols that use
/// it and whether any relocation refers to them.
/// </summary>
public sealed class ElfSharedObject
{
    private readonly DynamicSymbolVersions _symbols;

    private ElfSharedObject(ElfImage image)
    {
        Path = image.Path;
        VersionNeeds = VersionNeedTable.Read(image);
        VersionDefinitions = VersionDefinitionTable.Read(image);
        _symbols = DynamicSymbolVersions.Read(image);
    }

    /// <summary>The file read.</summary>
    public string Path { get; }

    /// <summary>Every version requirement, in file order (readelf -V lists the same).</summary>
    public IReadOnlyList<VersionNeed> VersionNeeds { get; }

    /// <summary>The versions this file defines (libstdc++.so.6: GLIBCXX_3.4 … GLIBCXX_3.4.30, CXXABI_1.3 …), without its soname.</summary>
    public IReadOnlyList<string> VersionDefinitions { get; }

    /// <summary>
    /// Reads <paramref name="path"/>. Throws <see cref="ElfFormatException"/> when it is not an ELF64 little-endian file
    /// with section headers, or is cut short.
    /// </summary>
    public static ElfSharedObject Read(string path) => new(ElfImage.Read(path));

    /// <summary>The dynamic symbols that <paramref name="need"/> versions (objdump -T shows them with its name).</summary>
    public IReadOnlyList<string> SymbolsOf(VersionNeed need) => _symbols.SymbolsOf(need.Index);

    /// <summary>
    /// The symbols of <paramref name="need"/> that a dynamic relocation refers to: the ones the loader would bind. Empty
    /// means the requirement is only a marker and marking it weak cannot leave a reference unresolved.
    /// </summary>
    public IReadOnlyList<string> RelocatedSymbolsOf(VersionNeed need) => _symbols.RelocatedSymbolsOf(need.Index);
}
