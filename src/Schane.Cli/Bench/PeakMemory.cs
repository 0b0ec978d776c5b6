namespace Schane.Cli.Bench;

/// <summary>
/// Peak resident memory of this process, from /proc/self/status. Writing "5" to /proc/self/clear_refs resets the
/// peak (VmHWM) to the current RSS, so the extra memory of one measured call is VmHWM after it minus RSS before it.
/// </summary>
internal static class PeakMemory
{
    public static void Reset() => File.WriteAllText("/proc/self/clear_refs", "5");

    public static long ResidentBytes() => Read("VmRSS:");

    public static long PeakBytes() => Read("VmHWM:");

    /// <summary>Runs <paramref name="action"/> and returns how far the resident memory rose above where it started.</summary>
    public static long ExtraBytesOf(Action action)
    {
        GC.Collect();
        Reset();
        var before = ResidentBytes();
        action();
        return Math.Max(0, PeakBytes() - before);
    }

    private static long Read(string field)
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        throw new InvalidOperationException($"{field} not found in /proc/self/status");
    }
}
