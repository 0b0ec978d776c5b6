using System.Numerics;

namespace Schane.Core.Losses.Kernels;

// PLACEHOLDER until the managed kernel (another branch) is merged: the same API, so that Core compiles. This file is
// replaced at the merge and never lands.
internal static class ContrastiveRowKernel
{
    // block: rows × n similarities (row-major), overwritten with d(Σ valid losses)/dS. labels: n int64 labels.
    public static void Rows<T>(Span<T> block, int rows, int n, ReadOnlySpan<long> labels, long first, ContrastiveKind kind,
        double beta, double tauPlus, double scale, double clamp, Span<double> losses, Span<bool> valid) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotImplementedException("kernel pending merge");

    // block only read; gradBlock gets dL/dS with weights fixed, gradWeights gets dL/d(log w) (zero off negatives).
    public static void RowsWeighted<T>(ReadOnlySpan<T> block, ReadOnlySpan<T> logWeights, Span<T> gradBlock, Span<T> gradWeights, int rows, int n,
        ReadOnlySpan<long> labels, long first, ContrastiveKind kind, double tauPlus, double clamp, Span<double> losses, Span<bool> valid) where T : unmanaged, IFloatingPointIeee754<T> =>
        throw new NotImplementedException("kernel pending merge");
}
