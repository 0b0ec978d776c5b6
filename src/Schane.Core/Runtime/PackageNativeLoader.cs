using System.Reflection;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace Schane.Core.Runtime;

/// <summary>
/// Loads libtorch and TorchSharp's native library by path from the NuGet packages folder, for hosts that reference
/// TorchSharp from the NuGet cache with no deps.json naming its natives (.NET Interactive's <c>#r "nuget: ..."</c>).
/// <para>
/// Why it is needed: TorchSharp first asks for <c>torch_cpu</c> by name. Such a host has no probing path for it, so
/// the request falls through to the system's loader, which on a Debian machine with <c>libtorch-dev</c> (pulled in by
/// <c>python3-torch</c>) finds Debian's libtorch 1.13 (<c>/lib/x86_64-linux-gnu/libtorch_cpu.so</c>) and maps it.
/// TorchSharp's library, built for libtorch 2.10, then binds its <c>libtorch_cpu.so</c> and <c>libc10.so</c> to
/// that 1.13 copy by name and fails with <c>undefined symbol: _ZNK3c105Error4whatEv</c> (TorchSharp says only that
/// the package is not referenced). Loading the package's libtorch first, by path, makes every later request by name
/// resolve to it (the loader matches loaded libraries by soname), so TorchSharp loads it with no copying.
/// </para>
/// </summary>
public static class PackageNativeLoader
{
    /// <summary>The libtorch package for the CPU on Linux x64.</summary>
    public const string LibTorchPackage = "libtorch-cpu-linux-x64";

    // Dependency order: each one's needs are loaded (or found beside it) before it.
    private static readonly string[] LibTorchFiles = ["libc10.so", "libtorch_cpu.so", "libtorch.so"];

    private static readonly object Gate = new();

    /// <summary>The version of <see cref="LibTorchPackage"/> that this process's TorchSharp was built for (e.g. 2.10.0).</summary>
    public static string LibTorchPackageVersion => LibTorchVersion(typeof(Tensor).Assembly);

    /// <summary>The NuGet version of an assembly's package: its informational version without the commit (e.g. 0.107.0).</summary>
    public static string PackageVersionOf(Assembly assembly) => Version(assembly);
    private static string? loaded;

    /// <summary>
    /// Loads the package's libtorch (the version TorchSharp was built for) and TorchSharp's native library before
    /// TorchSharp looks for them, after applying <see cref="LibStdCxxCompatibility"/> to the package's copy of
    /// TorchSharp's library. Returns what it loaded (one line); on a second call, the same line, loading nothing.
    /// Does nothing off Linux x64, or once TorchSharp has loaded its natives itself.
    /// </summary>
    /// <exception cref="FileNotFoundException">
    /// The libtorch package of that version is not restored: the message names the <c>#r "nuget: ..."</c> line that
    /// restores it.
    /// </exception>
    public static string Load()
    {
        lock (Gate)
        {
            if (loaded != null) return loaded;
            if (!OperatingSystem.IsLinux() || RuntimeInformation.ProcessArchitecture != Architecture.X64)
                return loaded = $"nothing to load on {RuntimeInformation.RuntimeIdentifier}: TorchSharp finds its natives there";

            var torchSharp = typeof(Tensor).Assembly;
            var packages = PackagesFolder(torchSharp.Location);
            var libTorchVersion = LibTorchVersion(torchSharp);
            var libTorch = Path.Combine(packages, LibTorchPackage, libTorchVersion, "runtimes", "linux-x64", "native");
            if (!File.Exists(Path.Combine(libTorch, "libtorch_cpu.so")))
                throw new FileNotFoundException(
                    $"TorchSharp {Version(torchSharp)} needs {LibTorchPackage} {libTorchVersion}, which is not restored in {packages}: " +
                    $"add the line #r \"nuget: {LibTorchPackage}, {libTorchVersion}\" to the cell that references Schane.Core " +
                    "(TorchSharp leaves the choice of libtorch to the application)", Path.Combine(libTorch, "libtorch_cpu.so"));
            var native = Path.Combine(packages, "torchsharp", Version(torchSharp), "runtimes", "linux-x64", "native", TorchSharpNativeCopies.FileName);
            if (!File.Exists(native))
                throw new FileNotFoundException($"TorchSharp's native library is not where its package puts it: {native}", native);

            LibStdCxxCompatibility.Apply(native, LibStdCxx.FindOnSystem());
            foreach (var file in LibTorchFiles) NativeLibrary.Load(Path.Combine(libTorch, file));
            NativeLibrary.Load(native);
            return loaded = $"loaded {LibTorchPackage} {libTorchVersion} from {libTorch} and TorchSharp's native library from {Path.GetDirectoryName(native)}";
        }
    }

    // TorchSharp's layout in the packages folder: torchsharp/VERSION/lib/TFM/TorchSharp.dll; else the configured folder.
    private static string PackagesFolder(string torchSharpLocation)
    {
        var lib = Path.GetDirectoryName(torchSharpLocation);
        var packages = lib is null ? null : Path.GetFullPath(Path.Combine(lib, "..", "..", "..", ".."));
        return packages != null && Directory.Exists(Path.Combine(packages, "torchsharp")) ? packages : TorchSharpNativeCopies.NuGetPackagesFolder();
    }

    // The libtorch version TorchSharp was built against: its constant, read without running torch's static constructor
    // (which would load the natives the wrong way first). "2.10.0.0" is the package's "2.10.0".
    private static string LibTorchVersion(Assembly torchSharp)
    {
        var field = torchSharp.GetType("TorchSharp.torch")?.GetField("libtorchPackageVersion", BindingFlags.NonPublic | BindingFlags.Static);
        var raw = field?.GetRawConstantValue() as string
            ?? throw new InvalidOperationException($"TorchSharp {Version(torchSharp)} does not say which libtorch it needs (no libtorchPackageVersion)");
        var parts = raw.Split('.');
        return parts.Length == 4 && parts[3] == "0" ? string.Join('.', parts[..3]) : raw;
    }

    private static string Version(Assembly assembly) =>
        (assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? assembly.GetName().Version!.ToString()).Split('+')[0];
}
