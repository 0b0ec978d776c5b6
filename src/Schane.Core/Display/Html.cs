using System.Globalization;
using System.Text;

namespace Schane.Core.Display;

/// <summary>Self-contained HTML tables (no scripts, no external CSS) with every text escaped.</summary>
internal static class Html
{
    /// <summary>Escapes text for HTML content and attributes (see <see cref="HtmlText"/>).</summary>
    public static string Encode(string? text) => HtmlText.Encode(text);

    /// <summary>A table with an optional caption, a header row and body rows of plain text (escaped here).</summary>
    public static string Table(string? caption, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        var sb = new StringBuilder("<table>");
        if (caption != null) sb.Append("<caption>").Append(Encode(caption)).Append("</caption>");
        sb.Append("<thead><tr>");
        foreach (var h in headers) sb.Append("<th>").Append(Encode(h)).Append("</th>");
        sb.Append("</tr></thead><tbody>");
        foreach (var row in rows)
        {
            sb.Append("<tr>");
            foreach (var cell in row) sb.Append("<td>").Append(Encode(cell)).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>"83.41%" for 0.8341; "n/a" for NaN.</summary>
    public static string Percent(double fraction) =>
        double.IsNaN(fraction) ? "n/a" : (100 * fraction).ToString("F2", CultureInfo.InvariantCulture) + "%";

    /// <summary>A number with 4 decimals; "n/a" for NaN.</summary>
    public static string Number(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F4", CultureInfo.InvariantCulture);

    /// <summary>A count with thousands separators ("10,000").</summary>
    public static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);
}
