using System.Numerics;

namespace Schane.Core.Losses.Kernels;

/// <summary>Reductions across the lanes of a vector, with the comparisons of the C++ kernel's reductions.</summary>
internal static class Horizontal
{
    /// <summary>The largest lane (as <c>a &gt; b ? a : b</c>).</summary>
    public static T Max<T, TV>(TV v) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        Span<T> lanes = stackalloc T[TV.Count];
        TV.CopyTo(v, lanes);
        var m = lanes[0];
        foreach (var x in lanes[1..]) m = x > m ? x : m;
        return m;
    }

    /// <summary>The smallest lane (as <c>a &lt; b ? a : b</c>).</summary>
    public static T Min<T, TV>(TV v) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        Span<T> lanes = stackalloc T[TV.Count];
        TV.CopyTo(v, lanes);
        var m = lanes[0];
        foreach (var x in lanes[1..]) m = x < m ? x : m;
        return m;
    }

    /// <summary>The sum of the lanes, as a double.</summary>
    public static double Sum<T, TV>(TV v) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T> =>
        double.CreateTruncating(TV.Sum(v));
}
