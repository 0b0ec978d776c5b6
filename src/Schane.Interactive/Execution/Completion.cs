namespace Schane.Interactive.Execution;

/// <summary>
/// Jupyter's complete_reply: the names that may replace the text between <see cref="Start"/> and <see cref="End"/>
/// (UTF-16 offsets into the cell; the kernel converts them to the protocol's code points).
/// </summary>
public sealed record Completion(IReadOnlyList<string> Matches, int Start, int End)
{
    /// <summary>The identifier being typed at <paramref name="cursor"/>: where it starts, and the text so far.</summary>
    public static (int Start, string Prefix) WordAt(string code, int cursor)
    {
        var start = cursor;
        while (start > 0 && (char.IsLetterOrDigit(code[start - 1]) || code[start - 1] == '_')) start--;
        return (start, code[start..cursor]);
    }
}
