using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>Rules for mime bundles (output <c>data</c>) shared by the reader, the writer and output equality.</summary>
internal static class MimeBundle
{
    /// <summary>JSON mime types hold a JSON value in the file, not text (nbformat's <c>_is_json_mime</c>, widened to
    /// any <c>+json</c> suffix).</summary>
    public static bool IsJson(string mime) =>
        mime.Equals("application/json", StringComparison.OrdinalIgnoreCase) ||
        mime.EndsWith("+json", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether Jupyter writes this type's text as a list of lines (nbformat's <c>_split_mimebundle</c>); other
    /// types (base64 images) stay one string.</summary>
    public static bool IsSplitIntoLines(string mime) =>
        mime.StartsWith("text/", StringComparison.Ordinal) || mime is "application/javascript" or "image/svg+xml";

    public static bool Equal(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b)
    {
        if (a.Count != b.Count) return false;
        foreach (var (mime, value) in a)
        {
            if (!b.TryGetValue(mime, out var other)) return false;
            if (value == other) continue;
            // JSON text compares by value: whitespace and number spelling do not matter.
            if (!IsJson(mime) || !TryParse(value, out var x) || !TryParse(other, out var y) || !JsonNode.DeepEquals(x, y))
                return false;
        }
        return true;
    }

    public static int Hash(IReadOnlyDictionary<string, string> data)
    {
        var hash = data.Count;
        foreach (var mime in data.Keys) hash ^= StringComparer.Ordinal.GetHashCode(mime);
        return hash;
    }

    private static bool TryParse(string json, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(json);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }
}
