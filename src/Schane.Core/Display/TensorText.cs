using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Display;

/// <summary>
/// PyTorch's repr of a tensor (torch/_tensor_str.py with the default print options: precision 4, threshold 1000,
/// edgeitems 3, linewidth 80), e.g. <c>tensor([[1.0000, 2.5000]], dtype=torch.float64, requires_grad=True)</c>.
/// A tensor that is not a leaf is marked requires_grad=True where torch names its grad_fn, which TorchSharp does not
/// expose by name.
/// </summary>
internal static class TensorText
{
    private const string Prefix = "tensor(";
    private const int LineWidth = 80;

    /// <summary>The repr of the tensor that <paramref name="preview"/> was read from.</summary>
    public static string Repr(TensorPreview preview)
    {
        var indent = Prefix.Length;
        var suffixes = new List<string>();
        if (preview.Device.type != DeviceType.CPU) suffixes.Add($"device='{preview.Device}'");
        string body;
        if (preview.NumElements == 0)
        {
            // As NumPy does: the shape of an empty tensor unless it is (0,); its dtype unless it is the default.
            if (preview.Shape.Length != 1) suffixes.Add("size=" + PythonTuple(preview.Shape));
            if (preview.DType != ScalarType.Float32) suffixes.Add("dtype=" + preview.DType.TorchName());
            body = "[]";
        }
        else
        {
            if (preview.DType is not (ScalarType.Float32 or ScalarType.Int64 or ScalarType.Bool)) suffixes.Add("dtype=" + preview.DType.TorchName());
            body = preview.Shape.Length == 0 ? preview.Cells[0].Trim() : Nested(preview, 0, 0, indent);
        }
        if (preview.RequiresGrad) suffixes.Add("requires_grad=True");
        return WithSuffixes(Prefix + body, suffixes, indent);
    }

    // The sub-tensor at dimension `dim` whose first cell is `offset`, printed at `indent`.
    private static string Nested(TensorPreview preview, int dim, int offset, int indent)
    {
        var kept = preview.Kept;
        var stride = 1;
        for (var d = dim + 1; d < kept.Length; d++) stride *= kept[d];
        var parts = new List<string>();
        for (var i = 0; i < kept[dim]; i++)
        {
            if (preview.Elided[dim] && i == TensorPreview.EdgeItems) parts.Add(dim == kept.Length - 1 ? " ..." : "...");
            parts.Add(dim == kept.Length - 1
                ? preview.Cells[offset + i]
                : Nested(preview, dim + 1, offset + i * stride, indent + 1));
        }
        if (dim < kept.Length - 1)
        {
            var separator = "," + new string('\n', kept.Length - dim - 1) + new string(' ', indent + 1);
            return "[" + string.Join(separator, parts) + "]";
        }
        // A row wraps at the line width, as many cells per line as fit (torch's _vector_str).
        var perLine = Math.Max(1, (LineWidth - indent) / (preview.Width + 2));
        var lines = parts.Chunk(perLine).Select(line => string.Join(", ", line));
        return "[" + string.Join(",\n" + new string(' ', indent + 1), lines) + "]";
    }

    // torch's _add_suffixes: ", suffix" on the last line while it fits in the line width, else on a new line.
    private static string WithSuffixes(string text, List<string> suffixes, int indent)
    {
        var sb = new StringBuilder(text);
        var lastLine = text.Length - text.LastIndexOf('\n') + 1;
        foreach (var suffix in suffixes)
        {
            if (lastLine + suffix.Length + 2 > LineWidth)
            {
                sb.Append(",\n").Append(' ', indent).Append(suffix);
                lastLine = indent + suffix.Length;
            }
            else
            {
                sb.Append(", ").Append(suffix);
                lastLine += suffix.Length + 2;
            }
        }
        return sb.Append(')').ToString();
    }

    /// <summary>Python's str of a tuple of ints: "(0, 3)", "(0,)", "()".</summary>
    public static string PythonTuple(long[] shape) =>
        shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
