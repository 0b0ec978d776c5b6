using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Display;

/// <summary>
/// What a display shows of a tensor: its metadata and its formatted values, summarised as PyTorch prints them
/// (torch/_tensor_str.py): above 1000 elements, every dimension longer than 6 keeps its first and last 3 entries.
/// Only those entries are copied out of libtorch, so a preview of a huge tensor stays cheap; every temporary
/// tensor lives in a dispose scope, so reading a preview leaves the live tensor count unchanged.
/// </summary>
internal sealed class TensorPreview
{
    /// <summary>torch's print threshold: tensors with more elements are summarised.</summary>
    public const long Threshold = 1000;

    /// <summary>torch's edgeitems: entries kept at each end of a summarised dimension.</summary>
    public const int EdgeItems = 3;

    private TensorPreview(long[] shape, ScalarType dtype, Device device, bool requiresGrad, bool[] elided, FormattedCells cells)
    {
        Shape = shape;
        DType = dtype;
        Device = device;
        RequiresGrad = requiresGrad;
        Elided = elided;
        Cells = cells.Cells;
        Width = cells.Width;
        Kept = shape.Select((size, d) => elided[d] ? 2 * EdgeItems : (int)size).ToArray();
    }

    /// <summary>The tensor's shape.</summary>
    public long[] Shape { get; }

    /// <summary>The tensor's element type.</summary>
    public ScalarType DType { get; }

    /// <summary>The tensor's device.</summary>
    public Device Device { get; }

    /// <summary>Whether autograd records operations on the tensor.</summary>
    public bool RequiresGrad { get; }

    /// <summary>Per dimension: true when only its first and last <see cref="EdgeItems"/> entries are shown.</summary>
    public bool[] Elided { get; }

    /// <summary>Per dimension: how many entries the preview holds (2 × <see cref="EdgeItems"/> when elided).</summary>
    public int[] Kept { get; }

    /// <summary>The previewed values in C order over <see cref="Kept"/>, formatted as torch does and padded to one width.</summary>
    public string[] Cells { get; }

    /// <summary>The width the cells are padded to (torch's max_width).</summary>
    public int Width { get; }

    /// <summary>Number of elements of the whole tensor.</summary>
    public long NumElements => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>True when some dimension is elided.</summary>
    public bool Summarized => Elided.Any(e => e);

    /// <summary>Reads the preview of <paramref name="tensor"/> (which must not be disposed).</summary>
    public static TensorPreview Read(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var shape = tensor.shape;
        var dtype = tensor.dtype;
        var device = tensor.device;
        var requiresGrad = tensor.requires_grad;
        var summarize = shape.Aggregate(1L, (a, b) => a * b) > Threshold;
        var elided = shape.Select(size => summarize && size > 2 * EdgeItems).ToArray();
        var values = Summarize(tensor.detach(), 0, elided);
        FormattedCells cells;
        if (is_floating_point(dtype)) cells = TorchNumberFormat.Floats(TensorData.ToArray<double>(values));
        else if (dtype == ScalarType.Bool) cells = TorchNumberFormat.Booleans(TensorData.ToArray<bool>(values));
        else cells = TorchNumberFormat.Integers(TensorData.ToArray<long>(values));
        return new TensorPreview(shape, dtype, device, requiresGrad, elided, cells);
    }

    // Narrows every later dimension before concatenating the two ends of this one, so each copy is of kept entries
    // only: a [10, 10⁸] tensor copies 36 values, not 6 × 10⁸.
    private static Tensor Summarize(Tensor t, int dim, bool[] elided)
    {
        if (dim == elided.Length) return t;
        if (!elided[dim]) return Summarize(t, dim + 1, elided);
        var size = t.size(dim);
        var head = Summarize(t.narrow(dim, 0, EdgeItems), dim + 1, elided);
        var tail = Summarize(t.narrow(dim, size - EdgeItems, EdgeItems), dim + 1, elided);
        return cat([head, tail], dim);
    }
}
