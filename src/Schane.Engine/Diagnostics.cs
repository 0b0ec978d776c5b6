using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>Measurements of the binding itself, for benchmarks.</summary>
public static class Diagnostics
{
    /// <summary>Mean nanoseconds of one <c>a + b</c> called from C++ inside the shim: the floor without any binding.</summary>
    public static double NativeAddNanoseconds(Tensor a, Tensor b, long iterations)
    {
        var ns = sch_bench_native_add(a.Handle, b.Handle, iterations);
        if (ns < 0) NativeError.Throw(nameof(NativeAddNanoseconds), "Diagnostics");
        return ns;
    }

    /// <summary>Mean nanoseconds of a P/Invoke round trip to an empty export.</summary>
    public static double NoOpCallNanoseconds(long iterations)
    {
        long sink = 0;
        var watch = System.Diagnostics.Stopwatch.StartNew();
        for (long i = 0; i < iterations; i++) sink += sch_noop(i);
        watch.Stop();
        GC.KeepAlive(sink);
        return watch.Elapsed.TotalNanoseconds / iterations;
    }
}
