using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>Keeps each anchor's k most similar negatives, weighting each |N(i)| / k; the others weigh 0.</summary>
internal sealed record TopKWeighting : NegativeWeighting
{
    private readonly int k;

    public TopKWeighting(int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        this.k = k;
    }

    public override string Name => $"top-{k}";

    public override Tensor LogWeights(SimilarityBlock block)
    {
        using var scope = Torch.NewDisposeScope();
        var logits = block.Logits.Detach();
        var candidates = logits.MaskedFill(block.Negatives.LogicalNot(), double.NegativeInfinity);
        var keep = Math.Min(k, (int)logits.Size(1));
        var (_, hardest) = candidates.TopK(keep, dim: 1);
        // Selected: the top-k positions that are real negatives (a row with fewer than k negatives keeps them all).
        var selected = logits.ZerosLike().To(DType.Bool).Scatter(1, hardest, 1.0).LogicalAnd(block.Negatives);
        var count = selected.Sum(1, keepDim: true).To(logits.DType).ClampMin(1);
        var negatives = block.Negatives.Sum(1, keepDim: true).To(logits.DType);
        var logWeight = (negatives.ClampMin(1) / count).Log().Expand(logits.Shape);
        var result = logWeight.MaskedFill(selected.LogicalNot(), double.NegativeInfinity);
        return result.MoveToOuterDisposeScope();
    }
}
