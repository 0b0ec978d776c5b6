using System.Diagnostics;

namespace Schane.Cli.Bench;

/// <summary>
/// A named choice of the process settings that libtorch and glibc read once, when the process starts or libtorch
/// loads (OpenMP's wait policy, glibc's malloc arenas and heap thresholds), given to a child process through its
/// environment. Every variable that any candidate sets is removed first, so <see cref="Default"/> is really the
/// library's default even when the parent (./schane exports MALLOC_ARENA_MAX=1) or the user set one.
/// </summary>
/// <param name="Name">How the bench prints it.</param>
/// <param name="Variables">The variables set (all others of <see cref="Known"/> are removed).</param>
internal sealed record RuntimeSettings(string Name, IReadOnlyDictionary<string, string> Variables)
{
    /// <summary>The variables the candidates choose among.</summary>
    public static readonly IReadOnlyList<string> Known =
        ["OMP_WAIT_POLICY", "MALLOC_ARENA_MAX", "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_"];

    /// <summary>Nothing set: libtorch's, OpenMP's and glibc's own defaults (what PyTorch users run under).</summary>
    public static readonly RuntimeSettings Default = new("default", new Dictionary<string, string>());

    /// <summary>
    /// The settings compared by `schane bench engine`: each one alone, and together as the old engine set them
    /// in-process for Debian's libtorch 1.13 (passive OpenMP threads, one arena, glibc keeping freed tensor memory).
    /// </summary>
    public static readonly IReadOnlyList<RuntimeSettings> Candidates =
    [
        Default,
        new("OMP_WAIT_POLICY=PASSIVE", new Dictionary<string, string> { ["OMP_WAIT_POLICY"] = "PASSIVE" }),
        new("MALLOC_ARENA_MAX=1", new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "1" }),
        new("glibc heap thresholds 32 MiB / 256 MiB", HeapThresholds()),
        new("all of the above (the old engine's)", new Dictionary<string, string>(HeapThresholds())
        {
            ["OMP_WAIT_POLICY"] = "PASSIVE",
            ["MALLOC_ARENA_MAX"] = "1",
        }),
    ];

    private static Dictionary<string, string> HeapThresholds() => new()
    {
        ["MALLOC_MMAP_THRESHOLD_"] = (32 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["MALLOC_TRIM_THRESHOLD_"] = (256 * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>Gives <paramref name="start"/> exactly these settings among <see cref="Known"/>; the rest of its environment stays.</summary>
    public void ApplyTo(ProcessStartInfo start)
    {
        foreach (var name in Known) start.Environment.Remove(name);
        foreach (var (name, value) in Variables) start.Environment[name] = value;
    }

    /// <summary>This process's own values of <see cref="Known"/> ("none" when it set none): what an in-process measurement ran under.</summary>
    public static string OfThisProcess()
    {
        var set = Known.Select(n => (Name: n, Value: Environment.GetEnvironmentVariable(n))).Where(v => v.Value is not null)
            .Select(v => $"{v.Name}={v.Value}").ToList();
        return set.Count == 0 ? "none" : string.Join(" ", set);
    }
}
