namespace Schane.Core.Runtime;

/// <summary>Reads .gnu.version_d (SHT_GNU_verdef): the version names a library defines, e.g. libstdc++'s GLIBCXX_3.4.30.</summary>
internal static class VersionDefinitionTable
{
    // Elf64_Verdef: vd_version u16, vd_flags u16, vd_ndx u16, vd_cnt u16, vd_hash u32, vd_aux u32, vd_next u32.
    // Elf64_Verdaux: vda_name u32, vda_next u32. The first Verdaux names the version; later ones its parents.
    private const ushort BaseFlag = 0x1;

    /// <summary>The versions <paramref name="image"/> defines, without the base entry (the library's own soname).</summary>
    public static IReadOnlyList<string> Read(ElfImage image)
    {
        if (image.FindSection(ElfSection.VersionDefinitions) is not { } section) return [];
        var strings = image.SectionAt(section.Link, ".gnu.version_d's string table");
        var names = new List<string>();
        long entry = 0;
        for (var i = 0; i < section.Info; i++)
        {
            if (image.U16(section, entry) != 1)
                throw image.Broken($".gnu.version_d entry at offset {entry} has version {image.U16(section, entry)}, expected 1");
            var flags = image.U16(section, entry + 2);
            var aux = entry + image.U32(section, entry + 12);
            if ((flags & BaseFlag) == 0) names.Add(image.ReadString(strings, image.U32(section, aux)));
            var next = image.U32(section, entry + 16);
            if (next == 0) break;
            entry += next;
        }
        return names;
    }
}
