namespace Schane.Core.Runtime;

/// <summary>
/// What a library needs from libstdc++ that a given libstdc++ lacks, sorted by what can be done about it. Computed by
/// <see cref="LibStdCxxCompatibility.Plan"/>; nothing is written.
/// </summary>
/// <param name="Library">The library checked.</param>
/// <param name="System">The libstdc++ it was checked against.</param>
/// <param name="Needed">Every GLIBCXX_/CXXABI_ requirement of the library.</param>
/// <param name="Missing">Every GLIBCXX_/CXXABI_ requirement that <paramref name="System"/> does not define.</param>
/// <param name="Markers">
/// The missing ones that no dynamic relocation refers to (markers such as GLIBCXX_3.4.32's
/// _ZSt21ios_base_library_initv, which newer libstdc++ headers emit and nothing calls), with the symbols that carry them.
/// </param>
/// <param name="Used">The missing ones that relocations do refer to, with those symbols: these the library really calls.</param>
public sealed record CompatibilityPlan(
    string Library,
    LibStdCxx System,
    IReadOnlyList<VersionNeed> Needed,
    IReadOnlyList<VersionNeed> Missing,
    IReadOnlyList<(VersionNeed Need, IReadOnlyList<string> Symbols)> Markers,
    IReadOnlyList<(VersionNeed Need, IReadOnlyList<string> Symbols)> Used)
{
    /// <summary>The markers still to mark weak.</summary>
    public IReadOnlyList<VersionNeed> ToMarkWeak => Markers.Select(m => m.Need).Where(n => !n.IsWeak).ToList();

    /// <summary>True when the library loads against <see cref="System"/> as it is (nothing missing, or every missing one weak and unused).</summary>
    public bool Loads => Used.Count == 0 && ToMarkWeak.Count == 0;

    /// <summary>"GLIBCXX_3.4.32" or "GLIBCXX_3.4.31, GLIBCXX_3.4.32": the versions of <paramref name="needs"/>.</summary>
    public static string Names(IEnumerable<VersionNeed> needs) => string.Join(", ", needs.Select(n => n.Version));

    /// <summary>"the system libstdc++ (/lib/x86_64-linux-gnu/libstdc++.so.6) has up to GLIBCXX_3.4.30".</summary>
    public string SystemSummary()
    {
        var like = Missing.Count > 0 ? Missing[0].Version : "GLIBCXX_";
        var newest = System.Newest(like);
        return $"the system libstdc++ ({System.Path}) has {(newest is null ? "no version like " + like : "up to " + newest)}";
    }
}
