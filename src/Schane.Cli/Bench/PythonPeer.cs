using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Bench;

/// <summary>
/// Runs a PyTorch peer script (Bench/Peers/*.py) with Debian's python3-torch in the same invocation as the .NET side,
/// and parses the JSON object it prints last.
/// </summary>
internal static class PythonPeer
{
    /// <summary>Debian's interpreter: the python3 first on PATH may not see Debian's torch.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>
    /// The process settings the engine makes in-process — glibc's heap thresholds (src/Native/allocator.cpp) and
    /// passive OpenMP threads (NativeLibraryLoader) — given to the peer through its environment, so that the
    /// comparison is engine against engine.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> SameRuntimePolicy = new Dictionary<string, string>
    {
        ["MALLOC_MMAP_THRESHOLD_"] = (32 * 1024 * 1024).ToString(),
        ["MALLOC_TRIM_THRESHOLD_"] = (256 * 1024 * 1024).ToString(),
        ["MALLOC_ARENA_MAX"] = "1",
        ["OMP_WAIT_POLICY"] = Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") ?? "PASSIVE",
    };

    public static JsonElement Run(string script, params object[] args) => Run(script, null, args);

    public static JsonElement Run(string script, IReadOnlyDictionary<string, string>? environment, params object[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Bench", "Peers", script);
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        info.ArgumentList.Add(path);
        foreach (var a in args) info.ArgumentList.Add(Convert.ToString(a, System.Globalization.CultureInfo.InvariantCulture)!);
        using var process = Process.Start(info)
            ?? throw new InvalidOperationException($"cannot start {Interpreter}: install python3-torch (./schane does)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the PyTorch peer {script} failed (exit {process.ExitCode}):\n{stderr}");
        var lastLine = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonDocument.Parse(lastLine).RootElement.Clone();
    }
}
