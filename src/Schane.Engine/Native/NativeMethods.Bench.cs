using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static partial class NativeMethods
{
    // bench.cpp
    [LibraryImport(Lib)] internal static partial double sch_bench_native_add(IntPtr a, IntPtr b, long iterations);
}
