namespace Schane.Core.Runtime;

/// <summary>
/// One version requirement of an ELF file (an Elf64_Vernaux entry of .gnu.version_r): the file needs
/// <see cref="Version"/> from the library <see cref="File"/>, e.g. GLIBCXX_3.4.32 from libstdc++.so.6.
/// </summary>
/// <param name="File">The needed library's soname (vn_file), e.g. "libstdc++.so.6".</param>
/// <param name="Version">The version name (vna_name), e.g. "GLIBCXX_3.4.32".</param>
/// <param name="Flags">vna_flags: <see cref="WeakFlag"/> makes the dynamic loader accept a library without it.</param>
/// <param name="Index">vna_other: the version index that this file's .gnu.version gives to symbols of this version.</param>
/// <param name="FlagsOffset">Where vna_flags lies in the file (what marking it weak rewrites).</param>
public sealed record VersionNeed(string File, string Version, ushort Flags, ushort Index, long FlagsOffset)
{
    /// <summary>VER_FLG_WEAK: glibc loads the file even when the library lacks this version.</summary>
    public const ushort WeakFlag = 0x2;

    /// <summary>True when the requirement is weak (<see cref="WeakFlag"/> set).</summary>
    public bool IsWeak => (Flags & WeakFlag) != 0;

    /// <inheritdoc />
    public override string ToString() => $"{File} {Version}{(IsWeak ? " (weak)" : "")}";
}
