using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>
/// The blocked path's fast lane: for losses whose weighting is exponential (or uniform), each block of anchor rows
/// goes through one fused kernel (<see cref="Kernels.ContrastiveRows"/>) instead of a graph of tensor ops. Per anchor i,
/// with P(i) its positives, N(i) its negatives and the row sums A = Σ_P e^{s}, B = Σ_N e^{βs}, C = Σ_N e^{(1+β)s}:
/// <list type="bullet">
/// <item>log pos = log A − log|P|, log Ng = log|N| + log C − log B (the weights |N| softmax(βs) folded in);</item>
/// <item>SCHaNe: L = softplus(log Ng − log pos); ∂L/∂s_p = −σ·e^{s_p}/A, ∂L/∂s_k = σ·((1+β)e^{(1+β)s_k}/C − βe^{βs_k}/B);</item>
/// <item>SupCon / NT-Xent: L = −c(mean_P s − log Σ_{k≠i} e^{s}); HCL: L = log(1 + Ng'/pos) with Ng' debiased and clamped.</item>
/// </list>
/// The kernel overwrites the block with ∂L/∂S; two matrix products carry it back to the embeddings. Values and
/// gradients equal the generic path's (tested).
/// </summary>
internal static class FusedContrastive
{
    /// <summary>The kernel's settings for one loss at one step.</summary>
    internal readonly record struct Spec(Kernels.ContrastiveKind Kind, double Beta, double TauPlus = 0, double Scale = 1, double Clamp = 0);

    /// <summary>
    /// Σ over valid anchors of their losses, the count of valid anchors, and d(Σ)/dz accumulated into
    /// <paramref name="gradient"/>, for embeddings <paramref name="z"/> ([N, D], no graph) and <paramref name="labels"/>.
    /// </summary>
    public static (double Sum, long Count) Run(Spec spec, Tensor z, Tensor labels, long anchors, double temperature, int blockRows,
        Tensor gradient)
    {
        using var scope = Torch.NewDisposeScope();
        var rows = z.Size(0);
        var zT = (z / temperature).T.Contiguous();
        var cpuLabels = labels.To(DType.Int64).Contiguous();
        var buffer = Torch.Empty([Math.Min(blockRows, anchors), rows], z.DType);
        var losses = new double[buffer.Size(0)];
        var valid = new bool[buffer.Size(0)];
        double sum = 0;
        long count = 0;
        for (long first = 0; first < anchors; first += blockRows)
        {
            using var inner = Torch.NewDisposeScope();
            var size = Math.Min(blockRows, anchors - first);
            var block = z.Narrow(0, first, size);
            var s = size == buffer.Size(0) ? buffer : buffer.Narrow(0, 0, size);
            s.MmInto(block, zT);
            Kernels.ContrastiveRows(s, cpuLabels, first, spec.Kind, spec.Beta, spec.TauPlus, spec.Scale, spec.Clamp, losses, valid);
            for (var i = 0; i < size; i++)
            {
                if (!valid[i]) continue;
                sum += losses[i];
                count++;
            }
            // ∂S/∂z for S = z_I zᵀ / τ: rows of the block get ∂S z / τ, every row gets ∂Sᵀ z_I / τ.
            Kernels.AddMatMul_(gradient.Narrow(0, first, size), s, z, alpha: 1 / temperature);
            Kernels.AddMatMul_(gradient, s.T, block, alpha: 1 / temperature);
        }
        return (sum, count);
    }
}
