using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

/// <summary>
/// The shim's exports (src/Native). Handles are raw pointers: at::Tensor* for tensors, std::vector&lt;at::Tensor&gt;*
/// for lists. Tensor-returning calls return null on error; status-returning calls return -1 on error.
/// Declarations are grouped by the shim's source files, one partial file per area.
/// </summary>
internal static unsafe partial class NativeMethods
{
    private const string Lib = NativeLibraryLoader.LibraryName;

    // errors.cpp
    [LibraryImport(Lib)] internal static partial IntPtr sch_last_error();
    [LibraryImport(Lib)] internal static partial int sch_last_error_kind();
    [LibraryImport(Lib)] internal static partial long sch_noop(long x);
}
