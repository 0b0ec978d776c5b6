using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// A notebook document, independent of how it is run: the cells of an .ipynb (nbformat 4) or a .dib file
/// (nbformat's <c>NotebookNode</c>; .NET Interactive's <c>InteractiveDocument</c>). Read it with
/// <see cref="NotebookFile.Read"/>, write it with <see cref="IpynbFormat.Write"/>.
/// </summary>
public sealed class Notebook
{
    /// <summary>The cells, in order.</summary>
    public List<NotebookCell> Cells { get; set; } = [];

    /// <summary>
    /// The kernel name of code cells that do not name their own ("csharp" unless the document says otherwise):
    /// from Polyglot Notebooks' <c>kernelInfo.defaultKernelName</c>, else the kernelspec or <c>language_info</c>.
    /// </summary>
    public string DefaultLanguage { get; set; } = "csharp";

    /// <summary>The document's metadata, preserved on write: the .ipynb top-level <c>metadata</c>, or a .dib file's
    /// <c>#!meta</c> object.</summary>
    public JsonObject Metadata { get; set; } = [];

    /// <summary>The file the notebook was read from, or null for one built in memory.</summary>
    public string? Path { get; set; }
}
