using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Schane.Interactive.Documents;

/// <summary>
/// .NET Interactive's plain-text notebook, .dib (<c>Microsoft.DotNet.Interactive.Documents.CodeSubmission</c>): an
/// optional leading <c>#!meta</c> JSON block, then cells, each started by a line <c>#!kernel</c> at column 0 that
/// names a kernel (<c>#!csharp</c>, <c>#!fsharp</c>, <c>#!markdown</c>, <c>#!pwsh</c>, an alias such as <c>#!c#</c>, or
/// a kernel the meta block lists; any case). Other <c>#!</c> lines (magic commands) stay in their cell. A .dib holds no
/// outputs, execution counts or cell ids.
/// </summary>
public static partial class DibFormat
{
    /// <summary>
    /// Parses .dib text. Text before the first kernel line belongs to the default kernel (the meta block's
    /// <c>kernelInfo.defaultKernelName</c>, else csharp); blank lines around each cell are dropped and cells left empty
    /// vanish, as .NET Interactive does. <paramref name="path"/> names the file in errors and becomes
    /// <see cref="Notebook.Path"/>; each cell's <see cref="NotebookCell.Line"/> is the file line its source starts at.
    /// </summary>
    /// <exception cref="NotebookFormatException">A malformed meta block, or no cells at all.</exception>
    public static Notebook Parse(string text, string path)
    {
        var lines = LineBreak().Split(text.TrimStart('\uFEFF'));
        var notebook = new Notebook { Path = path };
        var next = ReadMeta(lines, path, notebook);
        notebook.DefaultLanguage = KernelNames.DefaultOfDib(notebook.Metadata);
        var kernels = KernelNames.Splitters(KernelNames.At(notebook.Metadata, "kernelInfo") as JsonObject);

        var language = notebook.DefaultLanguage;
        var start = next;
        for (var i = next; i <= lines.Length; i++)
        {
            string? kernel = null;
            if (i < lines.Length && !(lines[i].StartsWith("#!", StringComparison.Ordinal) &&
                                      kernels.TryGetValue(lines[i][2..].TrimEnd(), out kernel)))
                continue;
            AddCell(notebook, language, lines, start, i);
            if (kernel is null) break;
            language = kernel;
            start = i + 1;
        }

        if (notebook.Cells.Count == 0) throw new NotebookFormatException(path, "the file holds no cells");
        var ids = CellIds.Resolve(notebook.Cells);
        for (var i = 0; i < ids.Length; i++) notebook.Cells[i].Id = ids[i];
        return notebook;
    }

    /// <summary>
    /// The notebook as .dib text: a <c>#!meta</c> block with the metadata (its <c>kernelInfo</c> naming the default
    /// kernel and every kernel the cells use), then each non-empty cell under its <c>#!kernel</c> line, lines ending in
    /// <c>\n</c>. Outputs, execution counts and ids are not part of the format. The notebook is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">A raw cell (.dib has none) or a code cell with no language.</exception>
    public static string Serialize(Notebook notebook)
    {
        var meta = (JsonObject)notebook.Metadata.DeepClone();
        KernelNames.WriteKernelInfo(KernelNames.Child(meta, "kernelInfo"), notebook);
        var lines = new List<string> { "#!meta", "", meta.ToJsonString(CompactJson), "" };
        foreach (var cell in notebook.Cells)
        {
            var marker = cell.Kind switch
            {
                NotebookCellKind.Markdown => KernelNames.Markdown,
                NotebookCellKind.Code when !string.IsNullOrWhiteSpace(cell.Language) && !cell.Language.Any(char.IsWhiteSpace) =>
                    cell.Language,
                NotebookCellKind.Code => throw new ArgumentException(
                    $"{cell.Label}: the language \"{cell.Language}\" cannot name a .dib cell", nameof(notebook)),
                _ => throw new ArgumentException($"{cell.Label} is a raw cell; .dib has no raw cells", nameof(notebook)),
            };
            var body = Trim(LineBreak().Split(cell.Source));
            if (body.Count == 0) continue;
            lines.Add("#!" + marker);
            lines.Add("");
            lines.AddRange(body);
            lines.Add("");
        }
        return string.Join("\n", lines);
    }

    /// <summary>Reads and parses the .dib file at <paramref name="path"/>.</summary>
    public static Notebook Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Writes the notebook as .dib to <paramref name="path"/> atomically (temporary file, then rename).</summary>
    public static void Write(Notebook notebook, string path) => Schane.Core.IO.AtomicFile.WriteAllText(path, Serialize(notebook));

    private static readonly JsonSerializerOptions CompactJson = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    // A leading "#!meta" line (after blank lines) opens a JSON block that runs to the next "#!" line.
    // Returns the index of the first line after the block (0 when there is none).
    private static int ReadMeta(string[] lines, string path, Notebook notebook)
    {
        var first = Array.FindIndex(lines, l => l.Length > 0);
        if (first < 0 || !lines[first].TrimEnd().Equals("#!meta", StringComparison.OrdinalIgnoreCase)) return 0;
        var end = first + 1;
        while (end < lines.Length && !lines[end].StartsWith("#!", StringComparison.Ordinal)) end++;
        var json = string.Join("\n", lines[(first + 1)..end]);
        if (string.IsNullOrWhiteSpace(json)) return end;
        try
        {
            using var document = JsonDocument.Parse(json);
            notebook.Metadata = document.RootElement.ValueKind == JsonValueKind.Object
                ? JupyterJson.ToObject(document.RootElement)
                : throw new NotebookFormatException(path, "#!meta: expected a JSON object", first + 1);
        }
        catch (JsonException e)
        {
            // The block's line 0 is the file's line first + 1 (0-based), i.e. first + 2 counted from 1.
            throw new NotebookFormatException(path, "#!meta: invalid JSON: " + IpynbReader.Reason(e),
                first + 2 + (int)(e.LineNumber ?? 0), (int?)e.BytePositionInLine + 1, inner: e);
        }
        return end;
    }

    private static void AddCell(Notebook notebook, string language, string[] lines, int start, int end)
    {
        while (start < end && lines[start].Length == 0) start++;
        while (end > start && lines[end - 1].Length == 0) end--;
        if (start == end) return;
        var kind = language == KernelNames.Markdown ? NotebookCellKind.Markdown : NotebookCellKind.Code;
        notebook.Cells.Add(new NotebookCell(kind, language, string.Join("\n", lines[start..end]))
        {
            Index = notebook.Cells.Count,
            Line = start + 1,
        });
    }

    private static List<string> Trim(string[] lines)
    {
        var start = 0;
        var end = lines.Length;
        while (start < end && lines[start].Length == 0) start++;
        while (end > start && lines[end - 1].Length == 0) end--;
        return lines[start..end].ToList();
    }

    [GeneratedRegex(@"\r\n|\r|\n")]
    private static partial Regex LineBreak();
}
