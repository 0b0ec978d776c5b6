namespace Schane.Core.Runtime;

/// <summary>
/// Which dynamic symbols carry which version (.dynsym with .gnu.version) and which of them a dynamic relocation
/// (.rela.dyn, .rela.plt, or REL sections) refers to. The loader only ever binds symbols that a relocation names, so a
/// needed version whose symbols no relocation names is a marker the file never uses.
/// </summary>
internal sealed class DynamicSymbolVersions
{
    private const int SymbolSize = 24;           // Elf64_Sym
    private const int SymbolName = 0;
    private const int RelocationInfo = 8;        // r_info of Elf64_Rel and Elf64_Rela
    private const ushort HiddenBit = 0x8000;     // versym's "not the default version" bit, not part of the index

    private readonly ElfImage _image;
    private readonly ElfSection? _symbols;
    private readonly ushort[] _versions;
    private readonly bool[] _relocated;

    private DynamicSymbolVersions(ElfImage image)
    {
        _image = image;
        _symbols = image.FindSection(ElfSection.DynamicSymbols);
        var count = _symbols is { } s ? s.Size / SymbolSize : 0;
        _versions = ReadVersions(image, count);
        _relocated = ReadRelocated(image, _symbols, count);
    }

    /// <summary>Reads the dynamic symbols, their versions and the relocations of <paramref name="image"/>.</summary>
    public static DynamicSymbolVersions Read(ElfImage image) => new(image);

    /// <summary>The names of the dynamic symbols whose version index is <paramref name="index"/> (a <see cref="VersionNeed.Index"/>).</summary>
    public IReadOnlyList<string> SymbolsOf(ushort index) => Names(i => _versions[i] == index);

    /// <summary>The names of the symbols of version <paramref name="index"/> that some dynamic relocation refers to.</summary>
    public IReadOnlyList<string> RelocatedSymbolsOf(ushort index) => Names(i => _versions[i] == index && _relocated[i]);

    private IReadOnlyList<string> Names(Func<int, bool> chosen)
    {
        if (_symbols is not { } symbols) return [];
        var strings = _image.SectionAt(symbols.Link, ".dynsym's string table");
        var names = new List<string>();
        for (var i = 0; i < _versions.Length; i++)
            if (chosen(i)) names.Add(_image.ReadString(strings, _image.U32(symbols, (long)i * SymbolSize + SymbolName)));
        return names;
    }

    // One version index per dynamic symbol; all 0 ("local", no version) when the file has no .gnu.version.
    private static ushort[] ReadVersions(ElfImage image, long count)
    {
        var versions = new ushort[count];
        if (image.FindSection(ElfSection.SymbolVersions) is not { } section) return versions;
        if (section.Size != count * 2)
            throw image.Broken($".gnu.version has {section.Size / 2} entries but .dynsym has {count} symbols");
        for (var i = 0; i < count; i++) versions[i] = (ushort)(image.U16(section, i * 2L) & ~HiddenBit);
        return versions;
    }

    // Marks each dynamic symbol that a relocation section linked to .dynsym refers to.
    private static bool[] ReadRelocated(ElfImage image, ElfSection? symbols, long count)
    {
        var relocated = new bool[count];
        if (symbols is not { } table) return relocated;
        foreach (var section in image.Sections)
        {
            var entrySize = section.Type switch
            {
                ElfSection.RelocationsWithAddends => 24,
                ElfSection.Relocations => 16,
                _ => 0,
            };
            if (entrySize == 0 || section.Link != table.Index) continue;
            for (long offset = 0; offset + entrySize <= section.Size; offset += entrySize)
            {
                var symbol = image.U64(section, offset + RelocationInfo) >> 32;
                if (symbol >= (ulong)count)
                    throw image.Broken($"a relocation at offset {offset} of section {section.Index} names symbol {symbol}, but .dynsym has {count}");
                relocated[symbol] = true;
            }
        }
        return relocated;
    }
}
