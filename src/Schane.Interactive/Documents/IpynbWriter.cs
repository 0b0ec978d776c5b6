using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// Writes a <see cref="Notebook"/> as nbformat 4.5 JSON, the way Jupyter lays it out. The notebook itself is not
/// changed: ids and metadata are filled in on copies.
/// </summary>
internal static class IpynbWriter
{
    public const int Minor = 5;

    public static string Serialize(Notebook notebook)
    {
        var ids = CellIds.Resolve(notebook.Cells);
        var cells = new JsonArray();
        for (var i = 0; i < notebook.Cells.Count; i++) cells.Add(Cell(notebook.Cells[i], ids[i]));
        var root = new JsonObject
        {
            ["cells"] = cells,
            ["metadata"] = Metadata(notebook),
            ["nbformat"] = 4,
            ["nbformat_minor"] = Minor,
        };
        // nbformat.write ends the file with a newline.
        return JupyterJson.Write(root) + "\n";
    }

    private static JsonObject Metadata(Notebook notebook)
    {
        var metadata = (JsonObject)notebook.Metadata.DeepClone();
        if (metadata["kernelspec"] is not JsonObject)
            metadata["kernelspec"] = new JsonObject
            {
                ["display_name"] = IpynbFormat.KernelspecDisplayName,
                ["language"] = "C#",
                ["name"] = IpynbFormat.KernelspecName,
            };
        if (metadata["language_info"] is not JsonObject) metadata["language_info"] = LanguageInfo(notebook.DefaultLanguage);

        // Polyglot Notebooks reads the default kernel (and which kernels the cells use) from kernelInfo; so do we.
        KernelNames.WriteKernelInfo(KernelNames.Child(KernelNames.Child(metadata, "polyglot_notebook"), "kernelInfo"), notebook);
        return metadata;
    }

    private static JsonObject LanguageInfo(string kernel) => kernel switch
    {
        "csharp" => new JsonObject
        {
            ["file_extension"] = ".cs", ["mimetype"] = "text/x-csharp", ["name"] = "C#", ["pygments_lexer"] = "csharp",
        },
        "fsharp" => new JsonObject
        {
            ["file_extension"] = ".fs", ["mimetype"] = "text/x-fsharp", ["name"] = "F#", ["pygments_lexer"] = "fsharp",
        },
        _ => new JsonObject { ["name"] = KernelNames.LanguageName(kernel) },
    };

    private static JsonObject Cell(NotebookCell cell, string id)
    {
        var metadata = (JsonObject)cell.Metadata.DeepClone();
        var json = new JsonObject
        {
            ["cell_type"] = cell.Kind switch
            {
                NotebookCellKind.Code => "code",
                NotebookCellKind.Markdown => "markdown",
                NotebookCellKind.Raw => "raw",
                _ => throw new UnreachableException(),
            },
            ["id"] = id,
            ["metadata"] = metadata,
            ["source"] = JupyterJson.SplitLines(cell.Source),
        };
        if (cell.Kind == NotebookCellKind.Code)
        {
            // Written where Polyglot Notebooks looks first; an older .NET Interactive field is kept in step.
            KernelNames.Child(metadata, "polyglot_notebook")["kernelName"] = cell.Language;
            if (metadata["dotnet_interactive"] is JsonObject older && older.ContainsKey("language")) older["language"] = cell.Language;
            json["execution_count"] = cell.ExecutionCount;
            json["outputs"] = new JsonArray(cell.Outputs.Select((o, i) => (JsonNode)Output(o, cell, i)).ToArray());
        }
        else if (cell.Attachments is not null)
        {
            json["attachments"] = cell.Attachments.DeepClone();
        }
        return json;
    }

    private static JsonObject Output(CellOutput output, NotebookCell cell, int index) => output switch
    {
        StreamOutput s => new JsonObject
        {
            ["output_type"] = "stream", ["name"] = s.Name, ["text"] = JupyterJson.SplitLines(s.Text),
        },
        DisplayDataOutput d => new JsonObject
        {
            ["output_type"] = "display_data", ["data"] = Data(d.Data, cell, index), ["metadata"] = d.Metadata.DeepClone(),
        },
        ExecuteResultOutput r => new JsonObject
        {
            ["output_type"] = "execute_result", ["execution_count"] = r.ExecutionCount,
            ["data"] = Data(r.Data, cell, index), ["metadata"] = r.Metadata.DeepClone(),
        },
        ErrorOutput e => new JsonObject
        {
            ["output_type"] = "error", ["ename"] = e.EName, ["evalue"] = e.EValue,
            ["traceback"] = new JsonArray(e.Traceback.Select(line => (JsonNode?)line).ToArray()),
        },
        _ => throw new UnreachableException(),
    };

    private static JsonObject Data(IReadOnlyDictionary<string, string> data, NotebookCell cell, int index)
    {
        var bundle = new JsonObject();
        foreach (var (mime, value) in data)
        {
            if (MimeBundle.IsJson(mime))
            {
                try
                {
                    bundle[mime] = JsonNode.Parse(value);
                }
                catch (JsonException e)
                {
                    throw new ArgumentException(
                        $"{cell.Label}, output {index + 1}: the {mime} data is not valid JSON: {IpynbReader.Reason(e)}", nameof(data), e);
                }
            }
            else
            {
                bundle[mime] = MimeBundle.IsSplitIntoLines(mime) ? JupyterJson.SplitLines(value) : value;
            }
        }
        return bundle;
    }
}
