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
    internal readonly record struct Spec(Kernels.ContrastiveKind Kind, double Beta, double TauPlus = 0, double Scale = 1, double Clamp = 0,
        NegativeWeighting? Weighting = null);

    /// <summary>The spec of a loss with a weighting: β when the weighting is exponential at this step, else its log-weights.</summary>
    public static Spec For(Kernels.ContrastiveKind kind, NegativeWeighting weighting, int step, double tauPlus = 0, double clamp = 0) =>
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

    /// <summary>
    /// <see cref="Run"/> with the negatives weighted by <see cref="Spec.Weighting"/>: per block, the weighting sees the
    /// block's similarities (a leaf that requires grad) and masks; the kernel gives the loss, ∂L/∂S with the weights
    /// held fixed and ∂L/∂log w; autograd carries the latter through the weighting's own graph back to S.
    /// </summary>
    public static (double Sum, long Count) RunWeighted(Spec spec, Tensor z, Tensor labels, long anchors, double temperature, int blockRows,
        int step, Tensor gradient)
    {
        var weighting = spec.Weighting ?? throw new ArgumentException("the spec has no weighting", nameof(spec));
        using var scope = Torch.NewDisposeScope();
        var zT = (z / temperature).T.Contiguous();
        var cpuLabels = labels.To(DType.Int64).Contiguous();
        var losses = new double[Math.Min(blockRows, anchors)];
        var valid = new bool[losses.Length];
        double sum = 0;
        long count = 0;
        for (long first = 0; first < anchors; first += blockRows)
        {
            using var inner = Torch.NewDisposeScope();
            var size = Math.Min(blockRows, anchors - first);
            var block = z.Narrow(0, first, size);
            Tensor s;
            using (Torch.NoGrad()) s = block.Mm(zT);
            s.RequiresGrad = true;
            var similarities = new SimilarityBlock(s, ContrastiveLoss.PositivesOf(cpuLabels, first, size),
                ContrastiveLoss.NegativesOf(cpuLabels, first, size), first, step, temperature);
            var logWeights = ContrastiveLoss.WeightsOf(weighting, similarities);
            if (logWeights.DType != s.DType) logWeights = logWeights.To(s.DType);
            logWeights = logWeights.Contiguous();
            // The kernel only reads S: the weighting's graph may have saved it for its backward.
            var gradS = s.EmptyLike();
            var gradW = s.EmptyLike();
            Kernels.ContrastiveRowsWeighted(s, logWeights, gradS, gradW, cpuLabels, first, spec.Kind, spec.TauPlus, spec.Clamp, losses, valid);
            for (var i = 0; i < size; i++)
            {
                if (!valid[i]) continue;
                sum += losses[i];
                count++;
            }
            if (logWeights.RequiresGrad && Autograd.Grad([logWeights], [s], [gradW], allowUnused: true)[0] is { } throughWeights)
                gradS.Add_(throughWeights);
            Kernels.AddMatMul_(gradient.Narrow(0, first, size), gradS, z, alpha: 1 / temperature);
            Kernels.AddMatMul_(gradient, gradS.T, block, alpha: 1 / temperature);
        }
        return (sum, count);
    }
}
