namespace Schane.Interactive.Documents;

/// <summary>
/// Jupyter's .ipynb: reads nbformat 4 (any minor), writes nbformat 4.5 laid out as Jupyter lays it out
/// (<c>nbformat.reads</c> / <c>nbformat.writes</c>). Reads and writes Polyglot Notebooks' kernel names
/// (<c>metadata.polyglot_notebook</c>, older <c>metadata.dotnet_interactive</c>).
/// </summary>
public static class IpynbFormat
{
    /// <summary>The name of Schane's Jupyter kernelspec, written when a notebook has none.</summary>
    public const string KernelspecName = "schane-csharp";

    /// <summary>The display name of Schane's Jupyter kernelspec.</summary>
    public const string KernelspecDisplayName = "C# (Schane)";

    /// <summary>
    /// Parses notebook JSON (<c>nbformat.reads(json, as_version=4)</c>). <paramref name="path"/> names the file in
    /// errors and becomes <see cref="Notebook.Path"/>. Each code cell's language comes from its metadata, else the
    /// notebook's default; magic lines in sources are left alone.
    /// </summary>
    /// <exception cref="NotebookFormatException">Malformed JSON, a wrong structure, or nbformat other than 4.</exception>
    public static Notebook Parse(string json, string path) => new IpynbReader(path).Read(json);

    /// <summary>
    /// The notebook as nbformat 4.5 JSON (<c>nbformat.writes(nb, version=4)</c>): every cell gets an id, sources and
    /// stream text become line arrays, JSON mime data becomes JSON values, metadata is kept, a kernelspec and
    /// language_info are added when missing, and every code cell's language is written to
    /// <c>metadata.polyglot_notebook.kernelName</c>. The notebook is not modified.
    /// </summary>
    /// <exception cref="ArgumentException">JSON mime data that is not valid JSON.</exception>
    public static string Serialize(Notebook notebook) => IpynbWriter.Serialize(notebook);

    /// <summary>Reads and parses the .ipynb file at <paramref name="path"/> (<c>nbformat.read(path, as_version=4)</c>).</summary>
    public static Notebook Read(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>
    /// Writes the notebook to <paramref name="path"/> atomically (<c>nbformat.write</c>): to a temporary file beside it,
    /// renamed over it; when anything fails the old file stays and no temporary file is left.
    /// </summary>
    public static void Write(Notebook notebook, string path) => Schane.Core.IO.AtomicFile.WriteAllText(path, Serialize(notebook));
}
