using System.Text;

namespace Schane.Interactive.Formatting;

/// <summary>Self-contained HTML fragments (no scripts, no external CSS) with every text escaped.</summary>
internal static class Html
{
    /// <summary>Escapes text for HTML content and attributes (Schane.Core.Display.HtmlText, shared with the core formatters).</summary>
    public static string Encode(string? text) => Schane.Core.Display.HtmlText.Encode(text);

    /// <summary>Escaped text for a table cell; text of several lines keeps its lines in a &lt;pre&gt;.</summary>
    public static string Cell(string text) =>
        text.Contains('\n') ? "<pre style=\"margin:0\">" + Encode(text) + "</pre>" : Encode(text);

    /// <summary>A table of already-encoded cells, with an encoded caption and headers.</summary>
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
            foreach (var cell in row) sb.Append("<td>").Append(cell).Append("</td>");
            sb.Append("</tr>");
        }
        return sb.Append("</tbody></table>").ToString();
    }

    /// <summary>A C#-like name for display: <c>List&lt;Int32&gt;</c>, not List`1; anonymous types as "anonymous type".</summary>
    public static string TypeName(Type type)
    {
        if (type.Name.Contains("AnonymousType", StringComparison.Ordinal)) return "anonymous type";
        if (type.IsArray) return TypeName(type.GetElementType()!) + "[" + new string(',', type.GetArrayRank() - 1) + "]";
        if (!type.IsGenericType) return type.Name;
        var name = type.Name;
        var tick = name.IndexOf('`');
        if (tick >= 0) name = name[..tick];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(TypeName)) + ">";
    }
}
