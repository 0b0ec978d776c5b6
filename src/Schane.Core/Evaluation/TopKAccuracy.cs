using Schane.Core.Display;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Evaluation;

/// <summary>
/// Top-1 and top-5 classification accuracy, as fractions in [0, 1], over <see cref="Count"/> samples: torchvision's
/// reference <c>accuracy(output, target, topk=(1, 5))</c> (a sample counts when its label is among the
/// <c>output.topk(k)</c> indices), divided by 100. With fewer than 5 classes, top-5 uses all C classes (so it is 1).
/// Batches combine with <see cref="operator +(TopKAccuracy, TopKAccuracy)"/> or <see cref="Accumulate"/>, weighted by
/// their counts, so that evaluating in batches gives the accuracy of the whole set.
/// </summary>
/// <param name="Top1">Fraction of samples whose label has the highest logit.</param>
/// <param name="Top5">Fraction of samples whose label is among the min(5, C) highest logits.</param>
/// <param name="Count">Number of samples.</param>
[TypeFormatterSource(typeof(TopKAccuracyFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record TopKAccuracy(double Top1, double Top5, long Count)
{
    /// <summary>No samples: the identity of <see cref="operator +(TopKAccuracy, TopKAccuracy)"/>.</summary>
    public static TopKAccuracy Empty { get; } = new(0, 0, 0);

    /// <summary>
    /// Accuracy of one batch. Ties between logits are broken as torch.topk breaks them.
    /// </summary>
    /// <param name="logits">Class scores [N, C], floating point, N ≥ 1, C ≥ 1, no NaN.</param>
    /// <param name="labels">Class indices [N], integers in [0, C).</param>
    public static TopKAccuracy Of(Tensor logits, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(logits);
        ArgumentNullException.ThrowIfNull(labels);
        if (logits.dim() != 2 || !is_floating_point(logits.dtype))
            throw new ArgumentException($"logits must be floating point [N, C]; got {logits}", nameof(logits));
        if (labels.dim() != 1 || is_floating_point(labels.dtype) || labels.dtype == ScalarType.Bool)
            throw new ArgumentException($"labels must be integer class indices [N]; got {labels}", nameof(labels));
        var (n, classes) = (logits.size(0), logits.size(1));
        if (labels.size(0) != n)
            throw new ArgumentException($"{labels.size(0)} labels for {n} rows of logits [{n}, {classes}]", nameof(labels));
        if (n == 0 || classes == 0)
            throw new ArgumentException($"logits [{n}, {classes}] are empty: accuracy needs a sample and a class", nameof(logits));

        using var scope = NewDisposeScope();
        if (logits.isnan().any().ToBoolean())
            throw new ArgumentException("logits contain NaN", nameof(logits));
        var y = labels.to(logits.device).to(ScalarType.Int64);
        var (low, high) = (y.min().ToInt64(), y.max().ToInt64());
        if (low < 0 || high >= classes)
            throw new ArgumentException($"labels must lie in [0, {classes}) for logits with {classes} classes; found {(low < 0 ? low : high)}",
                nameof(labels));

        var (_, top) = logits.detach().topk((int)Math.Min(5, classes), 1);
        var hits = top.eq(y.unsqueeze(1));
        var top1 = hits.select(1, 0).sum().ToInt64();
        var top5 = hits.any(1).sum().ToInt64();
        return new TopKAccuracy((double)top1 / n, (double)top5 / n, n);
    }

    /// <summary>The accuracy of both sets together: the count-weighted mean of the two.</summary>
    public static TopKAccuracy operator +(TopKAccuracy a, TopKAccuracy b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count == 0) return b;
        if (b.Count == 0) return a;
        var count = a.Count + b.Count;
        return new TopKAccuracy(
            ((double)a.Count * a.Top1 + (double)b.Count * b.Top1) / count,
            ((double)a.Count * a.Top5 + (double)b.Count * b.Top5) / count,
            count);
    }

    /// <summary>The accuracy of all batches together (<see cref="Empty"/> for none).</summary>
    /// <param name="batches">Per-batch accuracies.</param>
    public static TopKAccuracy Accumulate(IEnumerable<TopKAccuracy> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        long count = 0;
        double top1 = 0, top5 = 0;
        foreach (var b in batches)
        {
            ArgumentNullException.ThrowIfNull(b, nameof(batches));
            count += b.Count;
            top1 += b.Count * b.Top1;
            top5 += b.Count * b.Top5;
        }
        return count == 0 ? Empty : new TopKAccuracy(top1 / count, top5 / count, count);
    }
}
