using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// What a negative-weighting function sees: the scaled similarities of a block of anchor rows against every row of
/// the batch, and which of them are positives and negatives. In the dense path the block is the whole batch; in the
/// blocked path it is a slice of anchor rows, so a weighting must work row by row (each anchor's weights may depend
/// on that anchor's row only).
/// </summary>
public sealed class SimilarityBlock
{
    /// <summary>
    /// A block as the losses make one; public so that a weighting can be tried on a block made by hand (a notebook
    /// cell, a test). The block does not own the tensors.
    /// </summary>
    /// <param name="logits">s_ik: floating point [R, N].</param>
    /// <param name="positives">Bool [R, N]: k is a positive of anchor i.</param>
    /// <param name="negatives">Bool [R, N]: k is a negative of anchor i.</param>
    /// <param name="firstAnchor">The batch row of the first anchor (0 for a whole batch).</param>
    /// <param name="step">The training step the weighting is asked for.</param>
    /// <param name="temperature">τ, by which the logits were scaled.</param>
    /// <exception cref="ArgumentException">The shapes or dtypes are not as described.</exception>
    public SimilarityBlock(Tensor logits, Tensor positives, Tensor negatives, long firstAnchor = 0, int step = 0, double temperature = 1.0)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (logits.dim() != 2 || !is_floating_point(logits.dtype))
            throw new ArgumentException($"logits must be a floating-point [R, N] tensor, got {logits.dtype} {Shape(logits)}", nameof(logits));
        foreach (var (mask, name) in new[] { (positives, nameof(positives)), (negatives, nameof(negatives)) })
            if (mask.dtype != ScalarType.Bool || !mask.shape.SequenceEqual(logits.shape))
                throw new ArgumentException($"{name} must be a bool tensor shaped like logits {Shape(logits)}, got {mask.dtype} {Shape(mask)}", name);
        if (temperature <= 0 || !double.IsFinite(temperature)) throw new ArgumentOutOfRangeException(nameof(temperature), temperature, "τ must be positive");
        Logits = logits;
        Positives = positives;
        Negatives = negatives;
        FirstAnchor = firstAnchor;
        Step = step;
        Temperature = temperature;
    }

    private static string Shape(Tensor t) => $"[{string.Join(", ", t.shape)}]";

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
