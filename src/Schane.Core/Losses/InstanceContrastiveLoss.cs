using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// Base of the self-supervised losses (NT-Xent, HCL): positives are the other view of the same sample, whatever
/// the labels say; every other row is a negative. Inputs must hold exactly two views: [B, 2, D], or [2B, D] with
/// rows i and i + B the two views of sample i.
/// </summary>
public abstract record InstanceContrastiveLoss : ContrastiveLoss
{
    /// <inheritdoc/>
    protected override void Validate(ContrastiveBatch batch)
    {
        if (batch.Views == 1 && batch.Count % 2 != 0)
            throw new ArgumentException($"{Name} needs two views per sample: [B, 2, D], or [2B, D] with rows i and i+B " +
                $"the views of sample i; got {batch.Count} rows", "embeddings");
        if (batch.Views > 2)
            throw new ArgumentException($"{Name} takes exactly two views per sample; got {batch.Views}", "embeddings");
    }

    /// <inheritdoc/>
    protected override Tensor MaskLabels(ContrastiveBatch batch)
    {
        var pairs = batch.Views == 2 ? batch.BatchSize : batch.Count / 2;
        return arange(pairs, ScalarType.Int64, batch.Rows.device).repeat(2);
    }
}
