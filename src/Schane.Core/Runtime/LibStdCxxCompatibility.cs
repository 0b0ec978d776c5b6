namespace Schane.Core.Runtime;

/// <summary>
/// The compatibility step for native libraries built against a newer libstdc++ than the system's (TorchSharp's
/// libLibTorchSharp.so, built on a newer Ubuntu, needs GLIBCXX_3.4.32; Debian 12's libstdc++ ends at 3.4.30).
/// <para>
/// For each GLIBCXX_/CXXABI_ version the library needs and the system's libstdc++ lacks: when no dynamic relocation
/// refers to a symbol of that version, the requirement is a marker the library never binds, so it is marked weak
/// (VER_FLG_WEAK) and glibc loads the library; when a relocation does, the library really calls into the newer
/// libstdc++ and the step fails with <see cref="IncompatibleLibStdCxxException"/>, changing nothing. Where the system
/// has every version, nothing is changed. Running it again finds the markers weak and changes nothing.
/// </para>
/// </summary>
public static class LibStdCxxCompatibility
{
    /// <summary>What <paramref name="library"/> needs from libstdc++ that <paramref name="system"/> lacks; reads only.</summary>
    public static CompatibilityPlan Plan(string library, LibStdCxx system)
    {
        var elf = ElfSharedObject.Read(library);
        var needed = elf.VersionNeeds
            .Where(n => n.File == LibStdCxxVersionName.Library && LibStdCxxVersionName.IsLibStdCxx(n.Version))
            .ToList();
        var missing = needed.Where(n => !system.Versions.Contains(n.Version)).ToList();
        var markers = new List<(VersionNeed, IReadOnlyList<string>)>();
        var used = new List<(VersionNeed, IReadOnlyList<string>)>();
        foreach (var need in missing)
        {
            var relocated = elf.RelocatedSymbolsOf(need);
            if (relocated.Count == 0) markers.Add((need, elf.SymbolsOf(need)));
            else used.Add((need, relocated));
        }
        return new CompatibilityPlan(library, system, needed, missing, markers, used);
    }

    /// <summary>
    /// Applies the step to <paramref name="library"/> against <paramref name="system"/>: marks the missing marker
    /// versions weak (atomically, permissions kept), or reports that there was nothing to do or that it was done
    /// before. Throws <see cref="IncompatibleLibStdCxxException"/> when a missing version is used, and
    /// <see cref="ElfFormatException"/> for a file that is not an ELF64 little-endian library.
    /// </summary>
    public static CompatibilityResult Apply(string library, LibStdCxx system)
    {
        var plan = Plan(library, system);
        if (plan.Used.Count > 0) throw new IncompatibleLibStdCxxException(plan);
        if (plan.Missing.Count == 0) return new CompatibilityResult(library, CompatibilityOutcome.NothingToDo, [], NothingMissing(plan));

        var toMark = plan.ToMarkWeak;
        if (toMark.Count == 0)
            return new CompatibilityResult(library, CompatibilityOutcome.AlreadyPatched, plan.Missing,
                $"{CompatibilityPlan.Names(plan.Missing)} already weak ({plan.SystemSummary()})");

        var marked = VersionNeedPatcher.MarkWeak(library, toMark);
        var carriers = plan.Markers.Where(m => marked.Any(n => n.Index == m.Need.Index)).SelectMany(m => m.Symbols).ToList();
        var symbols = carriers.Count == 0 ? "no symbol carries it" : $"only {string.Join(", ", carriers)} carries it";
        return new CompatibilityResult(library, CompatibilityOutcome.Patched, marked,
            $"{CompatibilityPlan.Names(marked)} marked weak: {plan.SystemSummary()}; {symbols}, and no relocation refers to it " +
            "(a marker: the loader never looks it up)");
    }

    /// <summary>
    /// The step for an application of your own (one that references TorchSharp, e.g. through the Schane.Core package):
    /// applies <see cref="Apply"/> to the copy of libLibTorchSharp.so that the application in
    /// <paramref name="appBase"/> (default: this process's folder) loads, against the system's libstdc++. Call it
    /// before the first use of TorchSharp, which loads the library: once it is patched, later calls find it
    /// <see cref="CompatibilityOutcome.AlreadyPatched"/> and write nothing, and where libstdc++ is new enough they
    /// change nothing. Null when that folder holds no copy (not a Linux build, or no libtorch backend referenced).
    /// Throws <see cref="IncompatibleLibStdCxxException"/> when the library really uses a version the system lacks,
    /// and <see cref="UnauthorizedAccessException"/> when the application's folder is read-only.
    /// </summary>
    public static CompatibilityResult? ApplyToTorchSharp(string? appBase = null) =>
        TorchSharpNativeCopies.NextTo(appBase ?? AppContext.BaseDirectory) is { } library
            ? Apply(library, LibStdCxx.FindOnSystem())
            : null;

    // "the system libstdc++ (PATH) has GLIBCXX_3.4.32, the newest version it needs", or that it needs none.
    private static string NothingMissing(CompatibilityPlan plan)
    {
        var needed = plan.Needed.Select(n => n.Version).ToList();
        if (needed.Count == 0) return $"it needs no versions of {LibStdCxxVersionName.Library}";
        var newest = LibStdCxxVersionName.Newest(needed, "GLIBCXX_") ?? LibStdCxxVersionName.Newest(needed, "CXXABI_");
        return $"the system libstdc++ ({plan.System.Path}) has {newest}, the newest version it needs";
    }
}
