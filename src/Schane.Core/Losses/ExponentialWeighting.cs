using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>w_ik = |N(i)| · exp(β s_ik) / Σ_{k'∈N(i)} exp(β s_ik') with β = beta(step) (SCHaNe, HCL).</summary>
internal sealed record ExponentialWeighting(Func<int, double> Beta, string Label) : NegativeWeighting
{
    public override string Name => Label;

    internal override double? FusedBeta(int step) => Detached ? null : Beta(step);

    public override Tensor LogWeights(SimilarityBlock block)
    {
        var b = Beta(block.Step);
        if (b == 0) return block.Logits.zeros_like();
        using var scores = block.Logits * b;
        return NormalizeOverNegatives(scores, block.Negatives);
    }
}
