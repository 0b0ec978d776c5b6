using TorchSharp;
using Schane.Core.Losses.Kernels;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// Supervised contrastive loss (Khosla et al. 2020) with HobbitLong/SupContrast's semantics (L_out):
/// loss_i = −(τ / τ_base) · mean_{p∈P(i)} [s_ip − log Σ_{a≠i} exp(s_ia)]. Defaults τ = τ_base = 0.07.
/// <see cref="ContrastMode"/> "all" anchors every view; "one" anchors the first view only. Anchors without a
/// positive are left out of the mean (SupContrast issues #50, #141: the original divides by zero there).
/// </summary>
public sealed record SupConLoss : ContrastiveLoss
{
    /// <summary>Creates the loss with SupContrast's default temperature 0.07.</summary>
    public SupConLoss() => Temperature = 0.07;

    /// <summary>τ_base, the temperature the loss is rescaled to (SupContrast's base_temperature).</summary>
    public double BaseTemperature { get; init; } = 0.07;

    /// <summary>Which rows are anchors: every view ("all", default) or the first view only ("one").</summary>
    public ContrastMode ContrastMode { get; init; } = ContrastMode.All;

    /// <inheritdoc/>
    public override string Name => $"supcon(τ={Temperature}, τ_base={BaseTemperature}, {ContrastMode.ToString().ToLowerInvariant()})";

    /// <inheritdoc/>
    protected override long AnchorCount(ContrastiveBatch batch) => ContrastMode == ContrastMode.One ? batch.BatchSize : batch.Count;

    internal override FusedContrastive.Spec? Fused(int step) => new(ContrastiveKind.SupCon, 0, Scale: Temperature / BaseTemperature);

    /// <inheritdoc/>
    protected internal override (Tensor Loss, Tensor Valid) AnchorLosses(SimilarityBlock block)
    {
        var s = block.Logits;
        var others = block.Positives.logical_or(block.Negatives);
        var (logDenominator, _) = RowMath.MaskedLogSumExp(s, others);
        var positiveCount = RowMath.Count(block.Positives, s.dtype);
        var meanPositive = s.where(block.Positives, s.zeros_like()).sum(1) / positiveCount.clamp_min(1);
        var loss = (meanPositive - logDenominator) * -(Temperature / BaseTemperature);
        return (loss, positiveCount.gt(0));
    }
}

/// <summary>SupContrast's contrast_mode.</summary>
public enum ContrastMode
{
    /// <summary>Every view of every sample is an anchor.</summary>
    All,
    /// <summary>Only the first view of each sample is an anchor.</summary>
    One,
}
