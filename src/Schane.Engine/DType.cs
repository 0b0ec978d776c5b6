namespace Schane.Engine;

/// <summary>Element types. The values are libtorch's c10::ScalarType codes (torch.dtype).</summary>
public enum DType
{
    /// <summary>torch.uint8</summary>
    UInt8 = 0,
    /// <summary>torch.int8</summary>
    Int8 = 1,
    /// <summary>torch.int16</summary>
    Int16 = 2,
    /// <summary>torch.int32</summary>
    Int32 = 3,
    /// <summary>torch.int64</summary>
    Int64 = 4,
    /// <summary>torch.float16</summary>
    Float16 = 5,
    /// <summary>torch.float32</summary>
    Float32 = 6,
    /// <summary>torch.float64</summary>
    Float64 = 7,
    /// <summary>torch.bool</summary>
    Bool = 11,
    /// <summary>torch.bfloat16</summary>
    BFloat16 = 15,
}

/// <summary>Facts about <see cref="DType"/> values.</summary>
public static class DTypeExtensions
{
    /// <summary>Bytes per element.</summary>
    public static int ElementSize(this DType dtype) => dtype switch
    {
        DType.UInt8 or DType.Int8 or DType.Bool => 1,
        DType.Int16 or DType.Float16 or DType.BFloat16 => 2,
        DType.Int32 or DType.Float32 => 4,
        DType.Int64 or DType.Float64 => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(dtype), dtype, "unknown dtype"),
    };

    /// <summary>True for float16, bfloat16, float32 and float64 (torch.is_floating_point).</summary>
    public static bool IsFloatingPoint(this DType dtype) =>
        dtype is DType.Float16 or DType.BFloat16 or DType.Float32 or DType.Float64;

    /// <summary>The PyTorch spelling, e.g. "torch.float32".</summary>
    public static string ToTorchName(this DType dtype) => "torch." + dtype.ToString().ToLowerInvariant();

    /// <summary>The dtype that holds .NET values of type <typeparamref name="T"/>.</summary>
    public static DType Of<T>() where T : unmanaged => typeof(T) switch
    {
        var t when t == typeof(float) => DType.Float32,
        var t when t == typeof(double) => DType.Float64,
        var t when t == typeof(long) => DType.Int64,
        var t when t == typeof(int) => DType.Int32,
        var t when t == typeof(short) => DType.Int16,
        var t when t == typeof(byte) => DType.UInt8,
        var t when t == typeof(sbyte) => DType.Int8,
        var t when t == typeof(bool) => DType.Bool,
        var t when t == typeof(Half) => DType.Float16,
        var t => throw new NotSupportedException($"no tensor dtype holds .NET type {t.Name}"),
    };
}
