using System.Text;

namespace Schane.Core.Display;

/// <summary>
/// HTML escaping for the display formatters of this assembly and of Schane.Interactive, which shares it through
/// InternalsVisibleTo: display plumbing is not public API.
/// </summary>
internal static class HtmlText
{
    /// <summary>Escapes text for HTML content and attributes: &amp; &lt; &gt; " ' (other characters stay as they are, in UTF-8).</summary>
    public static string Encode(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&#39;"); break;
                default: sb.Append(c); break;
            }
        }
        return sb.ToString();
    }
}
