using System.Reflection;
using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

/// <summary>
/// Finds the shim (libschane_native.so) for every [LibraryImport] in this assembly: $SCHANE_NATIVE, then next to
/// the application and next to this assembly, then the repository's build/native folder above either (a host such as
/// dotnet fsi or a notebook kernel loads this assembly from the build output, far from its own base directory). A missing shim or libtorch becomes one
/// exception that says how to get it.
/// </summary>
internal static class NativeLibraryLoader
{
    internal const string LibraryName = "schane_native";
    private const string FileName = "libschane_native.so";

    // The resolver must be in place before the first P/Invoke of any caller, which only a module initializer guarantees.
#pragma warning disable CA2255
    [System.Runtime.CompilerServices.ModuleInitializer]
#pragma warning restore CA2255
    internal static void Register() => NativeLibrary.SetDllImportResolver(typeof(NativeLibraryLoader).Assembly, Resolve);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != LibraryName) return IntPtr.Zero;
        var tried = new List<string>();
        foreach (var candidate in Candidates())
        {
            if (!File.Exists(candidate)) { tried.Add(candidate + " (not found)"); continue; }
            try
            {
                PreferPassiveOpenMpThreads();
                var library = NativeLibrary.Load(candidate);
                UseAllCores(library);
                return library;
            }
            catch (DllNotFoundException e) { tried.Add($"{candidate} ({e.Message})"); }
        }
        throw new DllNotFoundException(
            $"The libtorch shim {FileName} could not be loaded. Run ./schane (any command) at the repository root to " +
            "install libtorch and build the shim, or set SCHANE_NATIVE to the built library (and LIBTORCH to the " +
            "libtorch it was built against when that is not Debian's). Tried:\n  " + string.Join("\n  ", tried));
    }

    // libtorch's OpenMP pool may start with one thread (it does on these machines); like PyTorch's documented default,
    // use every core unless OMP_NUM_THREADS says otherwise. Called through the export: P/Invoke is not yet resolvable.
    private static unsafe void UseAllCores(IntPtr library)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OMP_NUM_THREADS"))) return;
        var setThreads = (delegate* unmanaged<int, int>)NativeLibrary.GetExport(library, "sch_set_num_threads");
        setThreads(Environment.ProcessorCount);
    }

    // OpenMP's default makes idle worker threads spin; on these 2-core machines a spinning worker and the .NET
    // runtime's own threads (JIT, GC) take turns on the cores and every parallel region waits for the loser: an MLP
    // training step measured 21 ms spinning against 7.6 ms passive (8.6 ms for PyTorch under the same setting).
    // libgomp reads OMP_WAIT_POLICY once, when libtorch loads it, so it is set in the native environment just
    // before; a value the user set wins.
    private static void PreferPassiveOpenMpThreads()
    {
        if (Environment.GetEnvironmentVariable("OMP_WAIT_POLICY") is null) setenv("OMP_WAIT_POLICY", "PASSIVE", 0);
    }

    [DllImport("libc", CharSet = CharSet.Ansi)]
    private static extern int setenv(string name, string value, int overwrite);

    private static IEnumerable<string> Candidates()
    {
        var fromEnvironment = Environment.GetEnvironmentVariable("SCHANE_NATIVE");
        if (!string.IsNullOrEmpty(fromEnvironment))
            yield return Directory.Exists(fromEnvironment) ? Path.Combine(fromEnvironment, FileName) : fromEnvironment;
        var assemblyDirectory = Path.GetDirectoryName(typeof(NativeLibraryLoader).Assembly.Location);
        foreach (var start in new[] { AppContext.BaseDirectory, assemblyDirectory }.Where(d => !string.IsNullOrEmpty(d)).Distinct())
        {
            yield return Path.Combine(start!, FileName);
            for (var dir = new DirectoryInfo(start!); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "build", "native", FileName)))
                    yield return Path.Combine(dir.FullName, "build", "native", FileName);
        }
    }
}
