using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// Validated inputs of a contrastive loss: embeddings flattened to rows [N, D] and one int64 label per row.
/// Views [B, V, D] are flattened view-major (rows 0…B−1 are view 0), as SupContrast's
/// torch.cat(torch.unbind(features, dim=1)) does, and labels [B] are repeated per view.
/// </summary>
public sealed class ContrastiveBatch : IDisposable
{
    private ContrastiveBatch(Tensor rows, Tensor labels, int views, long batchSize)
    {
        Rows = rows;
        Labels = labels;
        Views = views;
        BatchSize = batchSize;
    }

    /// <summary>Embeddings, one row per view of each sample: [N, D] with N = BatchSize × Views.</summary>
    public Tensor Rows { get; }

    /// <summary>int64 labels, one per row.</summary>
    public Tensor Labels { get; }

    /// <summary>Views per sample (1 for [N, D] input).</summary>
    public int Views { get; }

    /// <summary>Samples (B).</summary>
    public long BatchSize { get; }

    /// <summary>Rows (N).</summary>
    public long Count => BatchSize * Views;

    /// <summary>
    /// Checks and flattens <paramref name="embeddings"/> ([N, D] or [B, V, D], floating point, finite) and
    /// <paramref name="labels"/> ([N] or [B], integer). The result's tensors are new handles: dispose the batch.
    /// </summary>
    public static ContrastiveBatch From(Tensor embeddings, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (!is_floating_point(embeddings.dtype))
            throw new ArgumentException($"embeddings must be floating point, not {embeddings.dtype.TorchName()}", nameof(embeddings));
        if (is_floating_point(labels.dtype) || labels.dtype == ScalarType.Bool)
            throw new ArgumentException($"labels must be integers, not {labels.dtype.TorchName()}", nameof(labels));
        var shape = embeddings.shape;
        if (shape.Length is not (2 or 3))
            throw new ArgumentException($"embeddings must be [N, D] or [B, V, D]; got [{string.Join(", ", shape)}]", nameof(embeddings));
        if (labels.dim() != 1)
            throw new ArgumentException($"labels must be one-dimensional; got [{string.Join(", ", labels.shape)}]", nameof(labels));
        long batch = shape[0];
        var views = shape.Length == 3 ? (int)shape[1] : 1;
        if (labels.size(0) != batch)
            throw new ArgumentException($"{labels.size(0)} labels for {batch} {(views > 1 ? "samples" : "rows")} " +
                $"(embeddings [{string.Join(", ", shape)}])", nameof(labels));
        if (batch * views < 2)
            throw new ArgumentException($"a contrastive loss needs at least 2 rows; embeddings are [{string.Join(", ", shape)}]", nameof(embeddings));
        using var scope = NewDisposeScope();
        if (!embeddings.isfinite().all().ToBoolean())
            throw new ArgumentException("embeddings contain NaN or Inf", nameof(embeddings));

        var rows = views == 1 ? embeddings.alias() : cat(embeddings.unbind(1), 0);
        var rowLabels = (views == 1 ? labels.alias() : labels.repeat(views)).to(ScalarType.Int64);
        return new ContrastiveBatch(rows.DetachFromDisposeScope(), rowLabels.DetachFromDisposeScope(), views, batch);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Rows.Dispose();
        Labels.Dispose();
    }
}
