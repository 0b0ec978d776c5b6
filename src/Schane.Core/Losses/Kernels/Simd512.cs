using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// The row kernel's vectors as <see cref="Vector512{T}"/>, for machines where the runtime finds 512-bit vectors fast
/// (<see cref="Vector{T}"/> stays at 256 bits there).
/// </summary>
internal readonly struct Simd512<T> : ISimd<Simd512<T>, T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Vector512<T> v;

    private Simd512(Vector512<T> v) => this.v = v;

    public static int Count => Vector512<T>.Count;

    public static Simd512<T> AllBitsSet => new(Vector512<T>.AllBitsSet);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Create(T value) => new(Vector512.Create(value));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Load(ReadOnlySpan<T> span, int k) => new(Vector512.LoadUnsafe(ref MemoryMarshal.GetReference(span), (nuint)k));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Simd512<T> value, Span<T> span, int k) => value.v.StoreUnsafe(ref MemoryMarshal.GetReference(span), (nuint)k);

    public static void CopyTo(Simd512<T> value, Span<T> lanes) => value.v.CopyTo(lanes);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator +(Simd512<T> a, Simd512<T> b) => new(a.v + b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> a, Simd512<T> b) => new(a.v - b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator *(Simd512<T> a, Simd512<T> b) => new(a.v * b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator /(Simd512<T> a, Simd512<T> b) => new(a.v / b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator -(Simd512<T> a) => new(-a.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> operator &(Simd512<T> a, Simd512<T> b) => new(a.v & b.v);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> AndNot(Simd512<T> a, Simd512<T> b) => new(Vector512.AndNot(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Select(Simd512<T> mask, Simd512<T> a, Simd512<T> b) => new(Vector512.ConditionalSelect(mask.v, a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Max(Simd512<T> a, Simd512<T> b) => new(Vector512.MaxNative(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Min(Simd512<T> a, Simd512<T> b) => new(Vector512.MinNative(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> MultiplyAdd(Simd512<T> a, Simd512<T> b, Simd512<T> c) =>
        typeof(T) == typeof(float)
            ? new(Vector512.MultiplyAddEstimate(a.v.As<T, float>(), b.v.As<T, float>(), c.v.As<T, float>()).As<float, T>())
            : new(Vector512.MultiplyAddEstimate(a.v.As<T, double>(), b.v.As<T, double>(), c.v.As<T, double>()).As<double, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> GreaterThan(Simd512<T> a, Simd512<T> b) => new(Vector512.GreaterThan(a.v, b.v));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> EqualBits(Simd512<T> a, Simd512<T> b) =>
        typeof(T) == typeof(float)
            ? new(Vector512.Equals(a.v.As<T, int>(), b.v.As<T, int>()).As<int, T>())
            : new(Vector512.Equals(a.v.As<T, long>(), b.v.As<T, long>()).As<long, T>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> CountWhere(Simd512<T> count, Simd512<T> mask) =>
        typeof(T) == typeof(float)
            ? new((count.v.As<T, int>() - mask.v.As<T, int>()).As<int, T>())
            : new((count.v.As<T, long>() - mask.v.As<T, long>()).As<long, T>());

    public static int Total(Simd512<T> count) =>
        typeof(T) == typeof(float) ? Vector512.Sum(count.v.As<T, int>()) : (int)Vector512.Sum(count.v.As<T, long>());

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Simd512<T> Pow2(Simd512<T> t, Simd512<T> magic) =>
        typeof(T) == typeof(float)
            ? new(((t.v.As<T, int>() - magic.v.As<T, int>() + Vector512.Create(127)) << 23).As<int, T>())
            : new(((t.v.As<T, long>() - magic.v.As<T, long>() + Vector512.Create(1023L)) << 52).As<long, T>());

    public static Simd512<T> Live(int count, int skip)
    {
        if (typeof(T) == typeof(float))
        {
            var j = Vector512<int>.Indices;
            var lanes = Vector512.AndNot(Vector512.LessThan(j, Vector512.Create(count)), Vector512.Equals(j, Vector512.Create(skip)));
            return new(lanes.As<int, T>());
        }
        var i = Vector512<long>.Indices;
        var live = Vector512.AndNot(Vector512.LessThan(i, Vector512.Create((long)count)), Vector512.Equals(i, Vector512.Create((long)skip)));
        return new(live.As<long, T>());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static T Sum(Simd512<T> value) => Vector512.Sum(value.v);
}
