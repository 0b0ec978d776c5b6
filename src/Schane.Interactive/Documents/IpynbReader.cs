using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Schane.Interactive.Documents;

/// <summary>
/// Reads nbformat 4 JSON into a <see cref="Notebook"/>, checking the structure the document layer relies on and naming
/// the JSON path of anything wrong. Metadata is only carried along, so its shape is never an error.
/// </summary>
internal sealed partial class IpynbReader(string path)
{
    public Notebook Read(string json)
    {
        using var document = ParseJson(json);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
            throw Error(null, $"expected a JSON object (a notebook), found {Describe(root)}");

        var version = root.TryGetProperty("nbformat", out var nbformat)
            ? Integer(nbformat, "nbformat")
            : throw Error(null, "no \"nbformat\" field: not a Jupyter notebook");
        if (version != 4)
            throw Error(null, version < 4
                ? $"nbformat {version} is not supported; only nbformat 4 is (convert it: jupyter nbconvert --to notebook --nbformat 4)"
                : $"nbformat {version} is not supported; only nbformat 4 is");
        if (root.TryGetProperty("nbformat_minor", out var minor)) Integer(minor, "nbformat_minor");

        var notebook = new Notebook { Path = path, Metadata = OptionalObject(root, "metadata", "metadata") ?? [] };
        notebook.DefaultLanguage = KernelNames.DefaultOfIpynb(notebook.Metadata);

        if (!root.TryGetProperty("cells", out var cells)) throw Error(null, "no \"cells\" field: not a Jupyter notebook");
        if (cells.ValueKind != JsonValueKind.Array) throw Error("cells", $"expected an array, found {Describe(cells)}");
        var index = 0;
        foreach (var cell in cells.EnumerateArray())
        {
            notebook.Cells.Add(ReadCell(cell, $"cells[{index}]", notebook.DefaultLanguage, index));
            index++;
        }

        var ids = CellIds.Resolve(notebook.Cells);
        for (var i = 0; i < ids.Length; i++) notebook.Cells[i].Id = ids[i];
        return notebook;
    }

    private JsonDocument ParseJson(string json)
    {
        try
        {
            return JsonDocument.Parse(json.TrimStart('\uFEFF'), new JsonDocumentOptions { MaxDepth = 1000 });
        }
        catch (JsonException e)
        {
            throw new NotebookFormatException(path, "invalid JSON: " + Reason(e), (int?)e.LineNumber + 1,
                (int?)e.BytePositionInLine + 1, inner: e);
        }
    }

    private NotebookCell ReadCell(JsonElement cell, string at, string defaultLanguage, int index)
    {
        if (cell.ValueKind != JsonValueKind.Object) throw Error(at, $"expected a cell object, found {Describe(cell)}");
        var kind = RequiredString(cell, "cell_type", at) switch
        {
            "code" => NotebookCellKind.Code,
            "markdown" => NotebookCellKind.Markdown,
            "raw" => NotebookCellKind.Raw,
            var other => throw Error($"{at}.cell_type", $"unknown cell type \"{other}\" (expected code, markdown or raw)"),
        };

        var metadata = OptionalObject(cell, "metadata", $"{at}.metadata") ?? [];
        var source = RequiredText(cell, "source", at);
        var language = kind switch
        {
            NotebookCellKind.Code => KernelNames.OfCell(metadata) ?? defaultLanguage,
            NotebookCellKind.Markdown => KernelNames.Markdown,
            _ => "raw",
        };
        var result = new NotebookCell(kind, language, source) { Metadata = metadata, Index = index };

        if (cell.TryGetProperty("id", out var id)) result.Id = String(id, $"{at}.id");

        if (kind == NotebookCellKind.Code)
        {
            result.ExecutionCount = OptionalCount(cell, at);
            if (cell.TryGetProperty("outputs", out var outputs))
            {
                if (outputs.ValueKind != JsonValueKind.Array)
                    throw Error($"{at}.outputs", $"expected an array, found {Describe(outputs)}");
                var o = 0;
                foreach (var output in outputs.EnumerateArray())
                    result.Outputs.Add(ReadOutput(output, $"{at}.outputs[{o++}]"));
            }
        }
        else
        {
            result.Attachments = OptionalObject(cell, "attachments", $"{at}.attachments");
        }
        return result;
    }

    private CellOutput ReadOutput(JsonElement output, string at)
    {
        if (output.ValueKind != JsonValueKind.Object)
            throw Error(at, $"expected an output object, found {Describe(output)}");
        return RequiredString(output, "output_type", at) switch
        {
            "stream" => new StreamOutput(RequiredString(output, "name", at), RequiredText(output, "text", at)),
            "display_data" => new DisplayDataOutput(Data(output, at), OptionalObject(output, "metadata", $"{at}.metadata") ?? []),
            "execute_result" => new ExecuteResultOutput(OptionalCount(output, at), Data(output, at),
                OptionalObject(output, "metadata", $"{at}.metadata") ?? []),
            "error" => new ErrorOutput(RequiredString(output, "ename", at), RequiredString(output, "evalue", at),
                Traceback(Required(output, "traceback", at), $"{at}.traceback")),
            var other => throw Error($"{at}.output_type",
                $"unknown output type \"{other}\" (expected stream, display_data, execute_result or error)"),
        };
    }

    private Dictionary<string, string> Data(JsonElement output, string at)
    {
        var data = new Dictionary<string, string>(StringComparer.Ordinal);
        if (!output.TryGetProperty("data", out var bundle)) return data;
        if (bundle.ValueKind != JsonValueKind.Object) throw Error($"{at}.data", $"expected an object, found {Describe(bundle)}");
        foreach (var entry in bundle.EnumerateObject())
            data[entry.Name] = MimeBundle.IsJson(entry.Name)
                ? JsonText(entry.Value)
                : Text(entry.Value, $"{at}.data[\"{entry.Name}\"]");
        return data;
    }

    private static readonly JsonSerializerOptions Compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string JsonText(JsonElement value) =>
        JupyterJson.ToNode(value) is { } node ? node.ToJsonString(Compact) : "null";

    private List<string> Traceback(JsonElement traceback, string at)
    {
        if (traceback.ValueKind != JsonValueKind.Array)
            throw Error(at, $"expected an array of strings, found {Describe(traceback)}");
        var lines = new List<string>();
        var i = 0;
        foreach (var line in traceback.EnumerateArray()) lines.Add(String(line, $"{at}[{i++}]"));
        return lines;
    }

    // nbformat's multiline strings: one string, or a list of lines to concatenate.
    private string Text(JsonElement value, string at)
    {
        if (value.ValueKind == JsonValueKind.String) return value.GetString()!;
        if (value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String))
            return string.Concat(value.EnumerateArray().Select(line => line.GetString()));
        throw Error(at, "expected a string or an array of strings");
    }

    private string RequiredText(JsonElement obj, string name, string at) => Text(Required(obj, name, at), $"{at}.{name}");

    private string RequiredString(JsonElement obj, string name, string at) => String(Required(obj, name, at), $"{at}.{name}");

    // nbformat requires execution_count on code cells and execute results; a missing one reads as null.
    private int? OptionalCount(JsonElement obj, string at) =>
        obj.TryGetProperty("execution_count", out var count) ? Count(count, $"{at}.execution_count") : null;

    private string String(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw Error(at, $"expected a string, found {Describe(value)}");

    private int? Count(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Null ? null : Integer(value, at);

    private int Integer(JsonElement value, string at) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw Error(at, $"expected an integer, found {Describe(value)}");

    private JsonElement Required(JsonElement obj, string name, string at) =>
        obj.TryGetProperty(name, out var value) ? value : throw Error(at, $"missing \"{name}\"");

    private JsonObject? OptionalObject(JsonElement obj, string name, string at)
    {
        if (!obj.TryGetProperty(name, out var value)) return null;
        return value.ValueKind == JsonValueKind.Object
            ? JupyterJson.ToObject(value)
            : throw Error(at, $"expected an object, found {Describe(value)}");
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => $"the number {value.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
        _ => "null",
    };

    private NotebookFormatException Error(string? at, string reason) => new(path, reason, jsonPath: at);

    // System.Text.Json appends "LineNumber: 11 | BytePositionInLine: 4." to its messages; the location is reported
    // compiler-style in front instead.
    internal static string Reason(JsonException e) => LocationSuffix().Replace(e.Message, "").Trim();

    [GeneratedRegex(@"\s*(Path: \S*\s*\|\s*)?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex LocationSuffix();
}
