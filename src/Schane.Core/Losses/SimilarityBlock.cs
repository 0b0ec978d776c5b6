using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>
/// What a negative-weighting function sees: the scaled similarities of a block of anchor rows against every row of
/// the batch, and which of them are positives and negatives. In the dense path the block is the whole batch; in the
/// blocked path it is a slice of anchor rows, so a weighting must work row by row (each anchor's weights may depend
/// on that anchor's row only).
/// </summary>
public sealed class SimilarityBlock
{
    internal SimilarityBlock(Tensor logits, Tensor positives, Tensor negatives, long firstAnchor, int step, double temperature)
    {
        Logits = logits;
        Positives = positives;
        Negatives = negatives;
        FirstAnchor = firstAnchor;
        Step = step;
        Temperature = temperature;
    }

    /// <summary>s_ik = z_i · z_k / τ for the block's anchors i (rows) and all rows k (columns): [R, N].</summary>
    public Tensor Logits { get; }

    /// <summary>Bool [R, N]: k is a positive of i (same label, k ≠ i).</summary>
    public Tensor Positives { get; }

    /// <summary>Bool [R, N]: k is a negative of i (different label).</summary>
    public Tensor Negatives { get; }

    /// <summary>Row index, in the batch, of the block's first anchor.</summary>
    public long FirstAnchor { get; }

    /// <summary>The training step (for schedules); 0 outside training.</summary>
    public int Step { get; }

    /// <summary>The loss's temperature τ (Logits × τ gives cosine similarities when embeddings are normalised).</summary>
    public double Temperature { get; }
}
