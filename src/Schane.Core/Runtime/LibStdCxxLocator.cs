using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Schane.Core.Runtime;

/// <summary>
/// Finds the libstdc++.so.6 that the dynamic loader gives a process: the one in the loader's cache (`ldconfig -p`),
/// else the first that exists of the standard multiarch and lib64 paths.
/// </summary>
public static class LibStdCxxLocator
{
    private static readonly string[] Ldconfigs = ["/sbin/ldconfig", "/usr/sbin/ldconfig", "ldconfig"];

    /// <summary>The system's libstdc++.so.6; throws <see cref="FileNotFoundException"/> naming the places looked in.</summary>
    public static string Find()
    {
        var fromCache = ReadLoaderCache() is { } listing ? FromLoaderCache(listing, RuntimeInformation.ProcessArchitecture) : null;
        if (fromCache is not null && File.Exists(fromCache)) return fromCache;
        var candidates = StandardPaths(RuntimeInformation.ProcessArchitecture);
        return candidates.FirstOrDefault(File.Exists)
               ?? throw new FileNotFoundException(
                   $"no {LibStdCxxVersionName.Library} found: not in `ldconfig -p`, nor at {string.Join(", ", candidates)}. " +
                   "Install it (Debian: apt-get install libstdc++6).");
    }

    /// <summary>
    /// The path of libstdc++.so.6 for <paramref name="architecture"/> in the output of `ldconfig -p`, or null. A line
    /// reads "	libstdc++.so.6 (libc6,x86-64) => /lib/x86_64-linux-gnu/libstdc++.so.6".
    /// </summary>
    public static string? FromLoaderCache(string listing, Architecture architecture)
    {
        var tag = architecture switch
        {
            Architecture.X64 => "x86-64",
            Architecture.Arm64 => "AArch64",
            _ => null,
        };
        foreach (var line in listing.Split('\n'))
        {
            var text = line.Trim();
            var arrow = text.IndexOf("=>", StringComparison.Ordinal);
            if (!text.StartsWith(LibStdCxxVersionName.Library + " (", StringComparison.Ordinal) || arrow < 0) continue;
            // A 64-bit process loads the 64-bit copy: skip an i386 or x32 one listed beside it.
            if (tag is not null && !text[..arrow].Contains(tag, StringComparison.Ordinal)) continue;
            return text[(arrow + 2)..].Trim();
        }
        return null;
    }

    /// <summary>Where distributions put libstdc++.so.6, in the order the loader's default search would meet them.</summary>
    public static IReadOnlyList<string> StandardPaths(Architecture architecture)
    {
        var multiarch = architecture switch
        {
            Architecture.Arm64 => "aarch64-linux-gnu",
            _ => "x86_64-linux-gnu",
        };
        return
        [
            $"/lib/{multiarch}/{LibStdCxxVersionName.Library}",
            $"/usr/lib/{multiarch}/{LibStdCxxVersionName.Library}",
            $"/lib64/{LibStdCxxVersionName.Library}",
            $"/usr/lib64/{LibStdCxxVersionName.Library}",
            $"/usr/lib/{LibStdCxxVersionName.Library}",
        ];
    }

    // `ldconfig -p`, or null when no ldconfig runs (a container without it, a non-glibc system).
    private static string? ReadLoaderCache()
    {
        foreach (var ldconfig in Ldconfigs)
        {
            if (ldconfig.StartsWith('/') && !File.Exists(ldconfig)) continue;
            try
            {
                using var process = Process.Start(new ProcessStartInfo(ldconfig, "-p")
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    UseShellExecute = false,
                });
                if (process is null) continue;
                _ = process.StandardError.ReadToEndAsync();  // drained so that a chatty ldconfig cannot block
                var output = process.StandardOutput.ReadToEnd();
                process.WaitForExit();
                if (process.ExitCode == 0) return output;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // not on PATH: try the next
            }
        }
        return null;
    }
}
