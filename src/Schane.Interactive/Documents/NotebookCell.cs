using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// One cell of a <see cref="Notebook"/>: nbformat's cell (<c>nbformat.v4.new_code_cell</c> and friends), or one
/// <c>#!kernel</c> section of a .dib file. Mutable: a runner replaces <see cref="Outputs"/> and
/// <see cref="ExecutionCount"/> and writes the notebook back.
/// </summary>
public sealed class NotebookCell
{
    /// <summary>A cell of <paramref name="kind"/> in <paramref name="language"/> holding <paramref name="source"/>.</summary>
    public NotebookCell(NotebookCellKind kind, string language, string source)
    {
        Kind = kind;
        Language = language;
        Source = source;
    }

    /// <summary>Code, markdown or raw: nbformat's <c>cell_type</c>.</summary>
    public NotebookCellKind Kind { get; set; }

    /// <summary>
    /// The kernel name the document gives this cell, unvalidated: "csharp", "fsharp", "pwsh", ... for code cells
    /// (from the cell's metadata, a .dib <c>#!kernel</c> line, or the notebook's default); "markdown" for markdown cells;
    /// "raw" for raw cells. Magic lines inside an .ipynb source (<c>#!fsharp</c>) are not interpreted here.
    /// </summary>
    public string Language { get; set; }

    /// <summary>The cell's text, lines joined with the line endings the file had (.dib: <c>\n</c>).</summary>
    public string Source { get; set; }

    /// <summary>The outputs of a code cell, in order (always empty for markdown and raw cells and in .dib files).</summary>
    public List<CellOutput> Outputs { get; set; } = [];

    /// <summary>nbformat's <c>execution_count</c>: null when the cell has not run (and for non-code cells).</summary>
    public int? ExecutionCount { get; set; }

    /// <summary>
    /// nbformat 4.5's cell <c>id</c> ([A-Za-z0-9-_]{1,64}, unique in the notebook). Parsing fills it in where the file
    /// has none (older nbformat, .dib) with an id derived from the cell's position and source, so the same file always
    /// gets the same ids; an empty id is filled in the same way when the notebook is written.
    /// </summary>
    public string Id { get; set; } = "";

    /// <summary>The cell's metadata as in the file (.ipynb), preserved on write.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>nbformat's <c>attachments</c> of markdown and raw cells (images pasted into markdown), or null.</summary>
    public JsonObject? Attachments { get; set; }

    /// <summary>The cell's 0-based position in the document it was read from.</summary>
    public int Index { get; set; }

    /// <summary>The 1-based line of the file where the cell's source starts, where the format tells (.dib); else null.</summary>
    public int? Line { get; set; }

    /// <summary>How to name the cell in messages: "cell 3", or "cell 3 (line 17)" when the line is known.</summary>
    public string Label => Line is int line ? $"cell {Index + 1} (line {line})" : $"cell {Index + 1}";

    /// <summary>The <see cref="Label"/> and the language, for debugging.</summary>
    public override string ToString() => $"{Label}: {Kind} {Language}";
}
