using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>w_ik = |N(i)| · exp(β s_ik) / Σ_{k'∈N(i)} exp(β s_ik') with β = beta(step) (SCHaNe, HCL).</summary>
internal sealed class ExponentialWeighting(Func<int, double> beta, string name) : NegativeWeighting
{
    public override string Name => name;

    public override Tensor LogWeights(SimilarityBlock block)
    {
        var b = beta(block.Step);
        if (b == 0) return block.Logits.ZerosLike();
        using var scores = block.Logits * b;
        return NormalizeOverNegatives(scores, block.Negatives);
    }
}
