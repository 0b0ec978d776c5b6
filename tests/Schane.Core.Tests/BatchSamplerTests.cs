using Schane.Core.Data;

namespace Schane.Core.Tests;

public class BatchSamplerTests
{
    [Fact]
    public void EachEpochIsAPermutationCutIntoBatches()
    {
        var keepLast = new BatchSampler(103, 10, seed: 1, dropLast: false);
        Assert.Equal(11, keepLast.BatchesPerEpoch);
        var batches = keepLast.Epoch(0).ToList();
        Assert.Equal(11, batches.Count);
        Assert.All(batches.Take(10), b => Assert.Equal(10, b.Length));
        Assert.Equal(3, batches[^1].Length);
        Assert.Equal(Enumerable.Range(0, 103).Select(i => (long)i), batches.SelectMany(b => b).Order());
        Assert.Equal(keepLast.Order(0), batches.SelectMany(b => b));
        Assert.NotEqual(Enumerable.Range(0, 103).Select(i => (long)i), keepLast.Order(0));

        var dropLast = new BatchSampler(103, 10, seed: 1);
        Assert.Equal(10, dropLast.BatchesPerEpoch);
        var dropped = dropLast.Epoch(0).ToList();
        Assert.Equal(10, dropped.Count);
        Assert.Equal(100, dropped.SelectMany(b => b).Distinct().Count());
        // The same permutation either way: only the remainder differs.
        Assert.Equal(batches.Take(10), dropped);
    }

    [Fact]
    public void BatchesDependOnlyOnSeedEpochAndIndex()
    {
        var a = new BatchSampler(1000, 32, seed: 7);
        var b = new BatchSampler(1000, 32, seed: 7);
        // A resumed run asks for epoch 3 batch 17 first; the other sampler goes through other epochs on the way.
        var resumed = b.Batch(3, 17);
        _ = a.Batch(0, 0);
        _ = a.Epoch(2).ToList();
        Assert.Equal(resumed, a.Batch(3, 17));
        Assert.Equal(a.Epoch(5), b.Epoch(5));
        Assert.NotEqual(a.Order(3), a.Order(4));
        Assert.NotEqual(a.Order(3), new BatchSampler(1000, 32, seed: 8).Order(3));
        // The batch size only cuts the permutation.
        Assert.Equal(a.Order(3), new BatchSampler(1000, 50, seed: 7).Order(3));
        // Returned arrays are copies: changing one changes nothing.
        var batch = a.Batch(1, 0);
        batch[0] = -1;
        Assert.NotEqual(-1, a.Batch(1, 0)[0]);
        a.Order(1)[0] = -1;
        Assert.NotEqual(-1, a.Order(1)[0]);
    }

    [Fact]
    public void ConcurrentUseGivesTheSameBatches()
    {
        var sampler = new BatchSampler(500, 16, seed: 3);
        var expected = Enumerable.Range(0, 8).Select(e => new BatchSampler(500, 16, seed: 3).Epoch(e).ToList()).ToList();
        Parallel.For(0, 64, i =>
        {
            var epoch = i % 8;
            var index = i % sampler.BatchesPerEpoch;
            Assert.Equal(expected[epoch][index], sampler.Batch(epoch, index));
        });
    }

    [Fact]
    public void FirstPositionIsRoughlyUniform()
    {
        // Over 2,000 epochs of 10 items each item should come first about 200 times (σ ≈ 13.4).
        var sampler = new BatchSampler(10, 1, seed: 11);
        var firsts = new int[10];
        for (var e = 0; e < 2000; e++) firsts[sampler.Batch(e, 0)[0]]++;
        Assert.All(firsts, n => Assert.InRange(n, 200 - 60, 200 + 60));
    }

    [Fact]
    public void BadArgumentsAreNamed()
    {
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(10, 0, 1)).ParamName);
        Assert.Equal("batchSize", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(10, -3, 1)).ParamName);
        Assert.Contains("larger than the dataset (10 items)", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(10, 11, 1)).Message);
        Assert.Equal(1, new BatchSampler(10, 11, 1, dropLast: false).BatchesPerEpoch);
        Assert.Equal("count", Assert.Throws<ArgumentOutOfRangeException>(() => new BatchSampler(0, 1, 1)).ParamName);
        var sampler = new BatchSampler(10, 3, 1);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Batch(0, 3)).ParamName);
        Assert.Equal("index", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Batch(0, -1)).ParamName);
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Batch(-1, 0)).ParamName);
        Assert.Equal("epoch", Assert.Throws<ArgumentOutOfRangeException>(() => sampler.Epoch(-1)).ParamName);
    }
}
