namespace Schane.Core.Runtime;

/// <summary>Marks version requirements of an ELF file weak (VER_FLG_WEAK in vna_flags), in place and atomically.</summary>
public static class VersionNeedPatcher
{
    /// <summary>
    /// Sets <see cref="VersionNeed.WeakFlag"/> on each of <paramref name="needs"/> (matched by library, version and index
    /// in the file as it is now) and replaces <paramref name="path"/> atomically with its permissions kept; a symbolic
    /// link is followed and its target patched. Only those flag bytes change. Returns the requirements that were not
    /// weak before; when all already were, the file is not touched.
    /// </summary>
    public static IReadOnlyList<VersionNeed> MarkWeak(string path, IEnumerable<VersionNeed> needs)
    {
        var target = File.ResolveLinkTarget(path, returnFinalTarget: true)?.FullName ?? path;
        var image = ElfImage.Read(target);
        var current = VersionNeedTable.Read(image);
        var changed = new List<VersionNeed>();
        foreach (var need in needs)
        {
            var found = current.FirstOrDefault(c => c.File == need.File && c.Version == need.Version && c.Index == need.Index)
                        ?? throw image.Broken($"it has no version requirement {need.Version} from {need.File} (index {need.Index}) to mark weak");
            if (found.IsWeak || changed.Contains(found)) continue;
            var flags = (ushort)(found.Flags | VersionNeed.WeakFlag);
            image.Bytes[found.FlagsOffset] = (byte)flags;
            image.Bytes[found.FlagsOffset + 1] = (byte)(flags >> 8);
            changed.Add(found);
        }
        if (changed.Count > 0) AtomicFileReplace.Write(target, image.Bytes);
        return changed;
    }
}
