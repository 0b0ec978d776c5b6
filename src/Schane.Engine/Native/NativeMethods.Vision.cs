using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // vision.cpp: spatial sampling
    [LibraryImport(Lib)] internal static partial IntPtr sch_affine_grid(IntPtr theta, long* size, int ndim, int alignCorners);
    [LibraryImport(Lib)] internal static partial IntPtr sch_grid_sample(IntPtr input, IntPtr grid, int mode, int paddingMode, int alignCorners);
}
