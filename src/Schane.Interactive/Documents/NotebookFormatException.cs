namespace Schane.Interactive.Documents;

/// <summary>
/// A notebook file that cannot be read: malformed JSON, a wrong structure, an unsupported nbformat, an empty .dib.
/// The message reads like a compiler's: <c>nb.ipynb(12,5): invalid JSON: ...</c> or
/// <c>nb.ipynb: cells[3].source: expected a string or an array of strings</c>
/// (nbformat's equivalent: <c>nbformat.reader.NotJSONError</c> / <c>nbformat.ValidationError</c>).
/// </summary>
public sealed class NotebookFormatException : Exception
{
    /// <summary>An error in <paramref name="path"/>, optionally at a 1-based line and column, optionally at a JSON path.</summary>
    public NotebookFormatException(string path, string reason, int? line = null, int? column = null, string? jsonPath = null,
        Exception? inner = null)
        : base(Format(path, reason, line, column, jsonPath), inner)
    {
        Path = path;
        Reason = reason;
        Line = line;
        Column = column;
        JsonPath = jsonPath;
    }

    /// <summary>The file (as given to the reader) the error is in.</summary>
    public string Path { get; }

    /// <summary>What is wrong, without the location.</summary>
    public string Reason { get; }

    /// <summary>The 1-based line of the error, when known.</summary>
    public int? Line { get; }

    /// <summary>The 1-based column of the error (counted in UTF-8 bytes for JSON), when known.</summary>
    public int? Column { get; }

    /// <summary>Where in the JSON document the error is, e.g. <c>cells[3].source</c>, for structural errors.</summary>
    public string? JsonPath { get; }

    private static string Format(string path, string reason, int? line, int? column, string? jsonPath)
    {
        var where = (line, column) switch
        {
            (int l, int c) => $"{path}({l},{c})",
            (int l, null) => $"{path}({l})",
            _ => path,
        };
        return jsonPath == null ? $"{where}: {reason}" : $"{where}: {jsonPath}: {reason}";
    }
}
