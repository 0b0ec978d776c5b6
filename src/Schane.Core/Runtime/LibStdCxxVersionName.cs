namespace Schane.Core.Runtime;

/// <summary>
/// The version names of GNU libstdc++ (GLIBCXX_3.4.30, CXXABI_1.3.13): which names are its, and their order, compared
/// number by number (GLIBCXX_3.4.9 is older than GLIBCXX_3.4.30).
/// </summary>
public static class LibStdCxxVersionName
{
    /// <summary>The soname that libstdc++'s versions are needed from.</summary>
    public const string Library = "libstdc++.so.6";

    private static readonly string[] Prefixes = ["GLIBCXX_", "CXXABI_"];

    /// <summary>True for a GLIBCXX_ or CXXABI_ version name.</summary>
    public static bool IsLibStdCxx(string name) => Prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>
    /// The newest of <paramref name="names"/> with the same prefix as <paramref name="like"/> (e.g. the newest GLIBCXX_
    /// version for GLIBCXX_3.4.32), or null when there is none.
    /// </summary>
    public static string? Newest(IEnumerable<string> names, string like)
    {
        var prefix = Prefix(like);
        return names.Where(n => Prefix(n) == prefix).MaxBy(Numbers, NumberComparer.Instance);
    }

    private static string Prefix(string name) => name[..(name.IndexOf('_') + 1)];

    private static int[] Numbers(string name) =>
        name[(name.IndexOf('_') + 1)..].Split('.').Select(part => int.TryParse(part, out var n) ? n : 0).ToArray();

    // Orders 3.4.9 before 3.4.30 before 3.4.30.1.
    private sealed class NumberComparer : IComparer<int[]>
    {
        public static readonly NumberComparer Instance = new();

        public int Compare(int[]? x, int[]? y)
        {
            x ??= [];
            y ??= [];
            for (var i = 0; i < Math.Min(x.Length, y.Length); i++)
                if (x[i] != y[i]) return x[i].CompareTo(y[i]);
            return x.Length.CompareTo(y.Length);
        }
    }
}
