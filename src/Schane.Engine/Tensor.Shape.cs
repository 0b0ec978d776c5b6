using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Views, joining and splitting, indexing, sorting.
public sealed unsafe partial class Tensor
{
    private delegate IntPtr ShapeOp(IntPtr x, long* dims, int ndim);

    private Tensor WithShape(ShapeOp op, ReadOnlySpan<long> shape, string call)
    {
        fixed (long* p = shape) return Wrap(op(Handle, p, shape.Length), call);
    }

    /// <summary>Same data in a new shape, copying only when needed; one size may be −1 (torch.reshape).</summary>
    public Tensor Reshape(params ReadOnlySpan<long> shape) => WithShape(sch_reshape, shape, nameof(Reshape));
    /// <summary>A view with a new shape; the tensor must be compatible (Tensor.view).</summary>
    public Tensor View(params ReadOnlySpan<long> shape) => WithShape(sch_view, shape, nameof(View));
    /// <summary>Reorders dimensions (torch.permute).</summary>
    public Tensor Permute(params ReadOnlySpan<long> dims) => WithShape(sch_permute, dims, nameof(Permute));
    /// <summary>Broadcasts size-1 dimensions to <paramref name="shape"/> without copying; −1 keeps a size (Tensor.expand).</summary>
    public Tensor Expand(params ReadOnlySpan<long> shape) => WithShape(sch_expand, shape, nameof(Expand));
    /// <summary>Tiles the tensor (Tensor.repeat).</summary>
    public Tensor Repeat(params ReadOnlySpan<long> repeats) => WithShape(sch_repeat, repeats, nameof(Repeat));
    /// <summary>Reverses the order along <paramref name="dims"/> (torch.flip).</summary>
    public Tensor Flip(params ReadOnlySpan<long> dims) => WithShape(sch_flip, dims, nameof(Flip));

    /// <summary>Swaps two dimensions (torch.transpose).</summary>
    public Tensor Transpose(int dim0, int dim1) => Wrap(sch_transpose(Handle, dim0, dim1));
    /// <summary>Transpose of a 2-D tensor (Tensor.T / Tensor.t()).</summary>
    public Tensor T => Wrap(sch_transpose(Handle, 0, 1));
    /// <summary>Removes all size-1 dimensions, or only <paramref name="dim"/> (torch.squeeze).</summary>
    public Tensor Squeeze(int? dim = null) => Wrap(sch_squeeze(Handle, dim ?? 0, dim.HasValue ? 1 : 0));
    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/> (torch.unsqueeze).</summary>
    public Tensor Unsqueeze(int dim) => Wrap(sch_unsqueeze(Handle, dim));
    /// <summary>Flattens dimensions start … end into one (torch.flatten).</summary>
    public Tensor Flatten(int startDim = 0, int endDim = -1) => Wrap(sch_flatten(Handle, startDim, endDim));
    /// <summary>The slice [start, start + length) along <paramref name="dim"/> as a view (torch.narrow).</summary>
    public Tensor Narrow(int dim, long start, long length) => Wrap(sch_narrow(Handle, dim, start, length));
    /// <summary>x[start:end:step] along <paramref name="dim"/> as a view; bounds are clipped as in Python.</summary>
    public Tensor Slice(int dim, long start, long end, long step = 1) => Wrap(sch_slice(Handle, dim, start, end, step));
    /// <summary>The sub-tensor at <paramref name="index"/> along <paramref name="dim"/>, dropping that dimension (torch.select).</summary>
    public Tensor Select(int dim, long index) => Wrap(sch_select(Handle, dim, index));
    /// <summary>x[i]: the sub-tensor at index <paramref name="index"/> of the first dimension.</summary>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public Tensor this[long index] => Wrap(sch_select(Handle, 0, index), "Index");
    /// <summary>x[mask] (boolean) or x[indices] (int64 along dim 0): advanced indexing, a copy.</summary>
    [System.Runtime.CompilerServices.IndexerName("Index")]
    public Tensor this[Tensor index] => Wrap(sch_index(Handle, index.Handle), "Index");
    /// <summary>x[index] = value in place, broadcasting value (Tensor.index_put_).</summary>
    public Tensor IndexPut_(Tensor index, Tensor value)
    {
        NativeError.Check(sch_index_put_(Handle, index.Handle, value.Handle));
        return this;
    }
    /// <summary>The diagonal (torch.diagonal).</summary>
    public Tensor Diagonal(long offset = 0) => Wrap(sch_diagonal(Handle, offset));
    /// <summary>Lower triangle (torch.tril).</summary>
    public Tensor Tril(long diagonal = 0) => Wrap(sch_tril(Handle, diagonal));
    /// <summary>Upper triangle (torch.triu).</summary>
    public Tensor Triu(long diagonal = 0) => Wrap(sch_triu(Handle, diagonal));
    /// <summary>Rotates elements along <paramref name="dim"/> (torch.roll).</summary>
    public Tensor Roll(long shift, int dim) => Wrap(sch_roll(Handle, shift, dim));

    /// <summary>Splits into <paramref name="chunks"/> near-equal parts (the last may be smaller, and fewer may come back; torch.chunk).</summary>
    public Tensor[] Chunk(int chunks, int dim = 0) => TakeList(sch_chunk(Handle, chunks, dim), nameof(Chunk));
    /// <summary>Splits into parts of <paramref name="size"/> along <paramref name="dim"/> (torch.split).</summary>
    public Tensor[] Split(long size, int dim = 0) => TakeList(sch_split(Handle, size, dim), nameof(Split));
    /// <summary>Splits into parts of the given sizes (torch.split with a list).</summary>
    public Tensor[] Split(ReadOnlySpan<long> sizes, int dim = 0)
    {
        fixed (long* p = sizes) return TakeList(sch_split_sizes(Handle, p, sizes.Length, dim), nameof(Split));
    }
    /// <summary>Removes <paramref name="dim"/>, returning its slices (torch.unbind).</summary>
    public Tensor[] Unbind(int dim = 0) => TakeList(sch_unbind(Handle, dim), nameof(Unbind));

    /// <summary>Takes ownership of every tensor in a shim tensor list and frees the list.</summary>
    internal static Tensor[] TakeList(IntPtr list, string call)
    {
        NativeError.Check(list, call, "Tensor");
        try
        {
            var result = new Tensor[sch_list_size(list)];
            for (var i = 0; i < result.Length; i++) result[i] = new Tensor(sch_list_take(list, i));
            return result;
        }
        finally
        {
            sch_list_free(list);
        }
    }

    /// <summary>Rows (or slices along <paramref name="dim"/>) at <paramref name="index"/> (torch.index_select).</summary>
    public Tensor IndexSelect(int dim, Tensor index) => Wrap(sch_index_select(Handle, dim, index.Handle));
    /// <summary>out[i][j] = this[i][index[i][j]] for dim 1, and so on (torch.gather).</summary>
    public Tensor Gather(int dim, Tensor index) => Wrap(sch_gather(Handle, dim, index.Handle));
    /// <summary>A copy with src written at index along dim (torch.scatter).</summary>
    public Tensor Scatter(int dim, Tensor index, Tensor source) => Wrap(sch_scatter(Handle, dim, index.Handle, source.Handle));
    /// <summary>A copy with value written at index along dim (torch.scatter with a scalar).</summary>
    public Tensor Scatter(int dim, Tensor index, double value) => Wrap(sch_scatter_value(Handle, dim, index.Handle, value, 0, 0));
    /// <summary>A copy with src added at index along dim (torch.scatter_add).</summary>
    public Tensor ScatterAdd(int dim, Tensor index, Tensor source) => Wrap(sch_scatter_add(Handle, dim, index.Handle, source.Handle));
    /// <summary>The elements where <paramref name="mask"/> is true, as a 1-D tensor (torch.masked_select).</summary>
    public Tensor MaskedSelect(Tensor mask) => Wrap(sch_masked_select(Handle, mask.Handle));
    /// <summary>Indices of nonzero elements, [count, dim] (torch.nonzero).</summary>
    public Tensor Nonzero() => Wrap(sch_nonzero(Handle));

    /// <summary>The k largest (or smallest) values and their indices along <paramref name="dim"/> (torch.topk).</summary>
    public (Tensor Values, Tensor Indices) TopK(long k, int dim = -1, bool largest = true, bool sorted = true)
    {
        IntPtr values, indices;
        NativeError.Check(sch_topk(Handle, k, dim, largest ? 1 : 0, sorted ? 1 : 0, &values, &indices));
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Sorted values and the permutation that sorts (torch.sort).</summary>
    public (Tensor Values, Tensor Indices) Sort(int dim = -1, bool descending = false)
    {
        IntPtr values, indices;
        NativeError.Check(sch_sort(Handle, dim, descending ? 1 : 0, &values, &indices));
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>The permutation that sorts along <paramref name="dim"/> (torch.argsort).</summary>
    public Tensor Argsort(int dim = -1, bool descending = false) => Wrap(sch_argsort(Handle, dim, descending ? 1 : 0));

    /// <summary>One-hot encoding of int64 class indices (torch.nn.functional.one_hot); −1 infers the class count.</summary>
    public Tensor OneHot(long numClasses = -1) => Wrap(sch_one_hot(Handle, numClasses));

    /// <summary>Counts of each value in a 1-D non-negative int64 tensor (torch.bincount).</summary>
    public Tensor Bincount(long minLength = 0) => Wrap(sch_bincount(Handle, minLength));
}
