namespace Schane.Core.Data;

/// <summary>
/// Shuffled mini-batches of dataset indices (torch.utils.data.RandomSampler inside a BatchSampler, as a DataLoader
/// with shuffle=True and a seeded generator draws them). Stateless: the permutation of an epoch depends only on
/// (seed, epoch), so a run resumed at any epoch and batch gets exactly the batches it would have had. The current
/// epoch's permutation is cached; safe to use from several threads.
/// </summary>
public sealed class BatchSampler
{
    private sealed record Permutation(int Epoch, long[] Indices);

    private Permutation? cached;

    /// <summary>
    /// Batches of <paramref name="batchSize"/> indices out of 0 … <paramref name="count"/> − 1, shuffled by
    /// <paramref name="seed"/>. With <paramref name="dropLast"/> (DataLoader's drop_last) a last, smaller batch is left
    /// out, so every batch has the same size; without it, the last batch holds the remainder.
    /// </summary>
    public BatchSampler(long count, int batchSize, int seed, bool dropLast = true)
    {
        if (count <= 0 || count > Array.MaxLength)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"expected a dataset of 1 to {Array.MaxLength} items");
        if (batchSize <= 0) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "expected a batch size of at least 1");
        if (dropLast && batchSize > count)
            throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize,
                $"the batch size is larger than the dataset ({count} items): with dropLast every batch would be dropped");
        Count = count;
        BatchSize = batchSize;
        Seed = seed;
        DropLast = dropLast;
    }

    /// <summary>How many indices are drawn from (len(dataset) of the RandomSampler).</summary>
    public long Count { get; }

    /// <summary>Indices per batch (DataLoader's batch_size; the last batch may have fewer unless <see cref="DropLast"/>).</summary>
    public int BatchSize { get; }

    /// <summary>The seed every epoch's permutation derives from (the seed of DataLoader's generator, reseeded per epoch).</summary>
    public int Seed { get; }

    /// <summary>Whether the incomplete last batch is left out (DataLoader's drop_last).</summary>
    public bool DropLast { get; }

    /// <summary>Batches in each epoch (len(data_loader)).</summary>
    public int BatchesPerEpoch => (int)(DropLast ? Count / BatchSize : (Count + BatchSize - 1) / BatchSize);

    /// <summary>
    /// The indices of batch <paramref name="index"/> (0 … BatchesPerEpoch − 1) of epoch <paramref name="epoch"/> (≥ 0):
    /// the index-th slice of the epoch's permutation. A new array each call.
    /// </summary>
    public long[] Batch(int epoch, int index)
    {
        if ((uint)index >= (uint)BatchesPerEpoch)
            throw new ArgumentOutOfRangeException(nameof(index), index, $"expected a batch index in 0–{BatchesPerEpoch - 1}");
        var permutation = Permute(epoch);
        var start = (long)index * BatchSize;
        return permutation.AsSpan((int)start, (int)Math.Min(BatchSize, Count - start)).ToArray();
    }

    /// <summary>The batches of epoch <paramref name="epoch"/> in order (iterating a DataLoader once).</summary>
    public IEnumerable<long[]> Epoch(int epoch)
    {
        Permute(epoch); // checks the epoch now rather than at the first MoveNext
        return Batches(epoch);
    }

    private IEnumerable<long[]> Batches(int epoch)
    {
        for (var i = 0; i < BatchesPerEpoch; i++) yield return Batch(epoch, i);
    }

    /// <summary>
    /// The whole permutation of epoch <paramref name="epoch"/>, of which the batches are consecutive slices
    /// (torch.randperm(count) under a per-epoch seed). A new array each call.
    /// </summary>
    public long[] Order(int epoch) => Permute(epoch).ToArray();

    // The cached permutation itself: callers must not change it.
    private long[] Permute(int epoch)
    {
        if (epoch < 0) throw new ArgumentOutOfRangeException(nameof(epoch), epoch, "expected an epoch ≥ 0");
        var current = Volatile.Read(ref cached);
        if (current?.Epoch == epoch) return current.Indices;
        // Fisher–Yates from the epoch's own stream.
        var indices = new long[Count];
        for (var i = 0; i < indices.Length; i++) indices[i] = i;
        var random = new CounterRandom(Seed, epoch);
        for (var i = indices.Length - 1; i > 0; i--)
        {
            var j = random.Below(i + 1);
            (indices[i], indices[j]) = (indices[j], indices[i]);
        }
        Volatile.Write(ref cached, new Permutation(epoch, indices));
        return indices;
    }
}
