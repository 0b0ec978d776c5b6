namespace Schane.Core.Runtime;

/// <summary>One entry of an ELF64 section header table: what the version tools need of it.</summary>
/// <param name="Index">Position in the section header table (what other sections' <see cref="Link"/> refers to).</param>
/// <param name="Type">sh_type, e.g. <see cref="ElfSection.VersionNeeds"/>.</param>
/// <param name="Offset">sh_offset: where the contents start in the file.</param>
/// <param name="Size">sh_size in bytes.</param>
/// <param name="Link">sh_link: the related section (a string table, the symbol table).</param>
/// <param name="Info">sh_info: for the version sections, the number of entries.</param>
/// <param name="EntrySize">sh_entsize: the size of one entry of a table section, 0 when not a table.</param>
internal readonly record struct ElfSection(int Index, uint Type, long Offset, long Size, int Link, uint Info, long EntrySize)
{
    /// <summary>SHT_RELA: relocations with addends.</summary>
    public const uint RelocationsWithAddends = 4;

    /// <summary>SHT_DYNSYM: the dynamic symbol table.</summary>
    public const uint DynamicSymbols = 11;

    /// <summary>SHT_REL: relocations without addends.</summary>
    public const uint Relocations = 9;

    /// <summary>SHT_NOBITS: occupies no bytes in the file (.bss).</summary>
    public const uint NoBits = 8;

    /// <summary>SHT_GNU_verdef (.gnu.version_d): the versions a library defines.</summary>
    public const uint VersionDefinitions = 0x6ffffffd;

    /// <summary>SHT_GNU_verneed (.gnu.version_r): the versions a file needs from each library.</summary>
    public const uint VersionNeeds = 0x6ffffffe;

    /// <summary>SHT_GNU_versym (.gnu.version): one version index per dynamic symbol.</summary>
    public const uint SymbolVersions = 0x6fffffff;
}
