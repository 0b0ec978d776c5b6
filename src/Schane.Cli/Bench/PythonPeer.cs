using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Bench;

/// <summary>
/// Runs a PyTorch peer script (Bench/Peers/*.py) with Debian's python3-torch in the same invocation as the .NET side,
/// and parses the JSON object it prints last. Peers run under PyTorch's default runtime settings unless told
/// otherwise (<see cref="RuntimeSettings"/>): that is what a PyTorch user runs, and what the targets compare with.
/// </summary>
internal static class PythonPeer
{
    /// <summary>Debian's interpreter: the python3 first on PATH may not see Debian's torch.</summary>
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> under PyTorch's default settings.</summary>
    public static JsonElement Run(string script, params object[] args) => Run(script, RuntimeSettings.Default, args);

    /// <summary>Runs <paramref name="script"/> with <paramref name="args"/> under <paramref name="settings"/>.</summary>
    public static JsonElement Run(string script, RuntimeSettings settings, params object[] args)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Bench", "Peers", script);
        var info = new ProcessStartInfo(Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        settings.ApplyTo(info);
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
