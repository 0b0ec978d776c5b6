using TorchSharp;
using Schane.Core.Losses.Kernels;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// SCHaNe (Long et al., arXiv 2308.14893), with the official implementation's semantics:
/// pos_i = mean_{p∈P(i)} exp(s_ip); Ng_i = Σ_{k∈N(i)} w_ik exp(s_ik) with w from <see cref="Weighting"/>
/// (default |N(i)| · softmax_{N(i)}(β s_ik), β = 1, gradient through the weights); loss_i = −log(pos_i / (pos_i + Ng_i)).
/// Defaults τ = 0.5, β = 1 as in the official code. An anchor with no negative (a one-class batch) contributes 0.
/// </summary>
public sealed record SCHaNeLoss : ContrastiveLoss
{
    /// <summary>The negative weighting; defaults to exponential(β = 1).</summary>
    public NegativeWeighting Weighting { get; init; } = NegativeWeighting.Exponential(1.0);

    /// <summary>
    /// Average positives inside the log (the official code, default) or outside it, one term per positive as
    /// SupCon's L_out does: loss_i = −mean_p log(exp(s_ip) / (exp(s_ip) + Ng_i)) (the paper's equation).
    /// </summary>
    public PositiveAveraging Positives { get; init; } = PositiveAveraging.InsideLog;

    /// <inheritdoc/>
    public override string Name => $"schane(τ={Temperature}, {Weighting}{(Positives == PositiveAveraging.OutsideLog ? ", positives outside log" : "")})";

    internal override FusedContrastive.Spec? Fused(int step) => FusedContrastive.For(
        Positives == PositiveAveraging.InsideLog ? ContrastiveKind.SCHaNeInsideLog : ContrastiveKind.SCHaNeOutsideLog, Weighting, step);

    /// <inheritdoc/>
    protected internal override (Tensor Loss, Tensor Valid) AnchorLosses(SimilarityBlock block)
    {
        var s = block.Logits;
        var logWeights = WeightsOf(Weighting, block);
        var (logNg, hasNegatives) = RowMath.MaskedLogSumExp(s + logWeights, block.Negatives);
        var positiveCount = RowMath.Count(block.Positives, s.dtype);
        var valid = positiveCount.gt(0);
        Tensor loss;
        if (Positives == PositiveAveraging.InsideLog)
        {
            // −log(pos / (pos + Ng)) = log(pos + Ng) − log pos, in log space.
            var (lse, _) = RowMath.MaskedLogSumExp(s, block.Positives);
            var logPos = lse - positiveCount.clamp_min(1).log();
            loss = RowMath.LogAddExp(logPos, logNg) - logPos;
        }
        else
        {
            // Per positive p: log(exp(s_ip) + Ng_i) − s_ip, averaged over P(i).
            var perPair = RowMath.LogAddExp(s, logNg.unsqueeze(1).expand(s.shape)) - s;
            loss = perPair.where(block.Positives, perPair.zeros_like()).sum(1) / positiveCount.clamp_min(1);
        }
        return (loss.where(hasNegatives, loss.zeros_like()), valid);
    }
}

/// <summary>Where SCHaNe averages over an anchor's positives.</summary>
public enum PositiveAveraging
{
    /// <summary>−log(mean_p exp(s_ip) / (mean_p exp(s_ip) + Ng_i)): the official implementation.</summary>
    InsideLog,
    /// <summary>−mean_p log(exp(s_ip) / (exp(s_ip) + Ng_i)): the paper's equation, SupCon-style.</summary>
    OutsideLog,
}
