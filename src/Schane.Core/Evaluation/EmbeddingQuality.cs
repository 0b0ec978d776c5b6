using Schane.Core.Display;
using Schane.Engine;

namespace Schane.Core.Evaluation;

/// <summary>
/// Geometry of L2-normalised embeddings z (F.normalize(embeddings, dim=1)) and their class structure, after Wang &amp;
/// Isola 2020 ("Understanding contrastive representation learning through alignment and uniformity on the
/// hypersphere") with class labels defining the positives.
/// </summary>
/// <param name="Alignment">
/// Mean ‖zᵢ − zⱼ‖² over same-class pairs i ≠ j (their lalign with α = 2; lower is better); NaN when no class has two rows.
/// </param>
/// <param name="Uniformity">
/// log of the mean of exp(−2‖zᵢ − zⱼ‖²) over all pairs i &lt; j (their luniform with t = 2:
/// <c>torch.pdist(z).pow(2).mul(-2).exp().mean().log()</c>); lower is more uniform, in [−8, 0].
/// </param>
/// <param name="IntraClassCosine">Mean cosine similarity zᵢ·zⱼ over same-class pairs i ≠ j; NaN when no class has two rows.</param>
/// <param name="InterClassCosine">Mean cosine similarity over pairs of different classes; NaN when all rows share one label.</param>
[TypeFormatterSource(typeof(EmbeddingQualityFormatterSource), PreferredMimeTypes = ["text/html", "text/plain"])]
public sealed record EmbeddingQuality(double Alignment, double Uniformity, double IntraClassCosine, double InterClassCosine)
{
    /// <summary>
    /// Measures <paramref name="embeddings"/>. Every pair is visited (in float64), but only a
    /// [<paramref name="blockRows"/>, N] block of similarities exists at once, so memory grows as N, not N²; time still
    /// grows as N²·D, which <paramref name="maxSamples"/> bounds by measuring a seeded random subset of the rows.
    /// </summary>
    /// <param name="embeddings">Embeddings [N, D], floating point, finite, N ≥ 2 (after subsampling); normalised here.</param>
    /// <param name="labels">Class labels [N], integers (any values).</param>
    /// <param name="blockRows">Rows of the similarity block (memory about 8 · 6 · blockRows · N bytes). Default 256.</param>
    /// <param name="maxSamples">
    /// When set and smaller than N, measure this many rows drawn uniformly without replacement (a partial
    /// Fisher–Yates shuffle by System.Random(<paramref name="seed"/>), so the subset is reproducible). Default: all rows.
    /// </param>
    /// <param name="seed">Seed of the subsample; unused without <paramref name="maxSamples"/>.</param>
    public static EmbeddingQuality Measure(Tensor embeddings, Tensor labels, int blockRows = 256, int? maxSamples = null, int seed = 0)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (embeddings.Dim != 2 || !embeddings.DType.IsFloatingPoint())
            throw new ArgumentException($"embeddings must be floating point [N, D]; got {embeddings}", nameof(embeddings));
        if (labels.Dim != 1 || labels.DType.IsFloatingPoint() || labels.DType == DType.Bool)
            throw new ArgumentException($"labels must be integer labels [N]; got {labels}", nameof(labels));
        if (labels.Size(0) != embeddings.Size(0))
            throw new ArgumentException($"{labels.Size(0)} labels for embeddings [{string.Join(", ", embeddings.Shape)}]", nameof(labels));
        if (blockRows < 1)
            throw new ArgumentOutOfRangeException(nameof(blockRows), blockRows, "must be at least 1");
        if (maxSamples is < 2)
            throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "a subsample needs 2 rows at least");
        if (embeddings.Size(0) < 2)
            throw new ArgumentException($"uniformity needs a pair of rows; embeddings are [{string.Join(", ", embeddings.Shape)}]", nameof(embeddings));

        using var scope = Torch.NewDisposeScope();
        if (!embeddings.IsFinite().All().Item<bool>())
            throw new ArgumentException("embeddings contain NaN or Inf", nameof(embeddings));
        var z = embeddings.Detach().To(DType.Float64).Normalize(2, 1);
        var y = labels.To(z.Device).To(DType.Int64);
        if (maxSamples is int samples && samples < z.Size(0))
        {
            var rows = Torch.FromArray(Subsample((int)z.Size(0), samples, seed)).To(z.Device);
            z = z.IndexSelect(0, rows);
            y = y.IndexSelect(0, rows);
        }

        var n = z.Size(0);
        var squaredNorms = z.Square().Sum(1);
        var zT = z.T;
        var columns = Torch.Arange(n, DType.Int64, z.Device).Unsqueeze(0);
        long sameCount = 0, differentCount = 0;
        double sameCosine = 0, sameDistance = 0, differentCosine = 0, kernelSum = 0;
        for (long start = 0; start < n; start += blockRows)
        {
            using var blockScope = Torch.NewDisposeScope();
            var rows = Math.Min(blockRows, n - start);
            var cosine = z.Narrow(0, start, rows).Mm(zT);
            // ‖zᵢ − zⱼ‖² = ‖zᵢ‖² + ‖zⱼ‖² − 2 zᵢ·zⱼ: exact also for the zero rows that F.normalize leaves at zero.
            var distance = (squaredNorms.Narrow(0, start, rows).Unsqueeze(1) + squaredNorms.Unsqueeze(0) - cosine * 2).ClampMin(0);
            var notSelf = columns.Ne(Torch.Arange(start, start + rows, 1, DType.Int64, z.Device).Unsqueeze(1));
            var same = y.Narrow(0, start, rows).Unsqueeze(1).Eq(y.Unsqueeze(0));
            var positive = same.LogicalAnd(notSelf);
            var different = same.LogicalNot();
            sameCount += positive.Sum().Item<long>();
            differentCount += different.Sum().Item<long>();
            sameCosine += cosine.MaskedSelect(positive).Sum().Item<double>();
            sameDistance += distance.MaskedSelect(positive).Sum().Item<double>();
            differentCosine += cosine.MaskedSelect(different).Sum().Item<double>();
            kernelSum += (distance * -2).Exp().MaskedSelect(notSelf).Sum().Item<double>();
        }
        // Ordered pairs visit each unordered pair twice: the means are those over i < j.
        return new EmbeddingQuality(
            Alignment: sameCount == 0 ? double.NaN : sameDistance / sameCount,
            Uniformity: Math.Log(kernelSum / ((double)n * (n - 1))),
            IntraClassCosine: sameCount == 0 ? double.NaN : sameCosine / sameCount,
            InterClassCosine: differentCount == 0 ? double.NaN : differentCosine / differentCount);
    }

    /// <summary><paramref name="count"/> distinct rows of [0, n), ascending, from a partial Fisher–Yates shuffle.</summary>
    private static long[] Subsample(int n, int count, int seed)
    {
        var random = new Random(seed);
        var order = new int[n];
        for (var i = 0; i < n; i++) order[i] = i;
        for (var i = 0; i < count; i++)
        {
            var j = random.Next(i, n);
            (order[i], order[j]) = (order[j], order[i]);
        }
        var rows = order.Take(count).Select(i => (long)i).ToArray();
        Array.Sort(rows);
        return rows;
    }
}
