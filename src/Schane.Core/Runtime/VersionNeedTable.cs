namespace Schane.Core.Runtime;

/// <summary>Reads .gnu.version_r (SHT_GNU_verneed): the chain of Elf64_Verneed entries, each with its Elf64_Vernaux chain.</summary>
internal static class VersionNeedTable
{
    // Elf64_Verneed: vn_version u16, vn_cnt u16, vn_file u32, vn_aux u32, vn_next u32.
    // Elf64_Vernaux: vna_hash u32, vna_flags u16, vna_other u16, vna_name u32, vna_next u32.
    private const int AuxFlags = 4, AuxOther = 6, AuxName = 8, AuxNext = 12;

    /// <summary>Every version requirement of <paramref name="image"/>, in file order; empty when it has no .gnu.version_r.</summary>
    public static IReadOnlyList<VersionNeed> Read(ElfImage image)
    {
        if (image.FindSection(ElfSection.VersionNeeds) is not { } section) return [];
        var strings = image.SectionAt(section.Link, ".gnu.version_r's string table");
        var needs = new List<VersionNeed>();
        long entry = 0;
        // sh_info holds the number of Verneed entries; both chains are bounded by their counts, so a broken file cannot loop.
        for (var i = 0; i < section.Info; i++)
        {
            if (image.U16(section, entry) != 1)
                throw image.Broken($".gnu.version_r entry at offset {entry} has version {image.U16(section, entry)}, expected 1");
            var auxCount = image.U16(section, entry + 2);
            var file = image.ReadString(strings, image.U32(section, entry + 4));
            var aux = entry + image.U32(section, entry + 8);
            for (var j = 0; j < auxCount; j++)
            {
                var name = image.ReadString(strings, image.U32(section, aux + AuxName));
                needs.Add(new VersionNeed(file, name, image.U16(section, aux + AuxFlags), image.U16(section, aux + AuxOther),
                    image.FileOffset(section, aux + AuxFlags, 2)));
                var nextAux = image.U32(section, aux + AuxNext);
                if (nextAux == 0 && j + 1 < auxCount)
                    throw image.Broken($".gnu.version_r: {file} lists {auxCount} versions but its chain ends after {j + 1}");
                aux += nextAux;
            }
            var next = image.U32(section, entry + 12);
            if (next == 0) break;
            entry += next;
        }
        return needs;
    }
}
