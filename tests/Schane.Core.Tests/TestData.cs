namespace Schane.Core.Tests;

/// <summary>
/// Random inputs from a test's own System.Random: libtorch's global generator is shared by the test classes that
/// xunit runs in parallel, so seeding it would not make a test repeatable.
/// </summary>
internal static class TestData
{
    public static Tensor Normal(Random random, long[] shape, ScalarType dtype = ScalarType.Float64)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            // Box–Muller.
            var u = 1.0 - random.NextDouble();
            var v = random.NextDouble();
            values[i] = Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
        }
        using var t = tensor(values, shape);
        return t.to(dtype);
    }

    public static Tensor Labels(Random random, int count, int classes) =>
        tensor(Enumerable.Range(0, count).Select(_ => (long)random.Next(classes)).ToArray());

    /// <summary>
    /// Tensor.TotalCount (TorchSharp's count of live managed tensors, process-wide) once the garbage of earlier tests
    /// has been finalized: a tensor some test forgot to dispose would otherwise be finalized in the middle of a leak
    /// test and change its count.
    /// </summary>
    public static long SettledLiveCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return Tensor.TotalCount;
    }

    /// <summary>The elements in C order, converted to <typeparamref name="T"/>, whatever the tensor's dtype and device (TorchSharp's data&lt;T&gt; wants the exact type).</summary>
    public static T[] Values<T>(this Tensor tensor) where T : unmanaged => TensorData.ToArray<T>(tensor);
}
