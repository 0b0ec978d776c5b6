using System.Numerics;
using System.Runtime.CompilerServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// One anchor's row of SCHaNe or HCL with the negatives' log-weights given: each negative's term is e^{s + log w}
/// instead of |N| softmax(βs) e^{s}, the formulas of <see cref="ExponentialRow"/> with β = 0 and no normalisation.
/// The similarities are only read, because the weighting's autograd graph may have saved them.
/// </summary>
internal static class WeightedRow
{
    /// <summary>
    /// The loss of the anchor with similarities <paramref name="s"/> and log-weights <paramref name="w"/> (read at the
    /// negatives only; −∞ adds exactly nothing); <paramref name="gradS"/> receives dL/ds with the weights held fixed,
    /// <paramref name="gradW"/> dL/d(log w) (zero off the negatives). The rest as in <see cref="ExponentialRow.Run{T, TKind, TV}"/>.
    /// </summary>
    public static double Run<T, TKind, TV>(ReadOnlySpan<T> s, ReadOnlySpan<T> w, Span<T> gradS, Span<T> gradW, ReadOnlySpan<T> lanes,
        ReadOnlySpan<int> sameLabel, int self, in RowParameters p, out bool valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var row = new RowVectors<T, TV>(s, w, lanes, self);
        var extremes = Extremes<T, TV>(row);
        valid = extremes.CountP > 0;
        var shiftC = extremes.MaxN; // (1 + β) maxN with β = 0
        var (a, c) = Sums<T, TV>(row, extremes.MaxP, shiftC);
        var sums = new RowSums(extremes.CountP, extremes.CountN, double.CreateTruncating(extremes.MaxP), double.CreateTruncating(extremes.MaxN),
            a, 1, c, 0, 0, double.CreateTruncating(shiftC), Beta: 0, Beta1: 1);
        var coefficients = RowCoefficients.Of(TKind.Kind, weighted: true, sums, p, s, sameLabel, self);
        Gradient<T, TKind, TV>(row, gradS, gradW, extremes.MaxP, shiftC, coefficients, valid);
        return coefficients.Loss;
    }

    /// <summary>Pass 1: counts and extremes; a negative's exponent t = s + log w has its log-weight folded in.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static RowExtremes<T> Extremes<T, TV>(in RowVectors<T, TV> row)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var weights = row.Weights;
        var labels = row.Labels;
        var y = row.Label;
        var full = row.Full;
        var selfStart = row.SelfStart;
        var selfLive = row.SelfLive;
        var lowest = TV.Create(Element.Lowest<T>());
        var highest = TV.Create(Element.Highest<T>());
        TV maxP = lowest, maxN = lowest, minN = highest, countP = default, countN = default;
        for (var k = 0; k < full; k += TV.Count)
            Extreme<T, TV>(TV.Load(values, k), TV.Load(weights, k), TV.Load(labels, k), y,
                RowVectors<T, TV>.Live(k, selfStart, selfLive), ref maxP, ref maxN, ref minN, ref countP, ref countN);
        if (full < row.Length)
            Extreme<T, TV>(row.TailValues, row.TailWeights, row.TailLabels, y, row.TailLive, ref maxP, ref maxN, ref minN, ref countP, ref countN);
        return new(TV.Total(countP), TV.Total(countN), Horizontal.Max<T, TV>(maxP), Horizontal.Max<T, TV>(maxN), Horizontal.Min<T, TV>(minN));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Extreme<T, TV>(TV x, TV w, TV labels, TV y, TV live, ref TV maxP,
        ref TV maxN, ref TV minN, ref TV countP, ref TV countN) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        var t = x + w;
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        var isN = TV.AndNot(live, same);
        maxP = TV.Max(TV.Select(isP, x, TV.Create(Element.Lowest<T>())), maxP);
        maxN = TV.Max(TV.Select(isN, t, TV.Create(Element.Lowest<T>())), maxN);
        minN = TV.Min(TV.Select(isN, t, TV.Create(Element.Highest<T>())), minN);
        countP = TV.CountWhere(countP, isP);
        countN = TV.CountWhere(countN, isN);
    }

    /// <summary>Pass 2: A = Σ_P e^{s − maxP}, C = Σ_N e^{s + log w − shiftC}, where a weight of 0 adds exactly 0.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static (double A, double C) Sums<T, TV>(in RowVectors<T, TV> row, T maxP, T shiftC)
        where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var weights = row.Weights;
        var labels = row.Labels;
        var y = row.Label;
        var full = row.Full;
        var selfStart = row.SelfStart;
        var selfLive = row.SelfLive;
        var (vMaxP, vShiftC) = (TV.Create(maxP), TV.Create(shiftC));
        TV a = default, c = default;
        for (var k = 0; k < full; k += TV.Count)
            Sum<T, TV>(TV.Load(values, k), TV.Load(weights, k), TV.Load(labels, k), y,
                RowVectors<T, TV>.Live(k, selfStart, selfLive), vMaxP, vShiftC, ref a, ref c);
        if (full < row.Length)
            Sum<T, TV>(row.TailValues, row.TailWeights, row.TailLabels, y, row.TailLive, vMaxP, vShiftC, ref a, ref c);
        return (Horizontal.Sum<T, TV>(a), Horizontal.Sum<T, TV>(c));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum<T, TV>(TV x, TV w, TV labels, TV y, TV live, TV maxP, TV shiftC,
        ref TV a, ref TV c) where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
    {
        var t = x + w;
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        var isN = TV.AndNot(live, same) & TV.GreaterThan(t, TV.Create(T.NegativeInfinity));
        a += isP & PolynomialExp.Exp<T, TV>(x - maxP);
        c += isN & PolynomialExp.Exp<T, TV>(t - shiftC);
    }

    /// <summary>Pass 3: dL/ds with the weights held fixed, and dL/d(log w), which at a negative is its part of dL/ds.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Gradient<T, TKind, TV>(in RowVectors<T, TV> row, Span<T> gradS, Span<T> gradW, T maxP, T shiftC,
        RowCoefficients coefficients, bool valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var weights = row.Weights;
        var labels = row.Labels;
        var y = row.Label;
        var full = row.Full;
        var selfStart = row.SelfStart;
        var selfLive = row.SelfLive;
        var on = valid ? T.One : T.Zero;
        // The constants stay locals passed one by one: gathered in a struct, the JIT kept them on the stack.
        var (vMaxP, vShiftC) = (TV.Create(maxP), TV.Create(shiftC));
        var coefP = TV.Create(Element.From<T>(coefficients.CoefP) * on);
        var coefC = TV.Create(Element.From<T>(coefficients.CoefC) * on);
        var constP = TV.Create(Element.From<T>(coefficients.ConstP) * on);
        var logNg = TV.Create(Element.From<T>(coefficients.LogNg));
        for (var k = 0; k < full; k += TV.Count)
        {
            var (g, gw) = Derivative<T, TKind, TV>(TV.Load(values, k), TV.Load(weights, k), TV.Load(labels, k), y,
                RowVectors<T, TV>.Live(k, selfStart, selfLive), vMaxP, vShiftC, coefP, coefC, constP, logNg);
            TV.Store(g, gradS, k);
            TV.Store(gw, gradW, k);
        }
        if (full < row.Length)
        {
            var (g, gw) = Derivative<T, TKind, TV>(row.TailValues, row.TailWeights, row.TailLabels, y, row.TailLive, vMaxP, vShiftC, coefP,
                coefC, constP, logNg);
            row.StoreTail(g, gradS);
            row.StoreTail(gw, gradW);
        }
    }

    /// <summary>dL/ds and dL/d(log w) for one vector, from the shifts and the coefficients of <see cref="RowCoefficients"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (TV GradS, TV GradW) Derivative<T, TKind, TV>(TV x, TV w, TV labels, TV y, TV live, TV maxP, TV shiftC, TV coefP,
        TV coefC, TV constP, TV logNg)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var t = x + w;
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        var isN = TV.AndNot(live, same) & TV.GreaterThan(t, TV.Create(T.NegativeInfinity));
        var gN = isN & (coefC * PolynomialExp.Exp<T, TV>(t - shiftC));
        var gP = TKind.Kind == ContrastiveKind.SCHaNeOutsideLog
            ? -constP / (TV.Create(T.One) + PolynomialExp.Exp<T, TV>(x - logNg)) // −σ(logNg − s_k) / |P|
            : coefP * PolynomialExp.Exp<T, TV>(x - maxP);
        return (TV.Select(isP, gP, gN), gN);
    }
}
