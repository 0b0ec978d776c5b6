using System.Text;

namespace Schane.Core.Display;

/// <summary>
/// A tensor as self-contained HTML (no scripts, no external CSS): a line of metadata (shape, dtype, device,
/// requires_grad) and a preview of the values: a grid for vectors and matrices, the torch repr for more dimensions.
/// Summarised dimensions show their first and last 3 entries around a "…" row or column, with their real indices.
/// </summary>
internal static class TensorHtml
{
    private const string Ellipsis = "…";
    private const string Cell = "text-align:right;font-family:monospace;padding:1px 6px";

    /// <summary>The HTML of the tensor that <paramref name="preview"/> was read from.</summary>
    public static string Render(TensorPreview preview)
    {
        var sb = new StringBuilder("<div class=\"schane-tensor\">");
        sb.Append("<div><b>Tensor</b> shape <code>[").Append(string.Join(", ", preview.Shape)).Append("]</code>")
          .Append(" dtype <code>").Append(preview.DType.TorchName()).Append("</code>")
          .Append(" device <code>").Append(Encode(preview.Device.ToString())).Append("</code>")
          .Append(" requires_grad <code>").Append(preview.RequiresGrad ? "True" : "False").Append("</code>")
          .Append(" (").Append(preview.NumElements.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
          .Append(preview.NumElements == 1 ? " element)" : " elements)").Append("</div>");
        if (preview.NumElements > 0)
        {
            if (preview.Shape.Length == 0) sb.Append("<pre>").Append(Encode(preview.Cells[0].Trim())).Append("</pre>");
            else if (preview.Shape.Length <= 2) Grid(sb, preview);
            else sb.Append("<pre>").Append(Encode(TensorText.Repr(preview))).Append("</pre>");
        }
        if (preview.Summarized)
            sb.Append("<div><small>Summarised as torch prints it: the first and last ").Append(TensorPreview.EdgeItems)
              .Append(" entries of each dimension longer than ").Append(2 * TensorPreview.EdgeItems).Append(".</small></div>");
        return sb.Append("</div>").ToString();
    }

    /// <summary>The HTML of a tensor that has been disposed: its values are gone.</summary>
    public static string Disposed() => "<div class=\"schane-tensor\"><b>Tensor</b> (disposed)</div>";

    // A vector is one row; a matrix has a row per entry of dimension 0. Headers carry the tensor's own indices.
    private static void Grid(StringBuilder sb, TensorPreview preview)
    {
        var matrix = preview.Shape.Length == 2;
        var rows = matrix ? Indices(preview, 0) : [0];
        var columns = Indices(preview, matrix ? 1 : 0);
        var width = matrix ? preview.Kept[1] : preview.Kept[0];
        sb.Append("<table style=\"border-collapse:collapse\"><thead><tr>");
        if (matrix) sb.Append("<th></th>");
        foreach (var c in columns) sb.Append("<th style=\"").Append(Cell).Append("\">").Append(c < 0 ? Ellipsis : c).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        var row = 0;
        foreach (var r in rows)
        {
            sb.Append("<tr>");
            if (matrix) sb.Append("<th style=\"").Append(Cell).Append("\">").Append(r < 0 ? Ellipsis : r).Append("</th>");
            var column = 0;
            foreach (var c in columns)
            {
                var text = r < 0 || c < 0 ? Ellipsis : preview.Cells[row * width + column].Trim();
                sb.Append("<td style=\"").Append(Cell).Append("\">").Append(Encode(text)).Append("</td>");
                if (c >= 0) column++;
            }
            sb.Append("</tr>");
            if (r >= 0) row++;
        }
        sb.Append("</tbody></table>");
    }

    // The tensor indices that dimension `dim` shows, with −1 where the elided entries are.
    private static long[] Indices(TensorPreview preview, int dim)
    {
        var size = preview.Shape[dim];
        if (!preview.Elided[dim]) return Enumerable.Range(0, (int)size).Select(i => (long)i).ToArray();
        var edge = TensorPreview.EdgeItems;
        return [.. Enumerable.Range(0, edge).Select(i => (long)i), -1, .. Enumerable.Range(0, edge).Select(i => size - edge + i)];
    }

    private static string Encode(string? text) => HtmlText.Encode(text);
}
