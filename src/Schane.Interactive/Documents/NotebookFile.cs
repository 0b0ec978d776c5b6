namespace Schane.Interactive.Documents;

/// <summary>Notebook files by extension: .ipynb (<see cref="IpynbFormat"/>) and .dib (<see cref="DibFormat"/>).</summary>
public static class NotebookFile
{
    /// <summary>The extensions notebooks can have.</summary>
    public static IReadOnlyList<string> Extensions { get; } = [".ipynb", ".dib"];

    /// <summary>Whether <paramref name="path"/> has a notebook extension (any case).</summary>
    public static bool IsNotebook(string path) =>
        Extensions.Contains(System.IO.Path.GetExtension(path), StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the notebook at <paramref name="path"/>, choosing the format by its extension
    /// (<c>nbformat.read</c> for .ipynb; .NET Interactive's <c>InteractiveDocument.LoadAsync</c>).</summary>
    /// <exception cref="NotebookFormatException">An unknown extension, or a malformed file.</exception>
    public static Notebook Read(string path) => Format(path) switch
    {
        ".ipynb" => IpynbFormat.Read(path),
        _ => DibFormat.Read(path),
    };

    /// <summary>Writes <paramref name="notebook"/> to <paramref name="path"/> atomically in the format its extension names.</summary>
    /// <exception cref="NotebookFormatException">An unknown extension.</exception>
    public static void Write(Notebook notebook, string path)
    {
        if (Format(path) == ".ipynb") IpynbFormat.Write(notebook, path);
        else DibFormat.Write(notebook, path);
    }

    private static string Format(string path) =>
        System.IO.Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".ipynb" => ".ipynb",
            ".dib" => ".dib",
            var other => throw new NotebookFormatException(path,
                $"not a notebook: {(other.Length == 0 ? "no extension" : $"the extension {other}")}; expected {string.Join(" or ", Extensions)}"),
        };
}
