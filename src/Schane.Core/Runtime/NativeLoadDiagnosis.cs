namespace Schane.Core.Runtime;

/// <summary>
/// Explains why TorchSharp's native library failed to load when the cause is libstdc++'s versions, for the CLI, the
/// kernel and the script host to print at startup instead of the bare "version `GLIBCXX_3.4.32' not found".
/// </summary>
public static class NativeLoadDiagnosis
{
    /// <summary>The command that applies the fix (<see cref="LibStdCxxCompatibility"/>) to the NuGet cache and the build outputs.</summary>
    public const string FixCommand = "./schane setup";

    /// <summary>
    /// Why <paramref name="library"/> will not load against <paramref name="system"/> (default: the system's
    /// libstdc++), or null when its libstdc++ requirements are met and the cause must be elsewhere. E.g.
    /// "libLibTorchSharp.so at PATH needs GLIBCXX_3.4.32, the system libstdc++ (PATH) has up to GLIBCXX_3.4.30: run
    /// `./schane setup` …".
    /// </summary>
    public static string? Explain(string library, LibStdCxx? system = null)
    {
        CompatibilityPlan plan;
        try
        {
            plan = LibStdCxxCompatibility.Plan(library, system ?? LibStdCxx.FindOnSystem());
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return $"could not check the libstdc++ versions that {library} needs: {e.Message}";
        }
        if (plan.Used.Count > 0) return new IncompatibleLibStdCxxException(plan).Message;
        if (plan.Loads) return null;
        return $"{Path.GetFileName(library)} at {library} needs {CompatibilityPlan.Names(plan.ToMarkWeak)}, {plan.SystemSummary()}: " +
               $"run `{FixCommand}` in the Schane.Interactive checkout, which marks that unused marker version weak in the " +
               $"NuGet cache's copy and the build outputs (`{FixCommand} {library}` fixes this copy alone).";
    }

    /// <summary>
    /// <see cref="Explain"/> for the TorchSharp copy an application in <paramref name="appBase"/> (default: this
    /// process's folder) loads; null when there is none there or nothing to explain.
    /// </summary>
    public static string? ExplainTorchSharp(string? appBase = null) =>
        TorchSharpNativeCopies.NextTo(appBase ?? AppContext.BaseDirectory) is { } library ? Explain(library) : null;
}
