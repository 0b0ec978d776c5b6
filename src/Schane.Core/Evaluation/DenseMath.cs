using System.Numerics;
using System.Runtime.InteropServices;

namespace Schane.Core.Evaluation;

/// <summary>SIMD-wide dot and axpy on managed doubles: the probe's Gram–Schmidt, projections and L-BFGS spend their time here.</summary>
internal static class DenseMath
{
    /// <summary>a · b over a's length.</summary>
    public static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        b = b[..a.Length];
        var i = 0;
        var sum = 0.0;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * Vector<double>.Count)
        {
            var acc = Vector<double>.Zero;
            var va = MemoryMarshal.Cast<double, Vector<double>>(a);
            var vb = MemoryMarshal.Cast<double, Vector<double>>(b);
            for (var k = 0; k < va.Length; k++) acc += va[k] * vb[k];
            sum = Vector.Sum(acc);
            i = va.Length * Vector<double>.Count;
        }
        for (; i < a.Length; i++) sum += a[i] * b[i];
        return sum;
    }

    /// <summary>y += a·x over y's length.</summary>
    public static void Axpy(double a, ReadOnlySpan<double> x, Span<double> y)
    {
        x = x[..y.Length];
        var i = 0;
        if (Vector.IsHardwareAccelerated && y.Length >= Vector<double>.Count)
        {
            var va = new Vector<double>(a);
            var vx = MemoryMarshal.Cast<double, Vector<double>>(x);
            var vy = MemoryMarshal.Cast<double, Vector<double>>(y);
            for (var k = 0; k < vy.Length; k++) vy[k] += va * vx[k];
            i = vy.Length * Vector<double>.Count;
        }
        for (; i < y.Length; i++) y[i] += a * x[i];
    }

    /// <summary>Scales <paramref name="v"/> to unit Euclidean norm; a zero row stays zero (sklearn.preprocessing.normalize, F.normalize).</summary>
    public static void NormalizeInPlace(Span<double> v)
    {
        var norm = Math.Sqrt(Dot(v, v));
        if (norm == 0) return;
        for (var i = 0; i < v.Length; i++) v[i] /= norm;
    }
}
