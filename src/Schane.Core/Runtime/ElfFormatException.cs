namespace Schane.Core.Runtime;

/// <summary>
/// A file that is not the kind of ELF file the version tools read (ELF64, little-endian, with section headers), or one
/// cut short. The message names the file, what was found and what was expected.
/// </summary>
public sealed class ElfFormatException : IOException
{
    /// <summary>Creates the error for <paramref name="path"/>; <paramref name="problem"/> says what is wrong with it.</summary>
    public ElfFormatException(string path, string problem)
        : base($"{path}: {problem}")
    {
        Path = path;
    }

    /// <summary>The file that could not be read.</summary>
    public string Path { get; }
}
