using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Distributed;

/// <summary>
/// The collective calls on TorchSharp tensors (any device, float32/float64/int32/int64; bytes for broadcasts): the
/// data goes through a contiguous CPU copy unless the tensor is one already, in which case the call works on its
/// memory directly (<c>Tensor.bytes</c>).
/// </summary>
public static class CollectiveTensors
{
    /// <summary>Reduces <paramref name="tensor"/> in place over all ranks (e.g. gradients: <see cref="ReduceOperation.Sum"/>).</summary>
    public static void AllReduce(this ICollective collective, Tensor tensor, ReduceOperation operation = ReduceOperation.Sum)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(tensor);
        if (collective.WorldSize == 1 || tensor.numel() == 0) return;
        using var noGrad = no_grad();
        OnHostMemory(tensor, bytes =>
        {
            switch (tensor.dtype)
            {
                case ScalarType.Float32: collective.AllReduce(MemoryMarshal.Cast<byte, float>(bytes), operation); break;
                case ScalarType.Float64: collective.AllReduce(MemoryMarshal.Cast<byte, double>(bytes), operation); break;
                case ScalarType.Int32: collective.AllReduce(MemoryMarshal.Cast<byte, int>(bytes), operation); break;
                case ScalarType.Int64: collective.AllReduce(MemoryMarshal.Cast<byte, long>(bytes), operation); break;
                default: throw new NotSupportedException($"all-reduce of {tensor.dtype} tensors: expected float32, float64, int32 or int64");
            }
        });
    }

    /// <summary>Copies rank <paramref name="root"/>'s <paramref name="tensor"/> into every other rank's (same shape and dtype everywhere).</summary>
    public static void Broadcast(this ICollective collective, Tensor tensor, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(tensor);
        if (collective.WorldSize == 1 || tensor.numel() == 0) return;
        using var noGrad = no_grad();
        OnHostMemory(tensor, bytes => collective.Broadcast(bytes, root));
    }

    /// <summary>
    /// Every rank's <paramref name="tensor"/> concatenated along dim 0 in rank order: [WorldSize · N, …] from [N, …]
    /// (a new tensor on the input's device, without autograd; see <see cref="AllGatherWithGradient"/>). Ranks whose
    /// shapes or dtypes differ get an <see cref="ArgumentException"/> on every rank, naming them, instead of a hang.
    /// </summary>
    public static Tensor AllGather(this ICollective collective, Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.dim() == 0) throw new ArgumentException("all-gather concatenates along dim 0: expected a tensor of at least one dimension", nameof(tensor));
        using var noGrad = no_grad();
        if (collective.WorldSize == 1) return tensor.detach().clone();
        CheckSameLayout(collective, tensor);
        using var scope = NewDisposeScope();
        var send = tensor.detach().cpu().contiguous();
        var shape = tensor.shape.ToArray();
        shape[0] *= collective.WorldSize;
        var gathered = empty(shape, tensor.dtype);
        collective.AllGather(send.bytes, gathered.bytes);
        return (tensor.device_type == DeviceType.CPU ? gathered : gathered.to(tensor.device)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <see cref="AllGather"/> with autograd: the result backpropagates into <paramref name="tensor"/>. The backward
    /// all-reduces (sums) the gradient of the gathered tensor over ranks and keeps this rank's rows, so
    /// <paramref name="tensor"/> gets the gradient of every rank's loss with respect to its rows. When every rank
    /// computes the same loss from the gathered tensor (a global-batch loss), that is WorldSize times the loss's own
    /// gradient, which a mean of the parameter gradients over ranks (as data-parallel training takes) turns back into
    /// it; <paramref name="averageGradient"/> divides by WorldSize in the backward instead.
    /// </summary>
    public static Tensor AllGatherWithGradient(this ICollective collective, Tensor tensor, bool averageGradient = false)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(tensor);
        return AllGatherFunction.apply(tensor, new AllGatherFunction.Settings(collective, averageGradient));
    }

    /// <summary>Averages the gradients of <paramref name="parameters"/> over ranks in one all-reduce (parameters without a gradient are skipped, the same on every rank).</summary>
    public static void AverageGradients(this ICollective collective, IEnumerable<Tensor> parameters) =>
        ReduceGradients(collective, parameters, average: true);

    /// <summary>Sums the gradients of <paramref name="parameters"/> over ranks in one all-reduce.</summary>
    public static void SumGradients(this ICollective collective, IEnumerable<Tensor> parameters) =>
        ReduceGradients(collective, parameters, average: false);

    private static void ReduceGradients(ICollective collective, IEnumerable<Tensor> parameters, bool average)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(parameters);
        if (collective.WorldSize == 1) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var grads = parameters.Select(p => p.grad).Where(g => g is not null).Select(g => g!).ToList();
        if (grads.Count == 0) return;
        // One buffer per dtype: a single large all-reduce costs one latency, not one per parameter.
        foreach (var group in grads.GroupBy(g => g.dtype))
        {
            var list = group.ToList();
            var flat = cat(list.Select(g => g.reshape(-1)).ToList(), 0);
            collective.AllReduce(flat, ReduceOperation.Sum);
            if (average) flat.div_(collective.WorldSize);
            long offset = 0;
            foreach (var g in list)
            {
                var n = g.numel();
                g.copy_(flat.narrow(0, offset, n).view(g.shape));
                offset += n;
            }
        }
    }

    /// <summary>Broadcasts every tensor of <paramref name="tensors"/> from rank <paramref name="root"/>, packed per dtype into one buffer.</summary>
    public static void Broadcast(this ICollective collective, IEnumerable<Tensor> tensors, int root = 0)
    {
        ArgumentNullException.ThrowIfNull(collective);
        ArgumentNullException.ThrowIfNull(tensors);
        if (collective.WorldSize == 1) return;
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var group in tensors.Where(t => t.numel() > 0).GroupBy(t => t.dtype))
        {
            var list = group.ToList();
            var flat = cat(list.Select(t => t.reshape(-1)).ToList(), 0);
            collective.Broadcast(flat, root);
            long offset = 0;
            foreach (var t in list)
            {
                var n = t.numel();
                t.copy_(flat.narrow(0, offset, n).view(t.shape));
                offset += n;
            }
        }
    }

    // Runs `action` on the bytes of a contiguous CPU tensor holding `tensor`'s data, and copies them back if that was a copy.
    private static void OnHostMemory(Tensor tensor, SpanAction action)
    {
        if (tensor.device_type == DeviceType.CPU && tensor.is_contiguous())
        {
            action(tensor.bytes);
            return;
        }
        using var host = tensor.detach().cpu().contiguous();
        action(host.bytes);
        tensor.copy_(host);
    }

    private delegate void SpanAction(Span<byte> bytes);

    // The ranks' shapes and dtypes, compared before the gather itself (whose buffers must match in size).
    private static void CheckSameLayout(ICollective collective, Tensor tensor)
    {
        const int Slots = 9; // dtype, dims, up to 7 sizes
        Span<long> mine = stackalloc long[Slots];
        mine.Clear();
        mine[0] = (long)tensor.dtype;
        mine[1] = tensor.dim();
        for (var d = 0; d < Math.Min(7, tensor.dim()); d++) mine[2 + d] = tensor.size(d);
        var all = new long[Slots * collective.WorldSize];
        collective.AllGather(MemoryMarshal.AsBytes(mine), MemoryMarshal.AsBytes(all.AsSpan()));
        var layouts = Enumerable.Range(0, collective.WorldSize).Select(r => all.AsSpan(r * Slots, Slots).ToArray()).ToList();
        if (layouts.All(l => l.AsSpan().SequenceEqual(layouts[0])) && tensor.dim() <= 7) return;
        var described = layouts.Select((l, r) => $"rank {r}: {(ScalarType)l[0]} [{string.Join(", ", l.Skip(2).Take((int)l[1]))}]");
        throw new ArgumentException($"all-gather needs the same dtype and shape on every rank (at most 7 dims); got {string.Join("; ", described)}", nameof(tensor));
    }
}
