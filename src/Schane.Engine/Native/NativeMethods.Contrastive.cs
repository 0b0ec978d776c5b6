using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // contrastive.cpp
    [LibraryImport(Lib)] internal static partial int sch_contrastive_rows(IntPtr block, IntPtr labels, long first, int kind, double beta,
        double tauPlus, double scale, double clamp, double* losses, byte* valid);
    [LibraryImport(Lib)] internal static partial int sch_contrastive_rows_weighted(IntPtr block, IntPtr logWeights, IntPtr gradBlock,
        IntPtr gradWeights, IntPtr labels, long first, int kind, double tauPlus, double clamp, double* losses, byte* valid);
    [LibraryImport(Lib)] internal static partial int sch_addmm_(IntPtr output, IntPtr a, IntPtr b, double beta, double alpha);
}
