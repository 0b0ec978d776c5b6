using TorchSharp;
using Schane.Core.Losses.Kernels;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// NT-Xent (SimCLR, Chen et al. 2020): loss_i = −log(exp(s_i,j(i)) / Σ_{k≠i} exp(s_ik)), j(i) the other view of i;
/// mean over all 2B rows. Labels are ignored. Default τ = 0.5.
/// </summary>
public sealed record NTXentLoss : InstanceContrastiveLoss
{
    /// <inheritdoc/>
    public override string Name => $"ntxent(τ={Temperature})";

    internal override FusedContrastive.Spec? Fused(int step) => new(ContrastiveKind.SupCon, 0, Scale: 1);

    /// <inheritdoc/>
    protected internal override (Tensor Loss, Tensor Valid) AnchorLosses(SimilarityBlock block)
    {
        var s = block.Logits;
        var (logPositive, hasPositive) = RowMath.MaskedLogSumExp(s, block.Positives);
        var (logDenominator, _) = RowMath.MaskedLogSumExp(s, block.Positives.logical_or(block.Negatives));
        return (logDenominator - logPositive, hasPositive);
    }
}
