using System.Buffers.Binary;
using System.Text;

namespace Schane.Core.Runtime;

/// <summary>
/// The bytes of an ELF64 little-endian file and its section header table, with bounds-checked reads: every read past
/// the end of the file or of its section is an <see cref="ElfFormatException"/> that names the file, never an
/// IndexOutOfRangeException. The whole file is held in memory: the libraries this reads are a few megabytes.
/// </summary>
internal sealed class ElfImage
{
    private const int HeaderSize = 64;
    private const int SectionHeaderSize = 64;

    private ElfImage(string path, byte[] bytes)
    {
        Path = path;
        Bytes = bytes;
        Sections = ReadSectionTable();
    }

    /// <summary>The file this was read from (for messages).</summary>
    public string Path { get; }

    /// <summary>The whole file.</summary>
    public byte[] Bytes { get; }

    /// <summary>The section header table, in file order.</summary>
    public IReadOnlyList<ElfSection> Sections { get; }

    /// <summary>Reads <paramref name="path"/>; throws <see cref="ElfFormatException"/> when it is not ELF64 little-endian.</summary>
    public static ElfImage Read(string path) => new(path, File.ReadAllBytes(path));

    /// <summary>Parses <paramref name="bytes"/> as the contents of <paramref name="path"/>.</summary>
    public static ElfImage Parse(string path, byte[] bytes) => new(path, bytes);

    /// <summary>The first section of <paramref name="type"/>, or null when the file has none.</summary>
    public ElfSection? FindSection(uint type)
    {
        foreach (var section in Sections)
            if (section.Type == type) return section;
        return null;
    }

    /// <summary>The section at <paramref name="index"/> of the table (a <see cref="ElfSection.Link"/>).</summary>
    public ElfSection SectionAt(int index, string purpose) =>
        index > 0 && index < Sections.Count
            ? Sections[index]
            : throw Broken($"{purpose} refers to section {index}, but the file has {Sections.Count} sections");

    /// <summary>The 16-bit value at <paramref name="offset"/> bytes into <paramref name="section"/>.</summary>
    public ushort U16(ElfSection section, long offset) => BinaryPrimitives.ReadUInt16LittleEndian(Span(section, offset, 2));

    /// <summary>The 32-bit value at <paramref name="offset"/> bytes into <paramref name="section"/>.</summary>
    public uint U32(ElfSection section, long offset) => BinaryPrimitives.ReadUInt32LittleEndian(Span(section, offset, 4));

    /// <summary>The 64-bit value at <paramref name="offset"/> bytes into <paramref name="section"/>.</summary>
    public ulong U64(ElfSection section, long offset) => BinaryPrimitives.ReadUInt64LittleEndian(Span(section, offset, 8));

    /// <summary>The NUL-terminated string at <paramref name="offset"/> of the string table <paramref name="strings"/>.</summary>
    public string ReadString(ElfSection strings, long offset)
    {
        var rest = Span(strings, offset, 0, strings.Size - offset);
        var end = rest.IndexOf((byte)0);
        if (end < 0) throw Broken($"a string at offset {offset} of section {strings.Index} has no terminating NUL");
        return Encoding.UTF8.GetString(rest[..end]);
    }

    /// <summary>The position in the file of <paramref name="offset"/> bytes into <paramref name="section"/> (to patch it).</summary>
    public long FileOffset(ElfSection section, long offset, int length)
    {
        _ = Span(section, offset, length);
        return section.Offset + offset;
    }

    /// <summary>An error about this file's contents.</summary>
    public ElfFormatException Broken(string problem) => new(Path, problem);

    private ReadOnlySpan<byte> Span(ElfSection section, long offset, int length) => Span(section, offset, length, length);

    // `length` bytes at `offset` of the section, which must lie inside both the section and the file.
    private ReadOnlySpan<byte> Span(ElfSection section, long offset, int minimum, long length)
    {
        if (offset < 0 || length < minimum || offset + length > section.Size)
            throw Broken($"a read of {length} bytes at offset {offset} runs past the end of section {section.Index} ({section.Size} bytes)");
        var start = section.Offset + offset;
        if (start + length > Bytes.Length)
            throw Broken($"truncated: section {section.Index} ends at byte {section.Offset + section.Size}, but the file has {Bytes.Length} bytes");
        return Bytes.AsSpan((int)start, (int)length);
    }

    private IReadOnlyList<ElfSection> ReadSectionTable()
    {
        CheckIdentification();
        var header = Bytes.AsSpan(0, HeaderSize);
        var tableOffset = (long)BinaryPrimitives.ReadUInt64LittleEndian(header[40..]);
        var entrySize = BinaryPrimitives.ReadUInt16LittleEndian(header[58..]);
        long count = BinaryPrimitives.ReadUInt16LittleEndian(header[60..]);
        if (tableOffset == 0) throw Broken("it has no section header table (e_shoff is 0); expected a shared object with sections");
        if (entrySize != SectionHeaderSize) throw Broken($"its section headers are {entrySize} bytes, expected {SectionHeaderSize} (ELF64)");
        if (tableOffset < 0 || tableOffset + SectionHeaderSize > Bytes.Length)
            throw Broken($"truncated: the section header table starts at byte {tableOffset}, but the file has {Bytes.Length} bytes");
        // More than 0xff00 sections: e_shnum is 0 and the count is in the first section header's sh_size.
        if (count == 0) count = (long)BinaryPrimitives.ReadUInt64LittleEndian(Bytes.AsSpan((int)tableOffset + 32));
        if (tableOffset + count * SectionHeaderSize > Bytes.Length)
            throw Broken($"truncated: the section header table ({count} entries from byte {tableOffset}) runs past the end of the file ({Bytes.Length} bytes)");

        var sections = new ElfSection[count];
        for (var i = 0; i < count; i++)
        {
            var entry = Bytes.AsSpan((int)(tableOffset + i * SectionHeaderSize), SectionHeaderSize);
            var type = BinaryPrimitives.ReadUInt32LittleEndian(entry[4..]);
            var offset = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[24..]);
            var size = (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[32..]);
            if (offset < 0 || size < 0) throw Broken($"section {i} has an offset or size beyond 2^63");
            // .bss-like sections have a size but no bytes in the file.
            if (type == ElfSection.NoBits) size = 0;
            if (offset + size > Bytes.Length)
                throw Broken($"truncated: section {i} ends at byte {offset + size}, but the file has {Bytes.Length} bytes");
            sections[i] = new ElfSection(i, type, offset, size,
                (int)BinaryPrimitives.ReadUInt32LittleEndian(entry[40..]),
                BinaryPrimitives.ReadUInt32LittleEndian(entry[44..]),
                (long)BinaryPrimitives.ReadUInt64LittleEndian(entry[56..]));
        }
        return sections;
    }

    private void CheckIdentification()
    {
        if (Bytes.Length < 4 || Bytes[0] != 0x7f || Bytes[1] != (byte)'E' || Bytes[2] != (byte)'L' || Bytes[3] != (byte)'F')
            throw Broken("not an ELF file (it does not start with 0x7F 'E' 'L' 'F'); expected a shared object (.so)");
        if (Bytes.Length < HeaderSize)
            throw Broken($"truncated: {Bytes.Length} bytes, shorter than the {HeaderSize}-byte ELF64 header");
        if (Bytes[4] != 2)
            throw Broken(Bytes[4] == 1 ? "a 32-bit ELF file; expected ELF64 (64-bit)" : $"unknown ELF class {Bytes[4]}; expected 2 (ELF64)");
        if (Bytes[5] != 1)
            throw Broken(Bytes[5] == 2 ? "a big-endian ELF file; expected little-endian" : $"unknown ELF data encoding {Bytes[5]}; expected 1 (little-endian)");
    }
}
