using Schane.Core.Evaluation;

namespace Schane.Core.Tests;

/// <summary>Every evaluation metric, on success and on rejected input, leaves Tensor.TotalCount where it found it.</summary>
[Collection(nameof(LiveTensorCounting))]
public class EvaluationLeakTests
{
    [Fact]
    public void EvaluationLeaksNoTensors()
    {
        var random = new Random(13);
        using var features = TestData.Normal(random, [40, 16], ScalarType.Float32);
        using var labels = TestData.Labels(random, 40, 4);
        using var outOfRange = full([40], 99L, ScalarType.Int64);
        using var nan = full([40, 16], double.NaN, ScalarType.Float32);
        var episode = new FewShotEpisode([0, 1, 2, 3], [0, 1, 0, 1], [4, 5, 6], [1, 0, 1]);
        var checks = new (string Name, Action Run)[]
        {
            ("top-k", () => TopKAccuracy.Of(features, labels)),
            ("top-k, labels out of range", () => Assert.Throws<ArgumentException>(() => TopKAccuracy.Of(features, outOfRange))),
            ("top-k, NaN logits", () => Assert.Throws<ArgumentException>(() => TopKAccuracy.Of(nan, labels))),
            ("probe", () => new LogisticRegressionProbe().FitPredict(features, Enumerable.Range(0, 40).Select(i => i % 3).ToArray(), features)),
            ("probe, NaN", () => Assert.Throws<ArgumentException>(() => new LogisticRegressionProbe().FitPredict(nan, new int[40], features))),
            ("few-shot", () => FewShot.Evaluate(features, [episode, episode], new LogisticRegressionProbe())),
            ("knn", () => new NearestNeighbors { K = 5, BlockSize = 7 }.Accuracy(features, labels, features, labels)),
            ("knn, NaN query", () => Assert.Throws<ArgumentException>(() => new NearestNeighbors().Accuracy(features, labels, nan, labels))),
            ("quality", () => EmbeddingQuality.Measure(features, labels, blockRows: 7, maxSamples: 30)),
            ("quality, NaN", () => Assert.Throws<ArgumentException>(() => EmbeddingQuality.Measure(nan, labels))),
        };
        foreach (var (name, run) in checks)
        {
            var before = TestData.SettledLiveCount();
            run();
            Assert.True(before == Tensor.TotalCount, $"{name}: {Tensor.TotalCount - before} tensors leaked");
        }
    }
}
