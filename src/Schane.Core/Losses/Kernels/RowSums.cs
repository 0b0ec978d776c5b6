using System.Numerics;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// What the first pass over an anchor's row finds: the counts of positives P and negatives N (for SupCon, N is every
/// other column), the largest positive and the extremes over the negatives (of s + log w with log-weights).
/// </summary>
internal readonly record struct RowExtremes<T>(int CountP, int CountN, T MaxP, T MaxN, T MinN) where T : unmanaged, IFloatingPointIeee754<T>;

/// <summary>
/// What the first two passes leave: <see cref="RowExtremes{T}"/>, the shifts of the exponentials and their sums
/// A = Σ_P e^{s − maxP}, B = Σ_N e^{βs − shiftB}, C = Σ_N e^{(1+β)s − shiftC} (with log-weights, C = Σ_N e^{s + log w − shiftC}
/// and no B), and for SupCon Σ_P s. β and 1 + β are the kernel's, rounded to its element type.
/// </summary>
internal readonly record struct RowSums(int CountP, int CountN, double MaxP, double MaxN, double A, double B, double C, double SumP,
    double ShiftB, double ShiftC, double Beta, double Beta1);
