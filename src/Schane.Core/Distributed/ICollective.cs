namespace Schane.Core.Distributed;

/// <summary>
/// The collective operations data-parallel training needs, over the processes ("ranks") of one job: what the trainer
/// and <see cref="DistributedContrastiveLoss"/> talk to, so that neither knows which engine (MPI, or none) carries
/// them. Every rank must make the same calls in the same order with buffers of the same size (as in MPI); a call on
/// one rank waits until every rank has made it. <see cref="SingleProcess"/> is the one-process implementation; the
/// MPI one is <c>Schane.Distributed.MpiCollective</c>. Tensor forms of these calls are in <see cref="CollectiveTensors"/>.
/// </summary>
public interface ICollective
{
    /// <summary>This process's rank, 0 … <see cref="WorldSize"/> − 1.</summary>
    int Rank { get; }

    /// <summary>How many ranks the job has.</summary>
    int WorldSize { get; }

    /// <summary>Replaces <paramref name="data"/> on every rank by the element-wise reduction of all ranks' data.</summary>
    /// <typeparam name="T">float, double, int or long.</typeparam>
    void AllReduce<T>(Span<T> data, ReduceOperation operation) where T : unmanaged;

    /// <summary>
    /// Every rank's <paramref name="send"/> (all of the same length), concatenated in rank order into
    /// <paramref name="receive"/> (WorldSize × send.Length bytes).
    /// </summary>
    void AllGather(ReadOnlySpan<byte> send, Span<byte> receive);

    /// <summary>Copies <paramref name="data"/> of rank <paramref name="root"/> into <paramref name="data"/> of every other rank.</summary>
    void Broadcast(Span<byte> data, int root = 0);

    /// <summary>Returns once every rank has called it.</summary>
    void Barrier();
}
