using System.Runtime.InteropServices;
using Schane.Core.Losses.Kernels;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// The blocked path's fast lane: for losses whose weighting is exponential (or uniform), each block of anchor rows
/// goes through one fused kernel (<see cref="ContrastiveRowKernel.Rows"/>) instead of a graph of tensor ops. Per anchor i,
/// with P(i) its positives, N(i) its negatives and the row sums A = Σ_P e^{s}, B = Σ_N e^{βs}, C = Σ_N e^{(1+β)s}:
/// <list type="bullet">
/// <item>log pos = log A − log|P|, log Ng = log|N| + log C − log B (the weights |N| softmax(βs) folded in);</item>
/// <item>SCHaNe: L = softplus(log Ng − log pos); ∂L/∂s_p = −σ·e^{s_p}/A, ∂L/∂s_k = σ·((1+β)e^{(1+β)s_k}/C − βe^{βs_k}/B);</item>
/// <item>SupCon / NT-Xent: L = −c(mean_P s − log Σ_{k≠i} e^{s}); HCL: L = log(1 + Ng'/pos) with Ng' debiased and clamped.</item>
/// </list>
/// The kernel overwrites the block with ∂L/∂S; two matrix products carry it back to the embeddings. Values and
/// gradients equal the generic path's (tested). The kernel works on the raw buffers of contiguous CPU tensors, so
/// this path is CPU-only; on other devices the losses take the generic path.
/// <para>
/// SCHaNe and HCL with any other weighting (a script's function, top-k) take the same kernel with the weighting's
/// log-weights as an input (<see cref="RunWeighted"/>): Ng = Σ_N e^{s + log w}, one pass for the loss's own part,
/// and autograd only through the weighting — not through the masked log-sum-exps of the loss around it.
/// </para>
/// </summary>
internal static class FusedContrastive
{
    /// <summary>
    /// The kernel's settings for one loss at one step; with <paramref name="Weighting"/> set, the negatives are weighted
    /// by its log-weights (computed per block) and <paramref name="Beta"/> is unused.
    /// </summary>
    internal readonly record struct Spec(ContrastiveKind Kind, double Beta, double TauPlus = 0, double Scale = 1, double Clamp = 0,
        NegativeWeighting? Weighting = null);

    /// <summary>The spec of a loss with a weighting: β when the weighting is exponential at this step, else its log-weights.</summary>
    public static Spec For(ContrastiveKind kind, NegativeWeighting weighting, int step, double tauPlus = 0, double clamp = 0) =>
        weighting.FusedBeta(step) is { } beta
            ? new(kind, beta, tauPlus, Clamp: clamp)
            : new(kind, 0, tauPlus, Clamp: clamp, Weighting: weighting);

    /// <summary>
    /// Σ over valid anchors of their losses, the count of valid anchors, and d(Σ)/dz accumulated into
    /// <paramref name="gradient"/>, for embeddings <paramref name="z"/> ([N, D], no graph) and <paramref name="labels"/>.
    /// </summary>
    public static (double Sum, long Count) Run(Spec spec, Tensor z, Tensor labels, long anchors, double temperature, int blockRows,
        Tensor gradient)
    {
        using var scope = NewDisposeScope();
        var rows = z.size(0);
        // S = z_I (z/τ)ᵀ, and the scaled rows carry ∂S back to z too: no product needs α = 1/τ (TorchSharp's addmm_
        // takes α as a float, which would round it for float64).
        var scaled = z / temperature;
        var zT = scaled.T.contiguous();
        var cpuLabels = labels.to(ScalarType.Int64).contiguous();
        var buffer = empty([Math.Min(blockRows, anchors), rows], z.dtype, z.device);
        var losses = new double[buffer.size(0)];
        var valid = new bool[buffer.size(0)];
        double sum = 0;
        long count = 0;
        for (long first = 0; first < anchors; first += blockRows)
        {
            using var inner = NewDisposeScope();
            var size = Math.Min(blockRows, anchors - first);
            var block = z.narrow(0, first, size);
            var s = size == buffer.size(0) ? buffer : buffer.narrow(0, 0, size);
            s.addmm_(block, zT, beta: 0, alpha: 1); // s = block @ zT (β = 0 ignores the buffer's old content)
            KernelRows(s, cpuLabels, first, spec, losses, valid);
            for (var i = 0; i < size; i++)
            {
                if (!valid[i]) continue;
                sum += losses[i];
                count++;
            }
            // ∂S/∂z for S = z_I zᵀ / τ: rows of the block get ∂S z / τ, every row gets ∂Sᵀ z_I / τ.
            gradient.narrow(0, first, size).addmm_(s, scaled);
            gradient.addmm_(s.T, scaled.narrow(0, first, size));
        }
        return (sum, count);
    }

    /// <summary>
    /// <see cref="Run"/> with the negatives weighted by <see cref="Spec.Weighting"/>: per block, the weighting sees the
    /// block's similarities (a leaf that requires grad) and masks; the kernel gives the loss, ∂L/∂S with the weights
    /// held fixed and ∂L/∂log w; autograd carries the latter through the weighting's own graph back to S.
    /// </summary>
    public static (double Sum, long Count) RunWeighted(Spec spec, Tensor z, Tensor labels, long anchors, double temperature, int blockRows,
        int step, Tensor gradient)
    {
        var weighting = spec.Weighting ?? throw new ArgumentException("the spec has no weighting", nameof(spec));
        using var scope = NewDisposeScope();
        var scaled = z / temperature;
        var zT = scaled.T.contiguous();
        var cpuLabels = labels.to(ScalarType.Int64).contiguous();
        var losses = new double[Math.Min(blockRows, anchors)];
        var valid = new bool[losses.Length];
        double sum = 0;
        long count = 0;
        for (long first = 0; first < anchors; first += blockRows)
        {
            using var inner = NewDisposeScope();
            var size = Math.Min(blockRows, anchors - first);
            var block = z.narrow(0, first, size);
            Tensor s;
            using (no_grad()) s = block.mm(zT);
            s.requires_grad = true;
            var similarities = new SimilarityBlock(s, ContrastiveLoss.PositivesOf(cpuLabels, first, size),
                ContrastiveLoss.NegativesOf(cpuLabels, first, size), first, step, temperature);
            var logWeights = ContrastiveLoss.WeightsOf(weighting, similarities);
            if (logWeights.dtype != s.dtype) logWeights = logWeights.to(s.dtype);
            logWeights = logWeights.contiguous();
            // The kernel only reads S: the weighting's graph may have saved it for its backward.
            var gradS = s.empty_like();
            var gradW = s.empty_like();
            KernelRowsWeighted(s, logWeights, gradS, gradW, cpuLabels, first, spec, losses, valid);
            for (var i = 0; i < size; i++)
            {
                if (!valid[i]) continue;
                sum += losses[i];
                count++;
            }
            if (logWeights.requires_grad && autograd.grad([logWeights], [s], [gradW], allow_unused: true)[0] is { IsInvalid: false } throughWeights)
                gradS.add_(throughWeights);
            gradient.narrow(0, first, size).addmm_(gradS, scaled);
            gradient.addmm_(gradS.T, scaled.narrow(0, first, size));
        }
        return (sum, count);
    }

    // The kernel on the buffers of contiguous CPU tensors (float32 or float64; labels int64).
    private static void KernelRows(Tensor s, Tensor labels, long first, Spec spec, double[] losses, bool[] valid)
    {
        var (rows, n) = ((int)s.size(0), (int)s.size(1));
        var labelSpan = MemoryMarshal.Cast<byte, long>(labels.bytes);
        if (s.dtype == ScalarType.Float32)
            ContrastiveRowKernel.Rows(MemoryMarshal.Cast<byte, float>(s.bytes), rows, n, labelSpan, first, spec.Kind, spec.Beta, spec.TauPlus,
                spec.Scale, spec.Clamp, losses.AsSpan(0, rows), valid.AsSpan(0, rows));
        else
            ContrastiveRowKernel.Rows(MemoryMarshal.Cast<byte, double>(s.bytes), rows, n, labelSpan, first, spec.Kind, spec.Beta, spec.TauPlus,
                spec.Scale, spec.Clamp, losses.AsSpan(0, rows), valid.AsSpan(0, rows));
    }

    private static void KernelRowsWeighted(Tensor s, Tensor logWeights, Tensor gradS, Tensor gradW, Tensor labels, long first, Spec spec,
        double[] losses, bool[] valid)
    {
        var (rows, n) = ((int)s.size(0), (int)s.size(1));
        var labelSpan = MemoryMarshal.Cast<byte, long>(labels.bytes);
        if (s.dtype == ScalarType.Float32)
            ContrastiveRowKernel.RowsWeighted<float>(MemoryMarshal.Cast<byte, float>(s.bytes), MemoryMarshal.Cast<byte, float>(logWeights.bytes),
                MemoryMarshal.Cast<byte, float>(gradS.bytes), MemoryMarshal.Cast<byte, float>(gradW.bytes), rows, n, labelSpan, first, spec.Kind,
                spec.TauPlus, spec.Clamp, losses.AsSpan(0, rows), valid.AsSpan(0, rows));
        else
            ContrastiveRowKernel.RowsWeighted<double>(MemoryMarshal.Cast<byte, double>(s.bytes), MemoryMarshal.Cast<byte, double>(logWeights.bytes),
                MemoryMarshal.Cast<byte, double>(gradS.bytes), MemoryMarshal.Cast<byte, double>(gradW.bytes), rows, n, labelSpan, first, spec.Kind,
                spec.TauPlus, spec.Clamp, losses.AsSpan(0, rows), valid.AsSpan(0, rows));
    }
}
