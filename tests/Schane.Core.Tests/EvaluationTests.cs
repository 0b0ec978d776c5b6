using Schane.Core.Evaluation;

namespace Schane.Core.Tests;

/// <summary>Hand-computed cases, invariances and argument checks of the evaluation metrics.</summary>
public class EvaluationTests
{
    // ---- TopKAccuracy --------------------------------------------------------------------------------

    [Fact]
    public void TopKCountsHitsAmongTheHighestLogits()
    {
        using var logits = tensor(new double[]
        {
            0.9, 0.5, 0.4, 0.3, 0.2, 0.1, // label 0: top-1
            0.9, 0.5, 0.4, 0.3, 0.2, 0.1, // label 4: fifth highest, top-5 only
            0.9, 0.5, 0.4, 0.3, 0.2, 0.1, // label 5: lowest, neither
            0.1, 0.2, 0.3, 0.4, 0.5, 0.9, // label 5: top-1
        }, [4, 6]);
        using var labels = tensor(new long[] { 0, 4, 5, 5 });
        Assert.Equal(new TopKAccuracy(0.5, 0.75, 4), TopKAccuracy.Of(logits, labels));
    }

    [Fact]
    public void TopFiveWithFewerThanFiveClassesUsesAllClasses()
    {
        using var logits = tensor(new float[] { 1, 2, 3, 3, 2, 1 }, [2, 3]);
        using var labels = tensor(new[] { 0, 0 }); // int32 labels are accepted
        Assert.Equal(new TopKAccuracy(0.5, 1.0, 2), TopKAccuracy.Of(logits, labels));
    }

    [Fact]
    public void TopKAccumulatesWeightedByCount()
    {
        var a = new TopKAccuracy(1.0, 1.0, 1);
        var b = new TopKAccuracy(0.0, 2.0 / 3, 3);
        Assert.Equal(new TopKAccuracy(0.25, 0.75, 4), a + b);
        Assert.Equal(a + b, TopKAccuracy.Accumulate([a, TopKAccuracy.Empty, b]));
        Assert.Equal(b, TopKAccuracy.Empty + b);
        Assert.Equal(TopKAccuracy.Empty, TopKAccuracy.Accumulate([]));
    }

    [Fact]
    public void TopKRejectsBadInputs()
    {
        using var logits = zeros([3, 4], ScalarType.Float32);
        using var three = tensor(new long[] { 0, 1, 2 });
        using var two = tensor(new long[] { 0, 1 });
        using var tooLarge = tensor(new long[] { 0, 4, 1 });
        using var negative = tensor(new long[] { 0, -1, 1 });
        using var floats = zeros([3], ScalarType.Float32);
        using var empty = zeros([0, 4], ScalarType.Float32);
        using var noLabels = zeros([0], ScalarType.Int64);
        using var flat = zeros([4], ScalarType.Float32);
        using var nan = full([3, 4], double.NaN, ScalarType.Float32);
        Assert.Contains("2 labels for 3 rows", Assert.Throws<ArgumentException>("labels", () => TopKAccuracy.Of(logits, two)).Message);
        Assert.Contains("[0, 4)", Assert.Throws<ArgumentException>("labels", () => TopKAccuracy.Of(logits, tooLarge)).Message);
        Assert.Contains("found -1", Assert.Throws<ArgumentException>("labels", () => TopKAccuracy.Of(logits, negative)).Message);
        Assert.Throws<ArgumentException>("labels", () => TopKAccuracy.Of(logits, floats));
        Assert.Contains("empty", Assert.Throws<ArgumentException>("logits", () => TopKAccuracy.Of(empty, noLabels)).Message);
        Assert.Throws<ArgumentException>("logits", () => TopKAccuracy.Of(flat, three));
        Assert.Contains("NaN", Assert.Throws<ArgumentException>("logits", () => TopKAccuracy.Of(nan, three)).Message);
    }

    // ---- LogisticRegressionProbe ---------------------------------------------------------------------

    [Fact]
    public void OneShotProbeRecognisesItsOwnSupportRows()
    {
        var random = new Random(1);
        using var support = TestData.Normal(random, [4, 32]);
        int[] labels = [0, 1, 2, 3];
        var probe = new LogisticRegressionProbe();
        Assert.Equal(labels, probe.FitPredict(support, labels, support));
        var p = probe.PredictProbabilities(support, labels, support);
        for (var i = 0; i < 4; i++)
        {
            Assert.Equal(1.0, Enumerable.Range(0, 4).Sum(c => p[i, c]), 12);
            // C = 1 on unit rows keeps the fit soft: the own class wins without certainty.
            Assert.InRange(p[i, i], 0.3, 0.99);
        }
    }

    [Fact]
    public void SeparableDataGivesAFiniteConvergedFit()
    {
        // Two classes separated by the sign of the first coordinate: without the penalty the weights would diverge.
        using var scope = NewDisposeScope();
        var random = new Random(2);
        var noise = TestData.Normal(random, [40, 6]);
        var signs = Enumerable.Range(0, 40).Select(i => i % 2 == 0 ? 5.0 : -5.0).ToArray();
        var shift = tensor(signs, [40, 1]);
        var x = noise + cat([shift, zeros([40, 5], ScalarType.Float64)], 1);
        var labels = Enumerable.Range(0, 40).Select(i => i % 2).ToArray();
        var probe = new LogisticRegressionProbe { C = 1e4, NormalizeFeatures = false };
        var solution = probe.Solve(x, labels, x);
        Assert.True(solution.Fit.Converged, solution.Fit.ToString());
        Assert.True(double.IsFinite(solution.Fit.Value));
        Assert.Equal(labels, solution.Predictions());
    }

    [Fact]
    public void ArbitraryLabelsAreRemappedAndReturned()
    {
        var random = new Random(3);
        using var support = TestData.Normal(random, [9, 20]);
        using var query = TestData.Normal(random, [12, 20]);
        int[] contiguous = [0, 1, 2, 0, 1, 2, 0, 1, 2];
        int[] arbitrary = [10, -3, 7, 10, -3, 7, 10, -3, 7]; // ascending classes: -3, 7, 10
        var probe = new LogisticRegressionProbe();
        var a = probe.PredictProbabilities(support, contiguous, query);
        var b = probe.PredictProbabilities(support, arbitrary, query);
        int[] column = [2, 0, 1]; // contiguous class c is arbitrary column column[c]
        for (var i = 0; i < 12; i++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(a[i, c], b[i, column[c]], 9);
        var mapped = probe.FitPredict(support, contiguous, query).Select(c => new[] { 10, -3, 7 }[c]);
        Assert.Equal(mapped, probe.FitPredict(support, arbitrary, query));
    }

    [Fact]
    public void NormalizedProbeIgnoresRowScales()
    {
        var random = new Random(4);
        using var support = TestData.Normal(random, [10, 16]);
        using var query = TestData.Normal(random, [7, 16]);
        using var scales = tensor(Enumerable.Range(1, 10).Select(i => 0.1 * i * i).ToArray(), [10, 1]);
        using var scaled = support * scales;
        var labels = Enumerable.Range(0, 10).Select(i => i % 3).ToArray();
        var probe = new LogisticRegressionProbe();
        var a = probe.PredictProbabilities(support, labels, query);
        using var query3 = query * 3.0;
        var b = probe.PredictProbabilities(scaled, labels, query3);
        for (var i = 0; i < 7; i++)
            for (var c = 0; c < 3; c++)
                Assert.Equal(a[i, c], b[i, c], 9);
        // Without normalisation the scales matter.
        var raw = probe with { NormalizeFeatures = false };
        Assert.NotEqual(raw.PredictProbabilities(support, labels, query)[0, 0], raw.PredictProbabilities(scaled, labels, query)[0, 0], 6);
    }

    [Fact]
    public void ProbeRejectsBadInputs()
    {
        using var support = zeros([4, 8], ScalarType.Float32);
        using var query = zeros([3, 8], ScalarType.Float32);
        using var wide = zeros([3, 9], ScalarType.Float32);
        using var nan = full([4, 8], double.NaN, ScalarType.Float32);
        using var ints = zeros([4, 8], ScalarType.Int64);
        var probe = new LogisticRegressionProbe();
        Assert.Contains("at least 2 classes", Assert.Throws<ArgumentException>("supportLabels", () => probe.FitPredict(support, [1, 1, 1, 1], query)).Message);
        Assert.Contains("3 support labels for 4", Assert.Throws<ArgumentException>("supportLabels", () => probe.FitPredict(support, [0, 1, 0], query)).Message);
        Assert.Contains("9 features", Assert.Throws<ArgumentException>("query", () => probe.FitPredict(support, [0, 1, 0, 1], wide)).Message);
        Assert.Contains("NaN", Assert.Throws<ArgumentException>("support", () => probe.FitPredict(nan, [0, 1, 0, 1], query)).Message);
        Assert.Throws<ArgumentException>("support", () => probe.FitPredict(ints, [0, 1, 0, 1], query));
        Assert.Throws<ArgumentOutOfRangeException>("C", () => probe with { C = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("MaxIterations", () => probe with { MaxIterations = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("Tolerance", () => probe with { Tolerance = -1 });
    }

    [Fact]
    public void ProbeStopsAtMaxIterations()
    {
        var random = new Random(5);
        using var x = TestData.Normal(random, [12, 30]);
        var labels = Enumerable.Range(0, 12).Select(i => i % 4).ToArray();
        var fit = new LogisticRegressionProbe { MaxIterations = 2, NormalizeFeatures = false, C = 100 }.Solve(x, labels, x).Fit;
        Assert.Equal(2, fit.Iterations);
        Assert.False(fit.Converged);
    }

    // ---- FewShot -------------------------------------------------------------------------------------

    /// <summary>Three well-separated clusters of 10 rows each (rows 10c … 10c+9 are class c), d = 24.</summary>
    private static Tensor Clusters(Random random)
    {
        using var scope = NewDisposeScope();
        var means = TestData.Normal(random, [3, 24]) * 4.0;
        using var index = tensor(Enumerable.Range(0, 30).Select(i => (long)(i / 10)).ToArray());
        return (means.index_select(0, index) + TestData.Normal(random, [30, 24])).MoveToOuterDisposeScope();
    }

    private static FewShotEpisode Episode(int shots, int queries, int offset = 0)
    {
        var support = new List<long>();
        var query = new List<long>();
        for (var c = 0; c < 3; c++)
        {
            support.AddRange(Enumerable.Range(10 * c + offset, shots).Select(i => (long)i));
            query.AddRange(Enumerable.Range(10 * c + offset + shots, queries).Select(i => (long)i));
        }
        return new FewShotEpisode([.. support], support.Select(r => (int)(r / 10)).ToArray(), [.. query], query.Select(r => (int)(r / 10)).ToArray());
    }

    [Fact]
    public void EpisodeAccuracyIsTheFractionOfCorrectQueries()
    {
        using var features = Clusters(new Random(6));
        var probe = new LogisticRegressionProbe();
        Assert.Equal(1.0, FewShot.EpisodeAccuracy(features, Episode(2, 5), probe));
        // Mislabel one of the 15 queries: it cannot be right any more.
        var episode = Episode(2, 5);
        var wrong = episode with { QueryLabels = [.. episode.QueryLabels] };
        wrong.QueryLabels[0] = 1;
        Assert.Equal(14.0 / 15, FewShot.EpisodeAccuracy(features, wrong, probe), 12);
    }

    [Fact]
    public void EvaluateMatchesEpisodeByEpisodeFits()
    {
        var random = new Random(7);
        using var features = TestData.Normal(random, [30, 24], ScalarType.Float32); // no structure: accuracies vary
        var episodes = new[] { Episode(1, 4), Episode(2, 3, 1), Episode(3, 5, 2) };
        var probe = new LogisticRegressionProbe();
        var all = FewShot.Evaluate(features, episodes, probe);
        for (var e = 0; e < episodes.Length; e++)
        {
            Assert.Equal(FewShot.EpisodeAccuracy(features, episodes[e], probe), all[e]);
            using var si = tensor(episodes[e].Support);
            using var qi = tensor(episodes[e].Query);
            using var s = features.index_select(0, si);
            using var q = features.index_select(0, qi);
            var predictions = probe.FitPredict(s, episodes[e].SupportLabels, q);
            Assert.Equal(predictions.Zip(episodes[e].QueryLabels).Count(p => p.First == p.Second) / (double)q.size(0), all[e], 12);
        }
    }

    [Fact]
    public void FewShotRejectsBadEpisodes()
    {
        using var features = zeros([30, 4], ScalarType.Float32);
        var probe = new LogisticRegressionProbe();
        var good = Episode(2, 3);
        void Bad(FewShotEpisode e, string message)
        {
            Assert.Contains(message, Assert.Throws<ArgumentException>("episode", () => FewShot.EpisodeAccuracy(features, e, probe)).Message);
            Assert.Contains(message, Assert.Throws<ArgumentException>("episodes", () => FewShot.Evaluate(features, [good, e], probe)).Message);
        }
        Bad(good with { Support = [.. good.Support[..^1], 30] }, "support row 30 is outside the features' 30 rows");
        Bad(good with { Query = [-1, .. good.Query[1..]] }, "query row -1 is outside");
        Bad(good with { Query = [good.Support[0], .. good.Query[1..]] }, "both a support and a query row");
        Bad(good with { SupportLabels = good.SupportLabels[1..] }, "5 support labels for 6 support rows");
        Bad(good with { QueryLabels = [7, .. good.QueryLabels[1..]] }, "query label 7 has no support row");
        Bad(good with { Query = [], QueryLabels = [] }, "no query rows");
        Bad(good with { SupportLabels = new int[6] }, "1 class(es)");
        Assert.Contains("episode 1", Assert.Throws<ArgumentException>("episodes",
            () => FewShot.Evaluate(features, [good, good with { Query = [99, .. good.Query[1..]] }], probe)).Message);
        using var flat = zeros([30], ScalarType.Float32);
        Assert.Throws<ArgumentException>("features", () => FewShot.EpisodeAccuracy(flat, good, probe));
    }

    // ---- NearestNeighbors ----------------------------------------------------------------------------

    [Fact]
    public void KnnVotesAreWeightedByExpSimilarityOverTemperature()
    {
        // The query [1, 0] has one very close neighbour of class 0 and two farther ones of class 1.
        using var bank = tensor(new double[] { 1, 0.05, 1, 0.9, 1, -0.9 }, [3, 2]);
        using var bankLabels = tensor(new long[] { 0, 1, 1 });
        using var query = tensor(new double[] { 1, 0 }, [1, 2]);
        using var sharp = new NearestNeighbors { K = 3, Temperature = 0.01 }.Predict(bank, bankLabels, query);
        using var flat = new NearestNeighbors { K = 3, Temperature = 10 }.Predict(bank, bankLabels, query);
        Assert.Equal([0L], sharp.Values<long>()); // e^(1/τ) dominates at small τ
        Assert.Equal([1L], flat.Values<long>()); // the majority wins at large τ
    }

    [Fact]
    public void KnnClampsKToTheBankAndIgnoresTheBlockSize()
    {
        var random = new Random(8);
        using var bank = TestData.Normal(random, [9, 5], ScalarType.Float32);
        using var bankLabels = TestData.Labels(random, 9, 3);
        using var query = TestData.Normal(random, [23, 5], ScalarType.Float32);
        using var all = new NearestNeighbors { K = 9 }.Predict(bank, bankLabels, query);
        using var clamped = new NearestNeighbors { K = 1000 }.Predict(bank, bankLabels, query);
        Assert.True(all.Equals(clamped));
        using var k3 = new NearestNeighbors { K = 3, BlockSize = 1000 }.Predict(bank, bankLabels, query);
        foreach (var block in new[] { 1, 4, 23 })
        {
            using var blocked = new NearestNeighbors { K = 3, BlockSize = block }.Predict(bank, bankLabels, query);
            Assert.True(k3.Equals(blocked), $"block size {block}");
        }
    }

    [Fact]
    public void KnnWithKOneOnTheBankItselfIsExact()
    {
        var random = new Random(9);
        using var bank = TestData.Normal(random, [50, 8]);
        using var labels = TestData.Labels(random, 50, 4);
        Assert.Equal(1.0, new NearestNeighbors { K = 1 }.Accuracy(bank, labels, bank, labels));
    }

    [Fact]
    public void KnnRejectsBadInputs()
    {
        using var bank = zeros([5, 3], ScalarType.Float32);
        using var labels = zeros([5], ScalarType.Int64);
        using var query = zeros([2, 3], ScalarType.Float32);
        using var queryLabels = zeros([2], ScalarType.Int64);
        using var wide = zeros([2, 4], ScalarType.Float32);
        using var fourLabels = zeros([4], ScalarType.Int64);
        using var negative = full([5], -1L, ScalarType.Int64);
        using var emptyBank = zeros([0, 3], ScalarType.Float32);
        using var noLabels = zeros([0], ScalarType.Int64);
        using var threeLabels = zeros([3], ScalarType.Int64);
        var knn = new NearestNeighbors();
        Assert.Contains("4 features", Assert.Throws<ArgumentException>("queryFeatures", () => knn.Accuracy(bank, labels, wide, queryLabels)).Message);
        Assert.Contains("4 bank labels for 5", Assert.Throws<ArgumentException>("bankLabels", () => knn.Accuracy(bank, fourLabels, query, queryLabels)).Message);
        Assert.Contains("non-negative", Assert.Throws<ArgumentException>("bankLabels", () => knn.Accuracy(bank, negative, query, queryLabels)).Message);
        Assert.Contains("empty", Assert.Throws<ArgumentException>("bankFeatures", () => knn.Accuracy(emptyBank, noLabels, query, queryLabels)).Message);
        Assert.Contains("3 query labels", Assert.Throws<ArgumentException>("queryLabels", () => knn.Accuracy(bank, labels, query, threeLabels)).Message);
        Assert.Throws<ArgumentOutOfRangeException>("K", () => knn with { K = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("Temperature", () => knn with { Temperature = 0 });
        Assert.Throws<ArgumentOutOfRangeException>("BlockSize", () => knn with { BlockSize = 0 });
    }

    // ---- EmbeddingQuality ----------------------------------------------------------------------------

    [Fact]
    public void QualityOfAHandMadeConfiguration()
    {
        // Rows e1, 3·e1 (class 0: the same direction) and e2, −e2 (class 1: opposite), in 3 dimensions.
        using var z = tensor(new double[] { 1, 0, 0, 3, 0, 0, 0, 1, 0, 0, -2, 0 }, [4, 3]);
        using var y = tensor(new long[] { 0, 0, 1, 1 });
        var q = EmbeddingQuality.Measure(z, y);
        // Same-class pairs: d² = 0 (cos 1) and d² = 4 (cos −1). Cross pairs: d² = 2, cos 0.
        Assert.Equal(2.0, q.Alignment, 12);
        Assert.Equal(0.0, q.IntraClassCosine, 12);
        Assert.Equal(0.0, q.InterClassCosine, 12);
        Assert.Equal(Math.Log((1 + Math.Exp(-8) + 4 * Math.Exp(-4)) / 6), q.Uniformity, 12);
    }

    [Fact]
    public void QualityDoesNotDependOnTheBlockSize()
    {
        var random = new Random(10);
        using var z = TestData.Normal(random, [37, 6], ScalarType.Float32);
        using var y = TestData.Labels(random, 37, 4);
        var whole = EmbeddingQuality.Measure(z, y, blockRows: 1000);
        foreach (var block in new[] { 1, 5, 36 })
        {
            var q = EmbeddingQuality.Measure(z, y, blockRows: block);
            Assert.Equal(whole.Alignment, q.Alignment, 12);
            Assert.Equal(whole.Uniformity, q.Uniformity, 12);
            Assert.Equal(whole.IntraClassCosine, q.IntraClassCosine, 12);
            Assert.Equal(whole.InterClassCosine, q.InterClassCosine, 12);
        }
    }

    [Fact]
    public void SubsamplingIsSeededAndKeepsRowsWithTheirLabels()
    {
        // Class c lies exactly on axis c (times a positive scale): any subset that keeps rows with their labels has
        // alignment 0, intra-class cosine 1 and inter-class cosine 0.
        var random = new Random(11);
        var classes = Enumerable.Range(0, 400).Select(_ => random.Next(5)).ToArray();
        var values = new double[400 * 5];
        for (var i = 0; i < 400; i++) values[i * 5 + classes[i]] = 1 + random.NextDouble();
        using var z = tensor(values, [400, 5]);
        using var y = tensor(classes.Select(c => (long)c).ToArray());
        var full = EmbeddingQuality.Measure(z, y);
        var sub = EmbeddingQuality.Measure(z, y, maxSamples: 60, seed: 1);
        Assert.Equal(0, sub.Alignment, 12);
        Assert.Equal(1, sub.IntraClassCosine, 12);
        Assert.Equal(0, sub.InterClassCosine, 12);
        Assert.Equal(sub, EmbeddingQuality.Measure(z, y, maxSamples: 60, seed: 1));
        Assert.NotEqual(sub.Uniformity, EmbeddingQuality.Measure(z, y, maxSamples: 60, seed: 2).Uniformity);
        Assert.NotEqual(full.Uniformity, sub.Uniformity);
        Assert.Equal(full, EmbeddingQuality.Measure(z, y, maxSamples: 400));
    }

    [Fact]
    public void QualityIsNaNWhereNoPairDefinesIt()
    {
        var random = new Random(12);
        using var z = TestData.Normal(random, [6, 3]);
        using var unique = arange(6);
        using var single = zeros([6], ScalarType.Int64);
        var q = EmbeddingQuality.Measure(z, unique);
        Assert.True(double.IsNaN(q.Alignment) && double.IsNaN(q.IntraClassCosine) && double.IsFinite(q.InterClassCosine), q.ToString());
        var s = EmbeddingQuality.Measure(z, single);
        Assert.True(double.IsFinite(s.Alignment) && double.IsNaN(s.InterClassCosine), s.ToString());
        Assert.Equal(q.Uniformity, s.Uniformity, 14);
    }

    [Fact]
    public void QualityRejectsBadInputs()
    {
        using var z = zeros([4, 3], ScalarType.Float32);
        using var one = zeros([1, 3], ScalarType.Float32);
        using var y = zeros([4], ScalarType.Int64);
        using var y1 = zeros([1], ScalarType.Int64);
        using var y3 = zeros([3], ScalarType.Int64);
        using var floats = zeros([4], ScalarType.Float32);
        using var inf = full([4, 3], double.PositiveInfinity, ScalarType.Float32);
        Assert.Contains("3 labels", Assert.Throws<ArgumentException>("labels", () => EmbeddingQuality.Measure(z, y3)).Message);
        Assert.Throws<ArgumentException>("labels", () => EmbeddingQuality.Measure(z, floats));
        Assert.Contains("pair", Assert.Throws<ArgumentException>("embeddings", () => EmbeddingQuality.Measure(one, y1)).Message);
        Assert.Contains("NaN or Inf", Assert.Throws<ArgumentException>("embeddings", () => EmbeddingQuality.Measure(inf, y)).Message);
        Assert.Throws<ArgumentOutOfRangeException>("blockRows", () => EmbeddingQuality.Measure(z, y, blockRows: 0));
        Assert.Throws<ArgumentOutOfRangeException>("maxSamples", () => EmbeddingQuality.Measure(z, y, maxSamples: 1));
    }
}
