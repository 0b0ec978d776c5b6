using System.Numerics;
using System.Runtime.CompilerServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// One anchor's loss and the coefficients of dL/ds: for k ∈ P, <see cref="CoefP"/> · e^{s_k − maxP} (SCHaNe outside
/// the log: −<see cref="ConstP"/> · σ(<see cref="LogNg"/> − s_k); SupCon: −<see cref="ConstP"/>); for k ∈ N,
/// <see cref="CoefC"/> · e^{(1+β)s_k − shiftC} − <see cref="CoefB"/> · e^{βs_k − shiftB}. All are 0 for an anchor with no
/// positive (left out) and, for SCHaNe, with no negative (loss 0).
/// </summary>
internal readonly record struct RowCoefficients(double Loss, double CoefP, double CoefB, double CoefC, double ConstP, double LogNg)
{
    /// <summary>
    /// The coefficients of an anchor's row from its sums. <paramref name="row"/> and <paramref name="sameLabel"/> (the
    /// columns with the anchor's label, itself included, ascending) are read only for SCHaNe outside the log (a sum over
    /// the positives of a function of each); <paramref name="weighted"/> says that C carries log-weights.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)] // its loop runs once per row: no tier-0 start
    public static RowCoefficients Of<T>(ContrastiveKind kind, bool weighted, RowSums sums, in RowParameters p, ReadOnlySpan<T> row,
        ReadOnlySpan<int> sameLabel, int self) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var (countP, countN, a, b, c) = (sums.CountP, sums.CountN, sums.A, sums.B, sums.C);
        var logPos = countP > 0 ? sums.MaxP + Math.Log(a) - Math.Log(countP) : 0;
        double logNg = 0;
        if (weighted)
        {
            // Every weight 0: Ng = 0, and every coefficient is 0 (C is replaced by 1 only to keep them finite).
            logNg = countN > 0 ? (c > 0 ? sums.ShiftC + Math.Log(c) : double.NegativeInfinity) : 0;
            c = c > 0 ? c : 1;
            b = 1; // unused: the weights carry their own normalisation
        }
        else if (kind != ContrastiveKind.SupCon)
        {
            logNg = countN > 0 ? Math.Log(countN) + sums.ShiftC + Math.Log(c) - sums.ShiftB - Math.Log(b) : 0;
        }
        var (beta, beta1) = (sums.Beta, sums.Beta1);
        switch (kind)
        {
            case ContrastiveKind.SCHaNeInsideLog when countP > 0 && countN > 0:
            {
                var delta = logNg - logPos;
                var sig = StableMath.Sigmoid(delta);
                return new(StableMath.Softplus(delta), -sig / a, sig * beta / b, sig * beta1 / c, 0, logNg);
            }
            case ContrastiveKind.SCHaNeOutsideLog when countP > 0 && countN > 0:
            {
                double loss = 0, sumSig = 0;
                foreach (var k in sameLabel)
                {
                    if (k == self) continue;
                    var t = logNg - double.CreateTruncating(row[k]);
                    loss += StableMath.SoftplusAndSigmoid(t, out var sig);
                    sumSig += sig;
                }
                var q = sumSig / countP;
                return new(loss / countP, 0, q * beta / b, q * beta1 / c, 1.0 / countP, logNg);
            }
            case ContrastiveKind.SupCon when countP > 0:
            {
                var logDen = sums.MaxN + Math.Log(b);
                return new(-p.Scale * (sums.SumP / countP - logDen), 0, p.Scale / b, 0, p.Scale / countP, logNg);
            }
            case ContrastiveKind.HCL when countP > 0:
            {
                var (tp, cN) = (p.TauPlus, (double)countN);
                var pos = Math.Exp(logPos);
                var rw = countN > 0 ? Math.Exp(logNg) : 0;
                var debiased = (rw - tp * cN * pos) / (1 - tp);
                var floor = cN * p.Clamp;
                var clamped = debiased < floor;
                var ng = clamped ? floor : debiased;
                // dL/dpos = (1 + dng/dpos) / (pos + ng) − 1 / pos, written without that difference, which cancels when
                // ng ≪ pos and then leaves only rounding error: the numerator is −rw / (1 − τ⁺) (or −ng when clamped).
                var dPosTimesPos = -(clamped ? ng : rw / (1 - tp)) / (pos + ng);
                var dRw = clamped ? 0 : 1 / ((1 - tp) * (pos + ng));
                return new(StableMath.Log1P(ng / pos), dPosTimesPos / a, countN > 0 ? dRw * rw * beta / b : 0,
                    countN > 0 ? dRw * rw * beta1 / c : 0, 0, logNg);
            }
            default:
                return new(0, 0, 0, 0, 0, logNg);
        }
    }
}
