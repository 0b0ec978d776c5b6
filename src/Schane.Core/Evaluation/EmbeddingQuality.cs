using Schane.Core.Display;
using TorchSharp;
using static TorchSharp.torch;

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
        if (embeddings.dim() != 2 || !is_floating_point(embeddings.dtype))
            throw new ArgumentException($"embeddings must be floating point [N, D]; got {embeddings}", nameof(embeddings));
        if (labels.dim() != 1 || is_floating_point(labels.dtype) || labels.dtype == ScalarType.Bool)
            throw new ArgumentException($"labels must be integer labels [N]; got {labels}", nameof(labels));
        if (labels.size(0) != embeddings.size(0))
            throw new ArgumentException($"{labels.size(0)} labels for embeddings [{string.Join(", ", embeddings.shape)}]", nameof(labels));
        if (blockRows < 1)
            throw new ArgumentOutOfRangeException(nameof(blockRows), blockRows, "must be at least 1");
        if (maxSamples is < 2)
            throw new ArgumentOutOfRangeException(nameof(maxSamples), maxSamples, "a subsample needs 2 rows at least");
        if (embeddings.size(0) < 2)
            throw new ArgumentException($"uniformity needs a pair of rows; embeddings are [{string.Join(", ", embeddings.shape)}]", nameof(embeddings));

        using var scope = NewDisposeScope();
        if (!embeddings.isfinite().all().ToBoolean())
            throw new ArgumentException("embeddings contain NaN or Inf", nameof(embeddings));
        var z = nn.functional.normalize(embeddings.detach().to(ScalarType.Float64), 2, 1);
        var y = labels.to(z.device).to(ScalarType.Int64);
        if (maxSamples is int samples && samples < z.size(0))
        {
            var rows = tensor(Subsample((int)z.size(0), samples, seed), device: z.device);
            z = z.index_select(0, rows);
            y = y.index_select(0, rows);
        }

        var n = z.size(0);
        var squaredNorms = z.square().sum(1);
        var zT = z.T;
        var columns = arange(n, ScalarType.Int64, z.device).unsqueeze(0);
        long sameCount = 0, differentCount = 0;
        double sameCosine = 0, sameDistance = 0, differentCosine = 0, kernelSum = 0;
        for (long start = 0; start < n; start += blockRows)
        {
            using var blockScope = NewDisposeScope();
            var rows = Math.Min(blockRows, n - start);
            var cosine = z.narrow(0, start, rows).mm(zT);
            // ‖zᵢ − zⱼ‖² = ‖zᵢ‖² + ‖zⱼ‖² − 2 zᵢ·zⱼ: exact also for the zero rows that F.normalize leaves at zero.
            var distance = (squaredNorms.narrow(0, start, rows).unsqueeze(1) + squaredNorms.unsqueeze(0) - cosine * 2).clamp_min(0);
            var notSelf = columns.ne(arange(start, start + rows, 1, ScalarType.Int64, z.device).unsqueeze(1));
            var same = y.narrow(0, start, rows).unsqueeze(1).eq(y.unsqueeze(0));
            var positive = same.logical_and(notSelf);
            var different = same.logical_not();
            sameCount += positive.sum().ToInt64();
            differentCount += different.sum().ToInt64();
            sameCosine += cosine.masked_select(positive).sum().ToDouble();
            sameDistance += distance.masked_select(positive).sum().ToDouble();
            differentCosine += cosine.masked_select(different).sum().ToDouble();
            kernelSum += (distance * -2).exp().masked_select(notSelf).sum().ToDouble();
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
