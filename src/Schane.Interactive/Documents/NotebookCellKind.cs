namespace Schane.Interactive.Documents;

/// <summary>What a cell holds: nbformat's <c>cell_type</c> (<c>code</c>, <c>markdown</c>, <c>raw</c>).</summary>
public enum NotebookCellKind
{
    /// <summary>Code run by a kernel: <c>nbformat.v4.new_code_cell</c>.</summary>
    Code,

    /// <summary>Markdown text, shown and never run: <c>nbformat.v4.new_markdown_cell</c>.</summary>
    Markdown,

    /// <summary>Text passed through untouched (for nbconvert): <c>nbformat.v4.new_raw_cell</c>.</summary>
    Raw,
}
