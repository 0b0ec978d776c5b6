using System.Runtime.InteropServices;
using Schane.Core.Distributed;

namespace Schane.Distributed;

/// <summary>
/// <see cref="ICollective"/> over MPI_COMM_WORLD of Open MPI: the process's rank and size from MPI, all-reduce,
/// all-gather, broadcast and barrier as MPI calls on the caller's memory. MPI is initialised once per process
/// (MPI_THREAD_SERIALIZED: calls may come from any thread, one at a time, which a lock ensures) and finalised by
/// <see cref="Dispose"/>. Errors return as <see cref="MpiException"/> rather than aborting the job; a rank that dies
/// ends the whole job (mpirun kills the others and names it).
/// </summary>
public sealed unsafe class MpiCollective : ICollective, IDisposable
{
    private static readonly Lock InitLock = new();
    private static MpiCollective? current;

    private readonly Lock callLock = new();
    private readonly nint world, byteType, floatType, doubleType, intType, longType, sum, max, min;
    private bool disposed;

    private MpiCollective()
    {
        var library = OpenMpiNative.Load();
        nint Handle(string name) => NativeLibrary.TryGetExport(library, name, out var address) ? address
            : throw new EntryPointNotFoundException($"{OpenMpiNative.Library} has no '{name}': not Open MPI (this binding reads Open MPI's handles)");
        world = Handle("ompi_mpi_comm_world");
        byteType = Handle("ompi_mpi_byte");
        floatType = Handle("ompi_mpi_float");
        doubleType = Handle("ompi_mpi_double");
        intType = Handle("ompi_mpi_int");
        longType = Handle("ompi_mpi_int64_t");
        sum = Handle("ompi_mpi_op_sum");
        max = Handle("ompi_mpi_op_max");
        min = Handle("ompi_mpi_op_min");
        Check(OpenMpiNative.MPI_Initialized(out var initialized), "MPI_Initialized");
        if (initialized == 0)
        {
            Check(OpenMpiNative.MPI_Init_thread(0, 0, OpenMpiNative.ThreadSerialized, out var provided), "MPI_Init_thread");
            if (provided < OpenMpiNative.ThreadSerialized)
                throw new InvalidOperationException($"this MPI gives thread level {provided}; the trainer needs MPI_THREAD_SERIALIZED (2)");
        }
        Check(OpenMpiNative.MPI_Comm_set_errhandler(world, Handle("ompi_mpi_errors_return")), "MPI_Comm_set_errhandler");
        Check(OpenMpiNative.MPI_Comm_rank(world, out var rank), "MPI_Comm_rank");
        Check(OpenMpiNative.MPI_Comm_size(world, out var size), "MPI_Comm_size");
        Rank = rank;
        WorldSize = size;
    }

    /// <summary>
    /// Initialises MPI (once per process) and returns the world's collective; later calls return the same one until
    /// it is disposed (MPI cannot be initialised twice in a process).
    /// </summary>
    public static MpiCollective Initialize()
    {
        lock (InitLock)
        {
            if (current is { disposed: false }) return current;
            if (current is { disposed: true }) throw new InvalidOperationException("MPI was finalised in this process; it cannot be initialised again");
            return current = new MpiCollective();
        }
    }

    /// <inheritdoc/>
    public int Rank { get; }

    /// <inheritdoc/>
    public int WorldSize { get; }

    /// <inheritdoc/>
    public void AllReduce<T>(Span<T> data, ReduceOperation operation) where T : unmanaged
    {
        var type = typeof(T) == typeof(float) ? floatType : typeof(T) == typeof(double) ? doubleType
            : typeof(T) == typeof(int) ? intType : typeof(T) == typeof(long) ? longType
            : throw new NotSupportedException($"all-reduce of {typeof(T).Name}: expected float, double, int or long");
        var op = operation switch
        {
            ReduceOperation.Sum => sum,
            ReduceOperation.Max => max,
            ReduceOperation.Min => min,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, null),
        };
        lock (callLock)
        {
            ThrowIfDisposed();
            fixed (T* pointer = data)
                for (long offset = 0; offset < data.Length; offset += int.MaxValue)
                {
                    var count = (int)Math.Min(int.MaxValue, data.Length - offset);
                    Check(OpenMpiNative.MPI_Allreduce(OpenMpiNative.InPlace, pointer + offset, count, type, op, world), "MPI_Allreduce");
                }
        }
    }

    /// <inheritdoc/>
    public void AllGather(ReadOnlySpan<byte> send, Span<byte> receive)
    {
        if (receive.Length != (long)send.Length * WorldSize)
            throw new ArgumentException($"receive has {receive.Length} bytes; gathering {send.Length} from each of {WorldSize} ranks needs {(long)send.Length * WorldSize}", nameof(receive));
        lock (callLock)
        {
            ThrowIfDisposed();
            fixed (byte* sendPointer = send)
            fixed (byte* receivePointer = receive)
                Check(OpenMpiNative.MPI_Allgather(sendPointer, send.Length, byteType, receivePointer, send.Length, byteType, world), "MPI_Allgather");
        }
    }

    /// <inheritdoc/>
    public void Broadcast(Span<byte> data, int root = 0)
    {
        if ((uint)root >= (uint)WorldSize) throw new ArgumentOutOfRangeException(nameof(root), root, $"expected a rank in 0–{WorldSize - 1}");
        lock (callLock)
        {
            ThrowIfDisposed();
            fixed (byte* pointer = data)
                for (long offset = 0; offset < data.Length; offset += int.MaxValue)
                {
                    var count = (int)Math.Min(int.MaxValue, data.Length - offset);
                    Check(OpenMpiNative.MPI_Bcast(pointer + offset, count, byteType, root, world), "MPI_Bcast");
                }
        }
    }

    /// <inheritdoc/>
    public void Barrier()
    {
        lock (callLock)
        {
            ThrowIfDisposed();
            Check(OpenMpiNative.MPI_Barrier(world), "MPI_Barrier");
        }
    }

    /// <summary>
    /// Ends the whole job now (MPI_Abort): for an error on one rank, which would otherwise leave the others waiting in
    /// their next collective call. mpirun prints which rank aborted with which code.
    /// </summary>
    public void Abort(int errorCode)
    {
        OpenMpiNative.MPI_Abort(world, errorCode);
        Environment.Exit(errorCode); // MPI_Abort does not return; this is in case the MPI did
    }

    /// <summary>Finalises MPI (every rank must call it; it waits for the others).</summary>
    public void Dispose()
    {
        lock (callLock)
        {
            if (disposed) return;
            disposed = true;
            if (OpenMpiNative.MPI_Finalized(out var finalized) == OpenMpiNative.Success && finalized == 0) OpenMpiNative.MPI_Finalize();
        }
    }

    /// <inheritdoc/>
    public override string ToString() => $"MPI rank {Rank} of {WorldSize}";

    private void ThrowIfDisposed() => ObjectDisposedException.ThrowIf(disposed, this);

    private static void Check(int code, string call)
    {
        if (code != OpenMpiNative.Success) throw new MpiException(call, code);
    }
}
