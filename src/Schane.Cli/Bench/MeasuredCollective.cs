using System.Diagnostics;
using System.Runtime.InteropServices;
using Schane.Core.Distributed;

namespace Schane.Cli.Bench;

/// <summary>
/// A collective that forwards to another and measures it: time spent inside each kind of call (which includes
/// waiting for slower ranks) and the bytes handed to it, for `bench distributed`.
/// </summary>
internal sealed class MeasuredCollective(ICollective inner) : ICollective
{
    private readonly Stopwatch clock = new();

    public int Rank => inner.Rank;
    public int WorldSize => inner.WorldSize;

    /// <summary>Seconds inside collective calls since the last <see cref="Reset"/>.</summary>
    public double Seconds => clock.Elapsed.TotalSeconds;

    /// <summary>Bytes reduced by all-reduce calls (the buffer sizes).</summary>
    public long AllReduceBytes { get; private set; }

    /// <summary>Bytes received by all-gather calls (every rank's part).</summary>
    public long AllGatherBytes { get; private set; }

    /// <summary>Bytes broadcast.</summary>
    public long BroadcastBytes { get; private set; }

    /// <summary>Collective calls made.</summary>
    public long Calls { get; private set; }

    public void Reset()
    {
        clock.Reset();
        AllReduceBytes = AllGatherBytes = BroadcastBytes = Calls = 0;
    }

    public void AllReduce<T>(Span<T> data, ReduceOperation operation) where T : unmanaged
    {
        AllReduceBytes += MemoryMarshal.AsBytes(data).Length;
        Calls++;
        clock.Start();
        try { inner.AllReduce(data, operation); }
        finally { clock.Stop(); }
    }

    public void AllGather(ReadOnlySpan<byte> send, Span<byte> receive)
    {
        AllGatherBytes += receive.Length;
        Calls++;
        clock.Start();
        try { inner.AllGather(send, receive); }
        finally { clock.Stop(); }
    }

    public void Broadcast(Span<byte> data, int root = 0)
    {
        BroadcastBytes += data.Length;
        Calls++;
        clock.Start();
        try { inner.Broadcast(data, root); }
        finally { clock.Stop(); }
    }

    public void Barrier()
    {
        Calls++;
        clock.Start();
        try { inner.Barrier(); }
        finally { clock.Stop(); }
    }
}
