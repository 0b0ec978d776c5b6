using System.Numerics;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// The vector operations of the row kernel over float or double lanes, so that its loops are written once for every
/// width: <see cref="SimdVector{T}"/> (<see cref="Vector{T}"/>: 256 bits with AVX2, 128 with NEON) and
/// <see cref="Simd512{T}"/> (where the runtime finds 512-bit vectors fast; <see cref="Vector{T}"/> stays at 256 bits
/// there). Masks are vectors with all bits of a lane set or clear, as the comparisons return them.
/// </summary>
internal interface ISimd<TSelf, T> where TSelf : struct, ISimd<TSelf, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Lanes per vector.</summary>
    static abstract int Count { get; }

    /// <summary>All lanes set to <paramref name="value"/>.</summary>
    static abstract TSelf Create(T value);

    /// <summary>The mask of all lanes.</summary>
    static abstract TSelf AllBitsSet { get; }

    /// <summary>The vector at <paramref name="k"/> of a span, unchecked: k + Count must not pass its end.</summary>
    static abstract TSelf Load(ReadOnlySpan<T> span, int k);

    /// <summary>Stores the vector at <paramref name="k"/> of a span, unchecked.</summary>
    static abstract void Store(TSelf value, Span<T> span, int k);

    /// <summary>The lanes of a vector, as a span of Count elements.</summary>
    static abstract void CopyTo(TSelf value, Span<T> lanes);

    /// <summary>a + b, lane by lane.</summary>
    static abstract TSelf operator +(TSelf a, TSelf b);

    /// <summary>a − b, lane by lane.</summary>
    static abstract TSelf operator -(TSelf a, TSelf b);

    /// <summary>a · b, lane by lane.</summary>
    static abstract TSelf operator *(TSelf a, TSelf b);

    /// <summary>a / b, lane by lane.</summary>
    static abstract TSelf operator /(TSelf a, TSelf b);

    /// <summary>−a, lane by lane.</summary>
    static abstract TSelf operator -(TSelf a);

    /// <summary>Bitwise and: with a mask, the lanes it selects and zeros elsewhere.</summary>
    static abstract TSelf operator &(TSelf a, TSelf b);

    /// <summary>a &amp; ~b.</summary>
    static abstract TSelf AndNot(TSelf a, TSelf b);

    /// <summary>mask ? a : b, lane by lane.</summary>
    static abstract TSelf Select(TSelf mask, TSelf a, TSelf b);

    /// <summary>a &gt; b ? a : b, lane by lane.</summary>
    static abstract TSelf Max(TSelf a, TSelf b);

    /// <summary>a &lt; b ? a : b, lane by lane.</summary>
    static abstract TSelf Min(TSelf a, TSelf b);

    /// <summary>a · b + c, fused where the hardware can.</summary>
    static abstract TSelf MultiplyAdd(TSelf a, TSelf b, TSelf c);

    /// <summary>The mask of a &gt; b.</summary>
    static abstract TSelf GreaterThan(TSelf a, TSelf b);

    /// <summary>The mask of lanes whose bits are equal as integers (labels are carried as lane bits, which may look like NaN).</summary>
    static abstract TSelf EqualBits(TSelf a, TSelf b);

    /// <summary>Adds one to the integer lanes of <paramref name="count"/> where <paramref name="mask"/> is set.</summary>
    static abstract TSelf CountWhere(TSelf count, TSelf mask);

    /// <summary>The sum of the integer lanes of a <see cref="CountWhere"/> accumulator.</summary>
    static abstract int Total(TSelf count);

    /// <summary>
    /// 2^k where t = k + magic holds the integer k in its low mantissa bits: (bits(t) − bits(magic) + bias) shifted
    /// into the exponent field.
    /// </summary>
    static abstract TSelf Pow2(TSelf t, TSelf magic);

    /// <summary>The mask of the lanes j &lt; <paramref name="count"/> other than <paramref name="skip"/>.</summary>
    static abstract TSelf Live(int count, int skip);

    /// <summary>The sum of the lanes.</summary>
    static abstract T Sum(TSelf value);
}
