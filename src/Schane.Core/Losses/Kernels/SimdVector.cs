using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>The row kernel's vectors as <see cref="Vector{T}"/>: the machine's preferred width (256 bits with AVX2, 128 with NEON or SSE).</summary>
internal readonly struct SimdVector<T> : ISimd<SimdVector<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector<T> v;

    private SimdVector(Vector<T> v) => this.v = v;

    public static int Count => Vector<T>.Count;

    public static SimdVector<T> AllBitsSet => new(Vector<T>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Create(T value) => new(Vector.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Load(ReadOnlySpan<T> span, int k) => new(Vector.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(SimdVector<T> value, Span<T> span, int k) => value.v.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)k);

    public static void CopyTo(SimdVector<T> value, Span<T> lanes) => value.v.CopyTo(lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator +(SimdVector<T> a, SimdVector<T> b) => new(a.v + b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator -(SimdVector<T> a, SimdVector<T> b) => new(a.v - b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator *(SimdVector<T> a, SimdVector<T> b) => new(a.v * b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator /(SimdVector<T> a, SimdVector<T> b) => new(a.v / b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator -(SimdVector<T> a) => new(-a.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> operator &(SimdVector<T> a, SimdVector<T> b) => new(a.v & b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> AndNot(SimdVector<T> a, SimdVector<T> b) => new(Vector.AndNot(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Select(SimdVector<T> mask, SimdVector<T> a, SimdVector<T> b) => new(Vector.ConditionalSelect(mask.v, a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Max(SimdVector<T> a, SimdVector<T> b) => new(Vector.MaxNative(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Min(SimdVector<T> a, SimdVector<T> b) => new(Vector.MinNative(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> MultiplyAdd(SimdVector<T> a, SimdVector<T> b, SimdVector<T> c) =>
        typeof(T) == typeof(float)
            ? new(Vector.MultiplyAddEstimate(a.v.As<T, float>(), b.v.As<T, float>(), c.v.As<T, float>()).As<float, T>())
            : new(Vector.MultiplyAddEstimate(a.v.As<T, double>(), b.v.As<T, double>(), c.v.As<T, double>()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> GreaterThan(SimdVector<T> a, SimdVector<T> b) => new(Vector.GreaterThan(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> EqualBits(SimdVector<T> a, SimdVector<T> b) =>
        typeof(T) == typeof(float)
            ? new(Vector.Equals(a.v.As<T, int>(), b.v.As<T, int>()).As<int, T>())
            : new(Vector.Equals(a.v.As<T, long>(), b.v.As<T, long>()).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> CountWhere(SimdVector<T> count, SimdVector<T> mask) =>
        typeof(T) == typeof(float)
            ? new((count.v.As<T, int>() - mask.v.As<T, int>()).As<int, T>())
            : new((count.v.As<T, long>() - mask.v.As<T, long>()).As<long, T>());

    public static int Total(SimdVector<T> count) =>
        typeof(T) == typeof(float) ? Vector.Sum(count.v.As<T, int>()) : (int)Vector.Sum(count.v.As<T, long>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static SimdVector<T> Pow2(SimdVector<T> t, SimdVector<T> magic) =>
        typeof(T) == typeof(float)
            ? new(((t.v.As<T, int>() - magic.v.As<T, int>() + Vector.Create(127)) << 23).As<int, T>())
            : new(((t.v.As<T, long>() - magic.v.As<T, long>() + Vector.Create(1023L)) << 52).As<long, T>());

    public static SimdVector<T> Live(int count, int skip)
    {
        if (typeof(T) == typeof(float))
        {
            var j = Vector<int>.Indices;
            var lanes = Vector.AndNot(Vector.LessThan(j, Vector.Create(count)), Vector.Equals(j, Vector.Create(skip)));
            return new(lanes.As<int, T>());
        }
        var i = Vector<long>.Indices;
        var live = Vector.AndNot(Vector.LessThan(i, Vector.Create((long)count)), Vector.Equals(i, Vector.Create((long)skip)));
        return new(live.As<long, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(SimdVector<T> value) => Vector.Sum(value.v);
}
