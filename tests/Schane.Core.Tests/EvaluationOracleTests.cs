using System.Text.Json.Nodes;
using Schane.Core.Evaluation;

namespace Schane.Core.Tests;

/// <summary>
/// The evaluation metrics on randomized inputs against the independent PyTorch implementations in
/// tests/reference/evaluation.py (one Python call for every case): top-k accuracy, the logistic-regression probe
/// (query probabilities of the optimum found by torch.optim.LBFGS in the full d-dimensional space), the weighted kNN
/// classifier and the embedding-quality measures.
/// </summary>
public sealed class EvaluationOracleFixture : IDisposable
{
    public sealed record TopKCase(string Id, long Rows, long Classes, ScalarType DType, TopKAccuracy Whole, TopKAccuracy Batched);

    internal sealed record ProbeCase(string Id, string What, LogisticRegressionProbe.Solution Solution, int[] Predictions, string ProbabilitiesFile);

    public sealed record KnnCase(string Id, string What, long[] Predictions, double Accuracy, long[] QueryLabels);

    public sealed record QualityCase(string Id, string What, EmbeddingQuality Quality);

    private readonly TempDir dir = new();
    private readonly JsonArray manifest = [];

    public EvaluationOracleFixture()
    {
        var random = new Random(20240611);
        using var scope = NewDisposeScope();

        foreach (var (n, classes, dtype) in new (long, long, ScalarType)[]
                 { (1, 1, ScalarType.Float64), (7, 3, ScalarType.Float32), (64, 5, ScalarType.Float64), (200, 10, ScalarType.Float32), (1000, 100, ScalarType.Float64) })
        {
            var id = $"topk{TopK.Count}";
            var labels = TestData.Labels(random, (int)n, (int)classes);
            // Boost the true class of some rows so that top-1 is far from chance and far from certain.
            var logits = TestData.Normal(random, [n, classes], dtype) + nn.functional.one_hot(labels, classes).to(dtype) * 1.5;
            var batches = Enumerable.Range(0, (int)((n + 63) / 64))
                .Select(b => TopKAccuracy.Of(logits.narrow(0, b * 64, Math.Min(64, n - b * 64)), labels.narrow(0, b * 64, Math.Min(64, n - b * 64))));
            TopK.Add(new TopKCase(id, n, classes, dtype, TopKAccuracy.Of(logits, labels), TopKAccuracy.Accumulate(batches)));
            Add(new JsonObject { ["id"] = id, ["kind"] = "topk", ["logits"] = Save(logits, id, "logits"), ["labels"] = Save(labels, id, "labels") });
        }

        foreach (var (ways, shots, d, c, normalize, relabel, duplicate) in new (int, int, int, double, bool, bool, bool)[]
                 {
                     (2, 1, 16, 1.0, true, false, false), (5, 1, 64, 1.0, true, false, false), (5, 5, 128, 1.0, true, false, false),
                     (5, 5, 512, 1.0, true, true, false), (3, 2, 8, 0.1, false, false, false), (10, 5, 32, 10, true, false, false),
                     (4, 3, 300, 10, false, true, false), (2, 5, 40, 0.5, false, false, false), (5, 5, 5, 1.0, true, false, false),
                     (20, 1, 64, 1.0, true, false, false), (5, 5, 256, 100, true, false, false), (3, 4, 40, 1.0, true, false, true),
                 })
        {
            var id = $"probe{Probe.Count}";
            var what = $"{ways}-way {shots}-shot, d={d}, C={c}, normalize={normalize}{(relabel ? ", labels 3c−4" : "")}{(duplicate ? ", duplicated rows" : "")}";
            var means = TestData.Normal(random, [ways, d]) * (normalize ? 0.6 : 1.5);
            var supportClasses = Enumerable.Range(0, ways * shots).Select(i => i % ways).ToArray();
            var queryClasses = Enumerable.Range(0, ways * 10).Select(i => i % ways).ToArray();
            var support = Cluster(random, means, supportClasses, d);
            if (duplicate) support.narrow(0, ways, 1).copy_(support.narrow(0, 0, 1)); // row `ways` has row 0's class
            var query = Cluster(random, means, queryClasses, d);
            var labels = supportClasses.Select(k => relabel ? 3 * k - 4 : k).ToArray();
            var probe = new LogisticRegressionProbe { C = c, NormalizeFeatures = normalize };
            var solution = probe.Solve(support, labels, query);
            Probe.Add(new ProbeCase(id, what, solution, probe.FitPredict(support, labels, query), dir.File($"{id}.p.npy")));
            Add(new JsonObject
            {
                ["id"] = id, ["kind"] = "probe", ["C"] = c, ["normalize"] = normalize, ["support"] = Save(support, id, "support"),
                ["support_labels"] = Save(tensor(labels.Select(l => (long)l).ToArray()), id, "labels"),
                ["query"] = Save(query, id, "query"), ["probabilities"] = dir.File($"{id}.p.npy"),
            });
        }

        foreach (var (bank, queries, d, classes, k, t, block, dtype) in new (int, int, int, int, int, double, int, ScalarType)[]
                 {
                     (200, 150, 16, 5, 20, 0.07, 32, ScalarType.Float64), (1000, 300, 32, 10, 20, 0.07, 64, ScalarType.Float32),
                     (30, 50, 8, 3, 200, 0.5, 7, ScalarType.Float64), (500, 100, 64, 7, 1, 0.07, 1000, ScalarType.Float64),
                     (2000, 333, 24, 10, 200, 0.1, 100, ScalarType.Float32), (100, 40, 4, 2, 5, 0.01, 16, ScalarType.Float64),
                 })
        {
            var id = $"knn{Knn.Count}";
            var what = $"bank {bank}, {queries} queries, D={d}, {classes} classes, K={k}, τ={t}, block {block}, {dtype.TorchName()}";
            var means = TestData.Normal(random, [classes, d]) * 0.5;
            var bankClasses = Enumerable.Range(0, bank).Select(_ => random.Next(classes)).ToArray();
            var queryClasses = Enumerable.Range(0, queries).Select(_ => random.Next(classes)).ToArray();
            var bankFeatures = Cluster(random, means, bankClasses, d).to(dtype);
            var queryFeatures = Cluster(random, means, queryClasses, d).to(dtype);
            var bankLabels = tensor(bankClasses.Select(l => (long)l).ToArray());
            var queryLabels = tensor(queryClasses.Select(l => (long)l).ToArray());
            var knn = new NearestNeighbors { K = k, Temperature = t, BlockSize = block };
            Knn.Add(new KnnCase(id, what, knn.Predict(bankFeatures, bankLabels, queryFeatures).Values<long>(),
                knn.Accuracy(bankFeatures, bankLabels, queryFeatures, queryLabels), queryLabels.Values<long>()));
            Add(new JsonObject
            {
                ["id"] = id, ["kind"] = "knn", ["k"] = k, ["t"] = t, ["bank"] = Save(bankFeatures, id, "bank"),
                ["bank_labels"] = Save(bankLabels, id, "bank_labels"), ["query"] = Save(queryFeatures, id, "query"),
            });
        }

        foreach (var (n, d, classes, block, dtype, zeroRow) in new (int, int, int, int, ScalarType, bool)[]
                 {
                     (2, 3, 1, 256, ScalarType.Float64, false), (10, 4, 10, 3, ScalarType.Float64, false), (300, 16, 5, 64, ScalarType.Float64, false),
                     (777, 32, 9, 1000, ScalarType.Float32, false), (128, 8, 2, 1, ScalarType.Float64, true), (50, 2, 3, 17, ScalarType.Float32, false),
                 })
        {
            var id = $"quality{Quality.Count}";
            var what = $"N={n}, D={d}, {classes} classes, block {block}, {dtype.TorchName()}{(zeroRow ? ", a zero row" : "")}";
            var means = TestData.Normal(random, [classes, d]);
            var rowClasses = Enumerable.Range(0, n).Select(i => classes == n ? i : random.Next(classes)).ToArray();
            var embeddings = Cluster(random, means, rowClasses, d).to(dtype);
            if (zeroRow) embeddings.narrow(0, 5, 1).zero_();
            var labels = tensor(rowClasses.Select(l => (long)l).ToArray());
            Quality.Add(new QualityCase(id, what, EmbeddingQuality.Measure(embeddings, labels, block)));
            Add(new JsonObject { ["id"] = id, ["kind"] = "quality", ["embeddings"] = Save(embeddings, id, "e"), ["labels"] = Save(labels, id, "y") });
        }

        var manifestPath = dir.File("manifest.json");
        File.WriteAllText(manifestPath, new JsonObject { ["cases"] = manifest, ["output"] = dir.File("out.json") }.ToJsonString());
        Python.Run("evaluation.py", manifestPath);
        Results = JsonNode.Parse(File.ReadAllText(dir.File("out.json")))!["results"]!.AsArray()
            .ToDictionary(r => (string)r!["id"]!, r => r!.AsObject());
    }

    public List<TopKCase> TopK { get; } = [];
    internal List<ProbeCase> Probe { get; } = [];
    public List<KnnCase> Knn { get; } = [];
    public List<QualityCase> Quality { get; } = [];
    public IReadOnlyDictionary<string, JsonObject> Results { get; }

    /// <summary>Rows means[class] + N(0, I), float64.</summary>
    private static Tensor Cluster(Random random, Tensor means, int[] classes, int d)
    {
        using var index = tensor(classes.Select(c => (long)c).ToArray());
        using var centres = means.index_select(0, index);
        using var noise = TestData.Normal(random, [classes.Length, d]);
        return centres + noise;
    }

    private string Save(Tensor t, string id, string name)
    {
        var path = dir.File($"{id}.{name}.npy");
        Npy.Save(t, path);
        return path;
    }

    private void Add(JsonObject c) => manifest.Add(c);

    public void Dispose() => dir.Dispose();
}

public class EvaluationOracleTests(EvaluationOracleFixture fixture) : IClassFixture<EvaluationOracleFixture>
{
    [Fact]
    public void TopKAccuracyMatchesTorchvisionsReference()
    {
        foreach (var c in fixture.TopK)
        {
            var r = fixture.Results[c.Id];
            var what = $"logits [{c.Rows}, {c.Classes}] {c.DType.TorchName()}";
            Assert.Equal(c.Rows, c.Whole.Count);
            Assert.Equal((double)r["top1"]! / c.Rows, c.Whole.Top1, 12);
            Assert.Equal((double)r["top5"]! / c.Rows, c.Whole.Top5, 12);
            Assert.True(Math.Abs(c.Batched.Top1 - c.Whole.Top1) < 1e-12 && Math.Abs(c.Batched.Top5 - c.Whole.Top5) < 1e-12 && c.Batched.Count == c.Rows,
                $"{what}: batches of 64 accumulate to {c.Batched}, the whole set gives {c.Whole}");
        }
        // The boosted true class keeps the cases informative: neither chance nor certainty.
        Assert.Contains(fixture.TopK, c => c.Whole.Top1 is > 0.2 and < 0.9);
    }

    [Fact]
    public void ProbeProbabilitiesMatchTheOptimumFoundByTorchLbfgs()
    {
        foreach (var c in fixture.Probe)
        {
            var r = fixture.Results[c.Id];
            Assert.True((double)r["gradient_max"]! < 1e-7, $"{c.What}: the oracle itself did not converge (max |g| {(double)r["gradient_max"]!:E2})");
            Assert.True(c.Solution.Fit.Converged, $"{c.What}: L-BFGS did not converge: {c.Solution.Fit}");
            Assert.Equal((double)r["loss"]!, c.Solution.Fit.Value, 8);

            using var oracle = Npy.Load(c.ProbabilitiesFile);
            var expected = oracle.Values<double>();
            var actual = c.Solution.Probabilities;
            var (m, k) = (actual.GetLength(0), actual.GetLength(1));
            Assert.Equal(expected.Length, m * k);
            var worst = 0.0;
            for (var i = 0; i < m; i++)
            {
                var best = 0;
                for (var j = 0; j < k; j++)
                {
                    worst = Math.Max(worst, Math.Abs(expected[i * k + j] - actual[i, j]));
                    if (expected[i * k + j] > expected[i * k + best]) best = j;
                }
                var runnerUp = Enumerable.Range(0, k).Where(j => j != best).Max(j => expected[i * k + j]);
                if (expected[i * k + best] - runnerUp > 1e-4)
                    Assert.True(c.Solution.Classes[best] == c.Predictions[i], $"{c.What}: query {i} predicted {c.Predictions[i]}, oracle {c.Solution.Classes[best]}");
            }
            Assert.True(worst < 1e-6, $"{c.What}: query probabilities differ from the oracle's by up to {worst:E2}");
        }
    }

    [Fact]
    public void NearestNeighborsMatchKnnPredict()
    {
        foreach (var c in fixture.Knn)
        {
            var r = fixture.Results[c.Id];
            var expected = r["predictions"]!.AsArray().Select(p => (long)p!).ToArray();
            var margins = r["margins"]!.AsArray().Select(p => (double)p!).ToArray();
            var float32 = c.What.EndsWith("float32");
            var compared = 0;
            for (var i = 0; i < expected.Length; i++)
            {
                // float32 similarities may reorder near-tied neighbours or votes; float64 must agree everywhere.
                if (float32 && margins[i] < 1e-3) continue;
                compared++;
                Assert.True(expected[i] == c.Predictions[i], $"{c.What}: query {i} predicted {c.Predictions[i]}, knn_predict {expected[i]} (margin {margins[i]:E2})");
            }
            Assert.True(compared > expected.Length * 0.9, $"{c.What}: only {compared} of {expected.Length} queries were clear enough to compare");
            var oracleAccuracy = expected.Zip(c.QueryLabels).Count(p => p.First == p.Second) / (double)expected.Length;
            Assert.True(Math.Abs(oracleAccuracy - c.Accuracy) <= (float32 ? 0.02 : 1e-12), $"{c.What}: accuracy {c.Accuracy}, oracle {oracleAccuracy}");
        }
        Assert.Contains(fixture.Knn, c => c.Accuracy is > 0.3 and < 0.95);
    }

    [Fact]
    public void EmbeddingQualityMatchesWangAndIsolasDefinitions()
    {
        foreach (var c in fixture.Quality)
        {
            var r = fixture.Results[c.Id];
            foreach (var (name, actual) in new[] { ("alignment", c.Quality.Alignment), ("uniformity", c.Quality.Uniformity),
                         ("intra", c.Quality.IntraClassCosine), ("inter", c.Quality.InterClassCosine) })
            {
                var expected = r[name] is null ? double.NaN : (double)r[name]!;
                if (double.IsNaN(expected)) Assert.True(double.IsNaN(actual), $"{c.What}: {name} should be NaN, got {actual}");
                else Assert.True(Math.Abs(expected - actual) <= 1e-10 * Math.Max(1, Math.Abs(expected)), $"{c.What}: {name} {actual:R}, oracle {expected:R}");
            }
        }
    }
}
