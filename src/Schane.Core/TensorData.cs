using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core;

/// <summary>
/// Copies between .NET memory and tensors. TorchSharp's own accessors want the tensor's exact element type on the CPU
/// (<c>data&lt;T&gt;()</c>) or a managed array of a matching type (<c>torch.tensor</c>); these take any dtype and device,
/// and raw bytes, which the file readers need.
/// </summary>
public static class TensorData
{
    /// <summary>A new CPU tensor of <paramref name="dtype"/> and <paramref name="shape"/> holding a copy of <paramref name="data"/> (C order, little-endian).</summary>
    public static Tensor FromBytes(ReadOnlySpan<byte> data, ScalarType dtype, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count * dtype.ElementSize() != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] of {dtype.TorchName()} needs {count * dtype.ElementSize()} bytes, not {data.Length}");
        var tensor = empty(shape, dtype);
        if (data.Length > 0) data.CopyTo(tensor.bytes);
        return tensor;
    }

    /// <summary>A new CPU tensor of <typeparamref name="T"/>'s dtype holding a copy of <paramref name="data"/>, shaped <paramref name="shape"/> (1-D without one).</summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, long[]? shape = null) where T : unmanaged =>
        FromBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(data), DTypeOf<T>(), shape ?? [data.Length]);

    /// <summary>The elements of <paramref name="tensor"/> in C order, converted to <typeparamref name="T"/> (any dtype, any device).</summary>
    public static T[] ToArray<T>(Tensor tensor) where T : unmanaged
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (tensor.numel() == 0) return [];
        var cpu = tensor.detach().to(DTypeOf<T>()).cpu().contiguous();
        return System.Runtime.InteropServices.MemoryMarshal.Cast<byte, T>(cpu.bytes).ToArray();
    }

    /// <summary>The raw bytes of <paramref name="tensor"/> in C order (any device), as its dtype stores them.</summary>
    public static byte[] ToBytes(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        if (tensor.numel() == 0) return [];
        return tensor.detach().cpu().contiguous().bytes.ToArray();
    }

    /// <summary>The dtype that holds .NET values of <typeparamref name="T"/>.</summary>
    public static ScalarType DTypeOf<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => ScalarType.Float32,
        var t when t == typeof(double) => ScalarType.Float64,
        var t when t == typeof(long) => ScalarType.Int64,
        var t when t == typeof(int) => ScalarType.Int32,
        var t when t == typeof(short) => ScalarType.Int16,
        var t when t == typeof(byte) => ScalarType.Byte,
        var t when t == typeof(sbyte) => ScalarType.Int8,
        var t when t == typeof(bool) => ScalarType.Bool,
        var t when t == typeof(Half) => ScalarType.Float16,
        var t => throw new NotSupportedException($"no tensor dtype holds .NET type {t.Name}"),
    };
}
