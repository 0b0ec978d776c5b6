namespace Schane.Engine.Tests.Ops;

/// <summary>.NET arrays in and out of tensors for every element type, scalars, printing.</summary>
public class ConversionTests
{
    private static void RoundTrips<T>(DType dtype, T[] values) where T : unmanaged
    {
        using var scope = Torch.NewDisposeScope();
        var t = Torch.FromArray(values);
        Assert.Equal(dtype, t.DType);
        Assert.Equal([(long)values.Length], t.Shape);
        Assert.Equal(values, t.ToArray<T>());
        var span = new T[values.Length + 2];
        t.CopyTo<T>(span);
        Assert.Equal(values, span[..values.Length]);
        var matrix = Torch.FromSpan<T>(values, [1, values.Length]);
        Assert.Equal(values, matrix.T.ToArray<T>());
        Assert.Equal(dtype.ElementSize(), System.Runtime.CompilerServices.Unsafe.SizeOf<T>());
    }

    [Fact] public void Float32RoundTrips() => RoundTrips(DType.Float32, [0f, -0f, 1.5f, float.MaxValue, float.MinValue, float.Epsilon, float.NaN, float.PositiveInfinity, float.NegativeInfinity]);
    [Fact] public void Float64RoundTrips() => RoundTrips(DType.Float64, [0, 1e-310, Math.PI, double.MaxValue, double.MinValue, double.NaN, double.NegativeInfinity]);
    [Fact] public void Float16RoundTrips() => RoundTrips(DType.Float16, [(Half)0, (Half)1.5, Half.MaxValue, Half.MinValue, Half.Epsilon, Half.NaN, Half.NegativeInfinity]);
    [Fact] public void Int64RoundTrips() => RoundTrips(DType.Int64, [0L, -1, long.MaxValue, long.MinValue, 9007199254740993]);
    [Fact] public void Int32RoundTrips() => RoundTrips(DType.Int32, [0, -1, int.MaxValue, int.MinValue]);
    [Fact] public void Int16RoundTrips() => RoundTrips(DType.Int16, new short[] { 0, -1, short.MaxValue, short.MinValue });
    [Fact] public void Int8RoundTrips() => RoundTrips(DType.Int8, new sbyte[] { 0, -1, sbyte.MaxValue, sbyte.MinValue });
    [Fact] public void UInt8RoundTrips() => RoundTrips(DType.UInt8, new byte[] { 0, 1, 128, 255 });
    [Fact] public void BoolRoundTrips() => RoundTrips(DType.Bool, [true, false, false, true]);

    [Fact]
    public void TwoDimensionalArraysKeepCOrder()
    {
        using var scope = Torch.NewDisposeScope();
        var t = Torch.FromArray(new long[,] { { 1, 2, 3 }, { 4, 5, 6 } });
        Assert.Equal([2L, 3], t.Shape);
        Assert.Equal([1L, 2, 3, 4, 5, 6], t.ToArray<long>());
        Assert.Equal([1L, 4, 2, 5, 3, 6], t.T.ToArray<long>());
        Assert.Equal(5, t[1][1].Item<long>());
    }

    [Fact]
    public void FromArrayCopiesTheData()
    {
        using var scope = Torch.NewDisposeScope();
        var data = new[] { 1f, 2f };
        var t = Torch.FromArray(data);
        data[0] = 100;
        Assert.Equal([1f, 2f], t.ToArray<float>());
    }

    [Fact]
    public void BFloat16GoesThroughTo()
    {
        using var scope = Torch.NewDisposeScope();
        // Values with at most 8 significant bits are exact in bfloat16.
        var exact = Torch.FromArray(new[] { 1.5f, -2.25f, 256f, 0.0078125f, 3.3895314e38f, 0f });
        var b = exact.To(DType.BFloat16);
        Assert.Equal(DType.BFloat16, b.DType);
        Assert.Equal(2, DType.BFloat16.ElementSize());
        Assert.True(DType.BFloat16.IsFloatingPoint());
        Assert.Equal(exact.ToArray<float>(), b.To(DType.Float32).ToArray<float>());
        // 1 + 2^-8 lies halfway between two bfloat16 values and rounds to the even one, 1.
        Assert.Equal(1f, Torch.FromArray(new[] { 1.00390625f }).To(DType.BFloat16).To(DType.Float32).Item<float>());
        Assert.Equal(1.5, b[0].Item<double>());
        Assert.Throws<ArgumentException>(() => b.ToArray<Half>());
    }

    [Fact]
    public void ItemReadsEveryElementType()
    {
        using var scope = Torch.NewDisposeScope();
        Assert.Equal(2.5, Torch.Scalar(2.5).Item<double>());
        Assert.Equal(2.5f, Torch.Scalar(2.5).Item<float>());
        Assert.Equal((Half)2.5, Torch.Scalar(2.5).Item<Half>());
        Assert.Equal(long.MaxValue, Torch.FromScalar(long.MaxValue).Item<long>());
        Assert.Equal(-7, Torch.FromScalar(-7).Item<int>());
        Assert.Equal((byte)200, Torch.FromScalar((byte)200).Item<byte>());
        Assert.True(Torch.FromScalar(true).Item<bool>());
        Assert.False(Torch.FromScalar(false).Item<bool>());
        Assert.Equal(3, Torch.Scalar(3.7).Item<long>());
        Assert.Equal(2.0, Torch.FromArray(new[] { 1L, 2, 3 })[1].Item<double>());
        Assert.Equal(4.0, (Torch.Ones([1, 1, 1]) * 4.0).Item<double>());
        Assert.Throws<OverflowException>(() => Torch.FromScalar(long.MaxValue).Item<int>());
    }

    [Fact]
    public void PrintingShowsValuesAndSummary()
    {
        using var scope = Torch.NewDisposeScope();
        var t = Torch.Arange(6, DType.Float32).Reshape(2, 3);
        Assert.Equal("Tensor(shape=[2, 3], dtype=torch.float32, device=cpu)", t.ToString());
        Assert.Contains("5", t.ToValuesString());
        // Longer than the first 4 KiB buffer: the text is fetched again at its full length.
        var big = Torch.Arange(1000, 1000 + 2000).Reshape(2000, 1);
        var text = big.ToValuesString();
        Assert.True(text.Length > 4096);
        Assert.Contains("2999", text);
        Assert.Equal(Device.CPU, t.Device);
        Assert.Equal(Torch.DefaultDType, Torch.Zeros([1]).DType);
        Assert.Equal(DType.Float32, Torch.DefaultDType);
    }
}
