using System.Numerics;
using System.Runtime.CompilerServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// One anchor's row with the built-in exponential weighting (|N| · softmax_N(βs)): two passes gather the row's sums,
/// a third overwrites the similarities with dL/ds. The loops work on whole vectors (TV) with masks instead of
/// branches, and each pass is a method of its own: one loop with few live vectors is what the JIT keeps in registers.
/// </summary>
internal static class ExponentialRow
{
    /// <summary>
    /// The loss of the anchor whose similarities are <paramref name="s"/> (overwritten with dL/ds, zeros when the
    /// anchor has no positive) and whose own column is <paramref name="self"/>; <paramref name="valid"/>: it has a
    /// positive. <paramref name="lanes"/> are the labels as lane bits (<see cref="Element.LabelBits{T}"/>);
    /// <paramref name="sameLabel"/> the columns with the anchor's label (<see cref="LabelGroups"/>), read only by SCHaNe
    /// outside the log.
    /// </summary>
    public static double Run<T, TKind, TV>(Span<T> s, ReadOnlySpan<T> lanes, ReadOnlySpan<int> sameLabel, int self, in RowParameters p,
        out bool valid) where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var row = new RowVectors<T, TV>(s, default, lanes, self);
        var extremes = Extremes<T, TKind, TV>(row);
        valid = extremes.CountP > 0;
        var beta = Element.From<T>(p.Beta);
        var beta1 = Element.From<T>(p.Beta + 1);
        var shiftB = TKind.Kind == ContrastiveKind.SupCon ? extremes.MaxN : beta >= T.Zero ? beta * extremes.MaxN : beta * extremes.MinN;
        var shiftC = beta1 >= T.Zero ? beta1 * extremes.MaxN : beta1 * extremes.MinN;
        var shifts = new Shifts<T>(extremes.MaxP, beta, beta1, shiftB, shiftC);
        var sums = Sums<T, TKind, TV>(row, extremes, shifts);
        var coefficients = RowCoefficients.Of(TKind.Kind, weighted: false, sums, p, row.Values, sameLabel, self);
        Gradient<T, TKind, TV>(row, s, shifts, coefficients, valid);
        return coefficients.Loss;
    }

    /// <summary>
    /// The exponents' constants: e1 = e^{s − maxP} at positives and e^{βs − shiftB} at negatives, e2 = e^{(1+β)s − shiftC}.
    /// </summary>
    private readonly record struct Shifts<T>(T MaxP, T Beta, T Beta1, T ShiftB, T ShiftC);

    /// <summary>Pass 1: counts and extremes over the positives and the negatives.</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static RowExtremes<T> Extremes<T, TKind, TV>(in RowVectors<T, TV> row)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var labels = row.Labels;
        var (y, full, selfStart, selfLive) = (row.Label, row.Full, row.SelfStart, row.SelfLive);
        var (lowest, highest) = (TV.Create(Element.Lowest<T>()), TV.Create(Element.Highest<T>()));
        TV maxP = lowest, maxN = lowest, minN = highest, countP = default, countN = default;
        for (var k = 0; k < full; k += TV.Count)
            Extreme<T, TKind, TV>(TV.Load(values, k), TV.Load(labels, k), y, RowVectors<T, TV>.Live(k, selfStart, selfLive),
                ref maxP, ref maxN, ref minN, ref countP, ref countN);
        if (full < row.Length)
            Extreme<T, TKind, TV>(row.TailValues, row.TailLabels, y, row.TailLive, ref maxP, ref maxN, ref minN, ref countP, ref countN);
        return new(TV.Total(countP), TV.Total(countN), Horizontal.Max<T, TV>(maxP), Horizontal.Max<T, TV>(maxN), Horizontal.Min<T, TV>(minN));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Extreme<T, TKind, TV>(TV x, TV labels, TV y, TV live, ref TV maxP, ref TV maxN, ref TV minN, ref TV countP, ref TV countN)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        var isN = TKind.Kind == ContrastiveKind.SupCon ? live : TV.AndNot(live, same);
        maxP = TV.Max(TV.Select(isP, x, TV.Create(Element.Lowest<T>())), maxP);
        maxN = TV.Max(TV.Select(isN, x, TV.Create(Element.Lowest<T>())), maxN);
        minN = TV.Min(TV.Select(isN, x, TV.Create(Element.Highest<T>())), minN);
        countP = TV.CountWhere(countP, isP);
        countN = TV.CountWhere(countN, isN);
    }

    /// <summary>
    /// Pass 2: A = Σ_P e^{s − maxP}, B = Σ_N e^{βs − shiftB}, C = Σ_N e^{(1+β)s − shiftC}; for SupCon, B is the
    /// denominator Σ_{k≠i} e^{s − maxN} and sumP = Σ_P s.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static RowSums Sums<T, TKind, TV>(in RowVectors<T, TV> row, RowExtremes<T> extremes, Shifts<T> shifts)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var labels = row.Labels;
        var (y, full, selfStart, selfLive) = (row.Label, row.Full, row.SelfStart, row.SelfLive);
        var (maxP, beta, beta1, shiftB, shiftC) = (TV.Create(shifts.MaxP), TV.Create(shifts.Beta), TV.Create(shifts.Beta1),
            TV.Create(shifts.ShiftB), TV.Create(shifts.ShiftC));
        TV a = default, b = default, c = default, sumP = default;
        for (var k = 0; k < full; k += TV.Count)
            Sum<T, TKind, TV>(TV.Load(values, k), TV.Load(labels, k), y, RowVectors<T, TV>.Live(k, selfStart, selfLive),
                maxP, beta, beta1, shiftB, shiftC, ref a, ref b, ref c, ref sumP);
        if (full < row.Length)
            Sum<T, TKind, TV>(row.TailValues, row.TailLabels, y, row.TailLive, maxP, beta, beta1, shiftB, shiftC, ref a, ref b, ref c, ref sumP);
        return new(extremes.CountP, extremes.CountN, double.CreateTruncating(extremes.MaxP), double.CreateTruncating(extremes.MaxN),
            Horizontal.Sum<T, TV>(a), Horizontal.Sum<T, TV>(b), Horizontal.Sum<T, TV>(c), Horizontal.Sum<T, TV>(sumP),
            double.CreateTruncating(shifts.ShiftB), double.CreateTruncating(shifts.ShiftC), double.CreateTruncating(shifts.Beta),
            double.CreateTruncating(shifts.Beta1));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Sum<T, TKind, TV>(TV x, TV labels, TV y, TV live, TV maxP, TV beta, TV beta1, TV shiftB, TV shiftC,
        ref TV a, ref TV b, ref TV c, ref TV sumP)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        if (TKind.Kind == ContrastiveKind.SupCon)
        {
            b += live & PolynomialExp.Exp<T, TV>(x - shiftB);
            sumP += isP & x;
            return;
        }
        var isN = TV.AndNot(live, same);
        var e1 = PolynomialExp.Exp<T, TV>(TV.Select(isP, x - maxP, beta * x - shiftB));
        a += isP & e1;
        b += isN & e1;
        c += isN & PolynomialExp.Exp<T, TV>(beta1 * x - shiftC);
    }

    /// <summary>Pass 3: dL/ds in place (zeros for an anchor that is left out).</summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private static void Gradient<T, TKind, TV>(in RowVectors<T, TV> row, Span<T> s, Shifts<T> shifts, RowCoefficients coefficients, bool valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var values = row.Values;
        var labels = row.Labels;
        var (y, full, selfStart, selfLive) = (row.Label, row.Full, row.SelfStart, row.SelfLive);
        var on = valid ? T.One : T.Zero;
        // The constants stay locals passed one by one: gathered in a struct, the JIT kept them on the stack.
        var (maxP, beta, beta1, shiftB, shiftC) = (TV.Create(shifts.MaxP), TV.Create(shifts.Beta), TV.Create(shifts.Beta1),
            TV.Create(shifts.ShiftB), TV.Create(shifts.ShiftC));
        var coefP = TV.Create(Element.From<T>(coefficients.CoefP) * on);
        var coefB = TV.Create(Element.From<T>(coefficients.CoefB) * on);
        var coefC = TV.Create(Element.From<T>(coefficients.CoefC) * on);
        var constP = TV.Create(Element.From<T>(coefficients.ConstP) * on);
        var logNg = TV.Create(Element.From<T>(coefficients.LogNg));
        for (var k = 0; k < full; k += TV.Count)
            TV.Store(Derivative<T, TKind, TV>(TV.Load(values, k), TV.Load(labels, k), y, RowVectors<T, TV>.Live(k, selfStart, selfLive),
                maxP, beta, beta1, shiftB, shiftC, coefP, coefB, coefC, constP, logNg), s, k);
        if (full < row.Length)
            row.StoreTail(Derivative<T, TKind, TV>(row.TailValues, row.TailLabels, y, row.TailLive,
                maxP, beta, beta1, shiftB, shiftC, coefP, coefB, coefC, constP, logNg), s);
    }

    /// <summary>
    /// dL/ds for one vector: the shifts, and the coefficients of <see cref="RowCoefficients"/> (0 for a row left out).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static TV Derivative<T, TKind, TV>(TV x, TV labels, TV y, TV live, TV maxP, TV beta, TV beta1, TV shiftB, TV shiftC, TV coefP,
        TV coefB, TV coefC, TV constP, TV logNg)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        var same = TV.EqualBits(labels, y);
        var isP = same & live;
        if (TKind.Kind == ContrastiveKind.SupCon)
            return (live & (coefB * PolynomialExp.Exp<T, TV>(x - shiftB))) - (isP & constP);
        var isN = TV.AndNot(live, same);
        var e1 = PolynomialExp.Exp<T, TV>(TV.Select(isP, x - maxP, beta * x - shiftB));
        var onN = isN & (coefC * PolynomialExp.Exp<T, TV>(beta1 * x - shiftC) - coefB * e1);
        if (TKind.Kind == ContrastiveKind.SCHaNeOutsideLog)
        {
            var one = TV.Create(T.One);
            var sigP = one / (one + PolynomialExp.Exp<T, TV>(x - logNg)); // σ(logNg − s_k)
            return TV.Select(isP, -constP * sigP, onN);
        }
        return TV.Select(isP, coefP * e1, onN);
    }
}
