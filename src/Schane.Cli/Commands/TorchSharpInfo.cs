using System.Reflection;
using TorchSharp;

namespace Schane.Cli.Commands;

/// <summary>What this process runs on: the TorchSharp package and the libtorch it loaded (for `info` and the benches).</summary>
internal static class TorchSharpInfo
{
    /// <summary>The TorchSharp package's version, e.g. 0.107.0 (its informational version without the commit; the assembly version would read 0.107.0.0).</summary>
    public static string Version()
    {
        var assembly = typeof(torch).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "unknown";
    }

    /// <summary>
    /// The path of the libtorch this process has loaded (libtorch_cuda.so, else libtorch_cpu.so), from its memory map;
    /// null before libtorch loads or off Linux. A broken installation shows here as a surprise path.
    /// </summary>
    public static string? LoadedLibTorch()
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps)) return null;
        var paths = File.ReadLines(maps).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(f => f.Length >= 6).Select(f => f[^1]).Distinct().ToList();
        return paths.FirstOrDefault(p => Path.GetFileName(p) == "libtorch_cuda.so")
            ?? paths.FirstOrDefault(p => Path.GetFileName(p) == "libtorch_cpu.so");
    }
}
