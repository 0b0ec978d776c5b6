using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>Files the ELF reader refuses: each error names the file and says what was expected.</summary>
public class ElfFormatErrorTests
{
    [Fact]
    public void NotAnElfFile()
    {
        using var scratch = new TempDir();
        var path = scratch.File("notes.so");
        File.WriteAllText(path, "this is text, not a library\n");

        var error = Assert.Throws<ElfFormatException>(() => LibStdCxxCompatibility.Apply(path, LibStdCxx.FindOnSystem()));

        Assert.Equal(path, error.Path);
        Assert.Equal($"{path}: not an ELF file (it does not start with 0x7F 'E' 'L' 'F'); expected a shared object (.so)", error.Message);
    }

    [Theory]
    [InlineData(4, 1, "a 32-bit ELF file; expected ELF64 (64-bit)")]
    [InlineData(5, 2, "a big-endian ELF file; expected little-endian")]
    public void OtherElfKinds(int position, byte value, string problem)
    {
        using var scratch = new TempDir();
        var path = PristineTorchSharp.ExtractTo(scratch.Path);
        var bytes = File.ReadAllBytes(path);
        bytes[position] = value;
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ElfFormatException>(() => ElfSharedObject.Read(path));

        Assert.Equal($"{path}: {problem}", error.Message);
    }

    [Theory]
    [InlineData(20, "truncated: 20 bytes, shorter than the 64-byte ELF64 header")]
    [InlineData(300_000, "truncated: the section header table starts at byte")]
    public void TruncatedFiles(int length, string problem)
    {
        using var scratch = new TempDir();
        var path = PristineTorchSharp.ExtractTo(scratch.Path);
        File.WriteAllBytes(path, File.ReadAllBytes(path)[..length]);

        var error = Assert.Throws<ElfFormatException>(() => ElfSharedObject.Read(path));

        Assert.StartsWith($"{path}: {problem}", error.Message);
    }

    [Fact]
    public void TruncatedSectionContents()
    {
        using var scratch = new TempDir();
        var path = PristineTorchSharp.ExtractTo(scratch.Path);
        var bytes = File.ReadAllBytes(path);
        // Keep the section header table (at the end of the file) but move .gnu.version_r's contents past the end.
        var table = (int)BitConverter.ToUInt64(bytes, 40);
        var count = BitConverter.ToUInt16(bytes, 60);
        var verneed = Enumerable.Range(0, count).Single(i => BitConverter.ToUInt32(bytes, table + i * 64 + 4) == 0x6ffffffe);
        var size = (long)BitConverter.ToUInt64(bytes, table + verneed * 64 + 32);
        BitConverter.TryWriteBytes(bytes.AsSpan(table + verneed * 64 + 24), (ulong)bytes.Length - 8);
        File.WriteAllBytes(path, bytes);

        var error = Assert.Throws<ElfFormatException>(() => ElfSharedObject.Read(path));

        Assert.Equal($"{path}: truncated: section {verneed} ends at byte {bytes.Length - 8 + size}, but the file has {bytes.Length} bytes", error.Message);
    }

    [Fact]
    public void AMissingFileIsAnIoError()
    {
        Assert.ThrowsAny<IOException>(() => ElfSharedObject.Read("/nonexistent/libLibTorchSharp.so"));
    }
}
