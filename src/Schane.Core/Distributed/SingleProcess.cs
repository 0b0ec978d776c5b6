namespace Schane.Core.Distributed;

/// <summary>
/// The collective of a job with one process: rank 0 of 1, where every reduction, gather and broadcast returns its
/// input. What the trainer uses unless it is given another.
/// </summary>
public sealed class SingleProcess : ICollective
{
    private SingleProcess() { }

    /// <summary>The one instance (it has no state).</summary>
    public static SingleProcess Instance { get; } = new();

    /// <inheritdoc/>
    public int Rank => 0;

    /// <inheritdoc/>
    public int WorldSize => 1;

    /// <inheritdoc/>
    public void AllReduce<T>(Span<T> data, ReduceOperation operation) where T : unmanaged { }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> send, Span<byte> receive)
    {
        if (receive.Length != send.Length)
            throw new ArgumentException($"receive has {receive.Length} bytes; one rank's gather needs exactly {send.Length}", nameof(receive));
        send.CopyTo(receive);
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root = 0)
    {
        if (root != 0) throw new ArgumentOutOfRangeException(nameof(root), root, "a single process has only rank 0");
    }

    /// <inheritdoc/>
    public void Barrier() { }

    /// <inheritdoc/>
    public override string ToString() => "single process";
}
