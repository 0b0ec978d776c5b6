using System.Runtime.InteropServices;

namespace Schane.Core.Runtime;

/// <summary>
/// libtorch's process-wide switches (<c>at::globalContext()</c>) that TorchSharp does not expose: whether ATen may use
/// oneDNN (mkldnn) and NNPACK, PyTorch's <c>torch.backends.mkldnn.enabled</c> and <c>torch.backends.nnpack</c>. Bound by their C++ (Itanium) names in the
/// libtorch_cpu.so this process has mapped — never one found by name, which on Debian can be the system's libtorch
/// 1.13 (see <see cref="PackageNativeLoader"/>).
/// </summary>
internal static unsafe class LibTorchContext
{
    private static readonly Lazy<Exports?> Bound = new(Bind);

    /// <summary>Whether libtorch's switches can be reached here (Linux with TorchSharp's libtorch loaded).</summary>
    public static bool Available => Bound.Value is not null;

    /// <summary>torch.backends.mkldnn.enabled; null where <see cref="Available"/> is false.</summary>
    public static bool? MkldnnEnabled
    {
        get => Bound.Value is { } e ? e.UserEnabledMkldnn(e.GlobalContext()) != 0 : null;
        set
        {
            if (Bound.Value is not { } e) throw new PlatformNotSupportedException("libtorch's global context cannot be reached on this platform");
            e.SetUserEnabledMkldnn(e.GlobalContext(), value == true ? (byte)1 : (byte)0);
        }
    }

    /// <summary>
    /// Turns NNPACK off (torch.backends.nnpack) where it cannot start on this CPU, so that libtorch stops trying it, and
    /// warning, on every convolution. Does nothing where NNPACK works or its switches cannot be reached: they are
    /// bound apart from oneDNN's, whose switch must not depend on them.
    /// </summary>
    public static void DisableUnavailableNnpack()
    {
        if (Bound.Value is { Nnpack: { } n } e && n.Available() == 0) n.SetUserEnabled(e.GlobalContext(), 0);
    }

    private sealed class Exports
    {
        public required delegate* unmanaged<nint> GlobalContext;                // at::globalContext()
        public required delegate* unmanaged<nint, byte> UserEnabledMkldnn;       // at::Context::userEnabledMkldnn() const
        public required delegate* unmanaged<nint, byte, void> SetUserEnabledMkldnn; // at::Context::setUserEnabledMkldnn(bool)
        public required NnpackExports? Nnpack;
    }

    private sealed class NnpackExports
    {
        public required delegate* unmanaged<nint, byte, void> SetUserEnabled;   // at::Context::setUserEnabledNNPACK(bool)
        public required delegate* unmanaged<byte> Available;                    // at::native::_nnpack_available()
    }

    private static Exports? Bind()
    {
        if (!OperatingSystem.IsLinux()) return null;
        using (TorchSharp.torch.zeros(1)) { } // TorchSharp maps its libtorch on first use
        var path = MappedLibrary("libtorch_cpu.so");
        if (path is null || !NativeLibrary.TryLoad(path, out var library)) return null;
        if (!NativeLibrary.TryGetExport(library, "_ZN2at13globalContextEv", out var globalContext)
            || !NativeLibrary.TryGetExport(library, "_ZNK2at7Context17userEnabledMkldnnEv", out var get)
            || !NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledMkldnnEb", out var set))
            return null;
        var nnpack = NativeLibrary.TryGetExport(library, "_ZN2at7Context20setUserEnabledNNPACKEb", out var setNnpack)
                     && NativeLibrary.TryGetExport(library, "_ZN2at6native17_nnpack_availableEv", out var nnpackAvailable)
            ? new NnpackExports
            {
                SetUserEnabled = (delegate* unmanaged<nint, byte, void>)setNnpack,
                Available = (delegate* unmanaged<byte>)nnpackAvailable,
            }
            : null;
        return new Exports
        {
            GlobalContext = (delegate* unmanaged<nint>)globalContext,
            UserEnabledMkldnn = (delegate* unmanaged<nint, byte>)get,
            SetUserEnabledMkldnn = (delegate* unmanaged<nint, byte, void>)set,
            Nnpack = nnpack,
        };
    }

    /// <summary>The path of the mapped library with that file name (from /proc/self/maps), or null.</summary>
    private static string? MappedLibrary(string fileName)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var slash = line.IndexOf('/');
            if (slash >= 0 && Path.GetFileName(line.AsSpan(slash)).SequenceEqual(fileName)) return line[slash..];
        }
        return null;
    }
}
