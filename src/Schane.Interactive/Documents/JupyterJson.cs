using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// JSON the way Jupyter writes notebooks (<c>json.dumps(nb, sort_keys=True, indent=1, ensure_ascii=False)</c>), so a
/// notebook we write diffs cleanly against one Jupyter wrote; plus Python's <c>str.splitlines(True)</c>, which decides
/// how nbformat splits text into line arrays.
/// </summary>
internal static class JupyterJson
{
    /// <summary>Writes <paramref name="node"/> indented by one space, object keys sorted, non-ASCII unescaped.</summary>
    public static string Write(JsonNode? node)
    {
        var text = new StringBuilder();
        Write(text, node, 0);
        return text.ToString();
    }

    private static void Write(StringBuilder text, JsonNode? node, int depth)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj when obj.Count == 0:
                text.Append("{}");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    text.Append(first ? "\n" : ",\n").Append(' ', depth + 1);
                    first = false;
                    AppendString(text, key);
                    text.Append(": ");
                    Write(text, value, depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append('}');
                break;
            case JsonArray array when array.Count == 0:
                text.Append("[]");
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    text.Append(i == 0 ? "\n" : ",\n").Append(' ', depth + 1);
                    Write(text, array[i], depth + 1);
                }
                text.Append('\n').Append(' ', depth).Append(']');
                break;
            case JsonValue value:
                switch (value.GetValueKind())
                {
                    case JsonValueKind.String: AppendString(text, value.GetValue<string>()); break;
                    case JsonValueKind.True: text.Append("true"); break;
                    case JsonValueKind.False: text.Append("false"); break;
                    case JsonValueKind.Null: text.Append("null"); break;
                    default: text.Append(value.ToJsonString()); break;
                }
                break;
        }
    }

    // Python's json escapes only quotes, backslashes and control characters (lowercase hex) when ensure_ascii=False;
    // lone surrogates, which UTF-8 cannot carry, are escaped too.
    private static void AppendString(StringBuilder text, string s)
    {
        text.Append('"');
        for (var i = 0; i < s.Length; i++)
        {
            var c = s[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                default:
                    if (c < ' ' || (char.IsSurrogate(c) && !IsPaired(s, i)))
                        text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else
                        text.Append(c);
                    break;
            }
        }
        text.Append('"');
    }

    private static bool IsPaired(string s, int i) =>
        char.IsHighSurrogate(s[i]) ? i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])
        : i > 0 && char.IsHighSurrogate(s[i - 1]);

    /// <summary>Python's <c>text.splitlines(True)</c>: lines with their line breaks kept; "" gives no lines.</summary>
    public static JsonArray SplitLines(string text)
    {
        var lines = new JsonArray();
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (!IsLineBreak(c)) continue;
            if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') i++;
            lines.Add(text[start..(i + 1)]);
            start = i + 1;
        }
        if (start < text.Length) lines.Add(text[start..]);
        return lines;
    }

    // The characters str.splitlines breaks at: \n \r \v \f, the file/group/record separators, NEL, LS and PS.
    private static bool IsLineBreak(char c) =>
        c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029';

    /// <summary>
    /// A mutable copy of a parsed element. A repeated key keeps its last value, as Python's json does (JsonObject alone
    /// would throw on it).
    /// </summary>
    public static JsonNode? ToNode(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => ToObject(element),
        JsonValueKind.Array => new JsonArray(element.EnumerateArray().Select(ToNode).ToArray()),
        JsonValueKind.String => JsonValue.Create(element.GetString()),
        JsonValueKind.True => JsonValue.Create(true),
        JsonValueKind.False => JsonValue.Create(false),
        JsonValueKind.Null => null,
        // Numbers keep their spelling (1.0 stays 1.0).
        _ => JsonValue.Create(element.Clone()),
    };

    public static JsonObject ToObject(JsonElement element)
    {
        var obj = new JsonObject();
        foreach (var property in element.EnumerateObject()) obj[property.Name] = ToNode(property.Value);
        return obj;
    }
}
