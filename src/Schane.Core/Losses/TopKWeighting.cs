using TorchSharp;
using static TorchSharp.torch;

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
        using var scope = NewDisposeScope();
        var logits = block.Logits.detach();
        var candidates = logits.masked_fill(block.Negatives.logical_not(), RowMath.NegativeInfinity);
        var keep = Math.Min(k, (int)logits.size(1));
        var (_, hardest) = candidates.topk(keep, dim: 1);
        // Selected: the top-k positions that are real negatives (a row with fewer than k negatives keeps them all).
        var selected = logits.zeros_like(ScalarType.Bool).scatter(1, hardest, hardest.ones_like(ScalarType.Bool)).logical_and(block.Negatives);
        var count = selected.sum(1, keepdim: true).to(logits.dtype).clamp_min(1);
        var negatives = block.Negatives.sum(1, keepdim: true).to(logits.dtype);
        var logWeight = (negatives.clamp_min(1) / count).log().expand(logits.shape);
        var result = logWeight.masked_fill(selected.logical_not(), RowMath.NegativeInfinity);
        return result.MoveToOuterDisposeScope();
    }
}
