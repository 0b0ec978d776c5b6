using TorchSharp;
using Schane.Core.Losses.Kernels;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// Hard-negative contrastive loss (Robinson et al., ICLR 2021, joshr17/HCL): instance positives from two views,
/// negatives reweighted by <see cref="Weighting"/> (default exponential(β), β = 1), debiased with the class prior τ⁺:
/// Ng_i = max((−τ⁺ N pos_i + Σ_k w_ik exp(s_ik)) / (1 − τ⁺), N e^{−1/τ}), N = 2B − 2;
/// loss_i = −log(pos_i / (pos_i + Ng_i)). Labels are ignored. Defaults τ = 0.5, β = 1, τ⁺ = 0.1.
/// </summary>
public sealed record HCLLoss : InstanceContrastiveLoss
{
    /// <summary>The negative weighting; defaults to exponential(β = 1), HCL's importance weights.</summary>
    public NegativeWeighting Weighting { get; init; } = NegativeWeighting.Exponential(1.0);

    /// <summary>τ⁺, the prior probability that a "negative" shares the anchor's class (0 disables debiasing).</summary>
    public double TauPlus { get; init; } = 0.1;

    /// <inheritdoc/>
    public override string Name => $"hcl(τ={Temperature}, τ⁺={TauPlus}, {Weighting})";

    /// <inheritdoc/>
    protected override void Validate(ContrastiveBatch batch)
    {
        base.Validate(batch);
        if (TauPlus is < 0 or >= 1) throw new ArgumentOutOfRangeException(nameof(TauPlus), TauPlus, "τ⁺ must be in [0, 1)");
    }

    internal override FusedContrastive.Spec? Fused(int step) =>
        FusedContrastive.For(ContrastiveKind.HCL, Weighting, step, TauPlus, Math.Exp(-1 / Temperature));

    /// <inheritdoc/>
    protected internal override (Tensor Loss, Tensor Valid) AnchorLosses(SimilarityBlock block)
    {
        var s = block.Logits;
        var (lsePositive, hasPositive) = RowMath.MaskedLogSumExp(s, block.Positives);
        // pos_i = mean over positives of e^{s} (the one other view, for two views).
        var logPositive = lsePositive - RowMath.Count(block.Positives, s.dtype).clamp_min(1).log();
        var (logReweighted, anyWeighted) = RowMath.MaskedLogSumExp(s + WeightsOf(Weighting, block), block.Negatives);
        // Σ_k w_ik exp(s_ik) is 0 where no negative has a weight (the log-sum-exp holds a placeholder there).
        var weightedSum = logReweighted.exp();
        var reweighted = weightedSum.where(anyWeighted, weightedSum.zeros_like());
        var negatives = RowMath.Count(block.Negatives, s.dtype);
        var positive = logPositive.exp();
        var debiased = (reweighted - positive * negatives * TauPlus) / (1 - TauPlus);
        var ng = debiased.maximum(negatives * Math.Exp(-1 / Temperature));
        // −log(pos / (pos + Ng)) = log(1 + Ng / pos), accurate when Ng ≪ pos.
        var loss = (ng / positive).log1p();
        return (loss, hasPositive);
    }
}
