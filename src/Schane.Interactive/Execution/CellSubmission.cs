namespace Schane.Interactive.Execution;

/// <summary>
/// A piece of a cell in one language. A cell may switch languages with magic lines as .NET Interactive's do
/// (<c>#!fsharp</c>, <c>#!csharp</c>, <c>#!markdown</c> alone on a line): each magic line starts a new submission.
/// </summary>
/// <param name="Language">The submission's language.</param>
/// <param name="Code">Its text, without the magic line.</param>
/// <param name="FirstLine">The 1-based line of the cell where <paramref name="Code"/> starts.</param>
internal sealed record CellSubmission(CellLanguage Language, string Code, int FirstLine)
{
    /// <summary>Splits <paramref name="source"/> at its magic lines; text before the first one is in <paramref name="language"/>.</summary>
    /// <exception cref="UnknownCellLanguageException">A <c>#!name</c> line names no language this kernel runs.</exception>
    public static IReadOnlyList<CellSubmission> Split(string source, CellLanguage language)
    {
        var lines = source.Replace("\r\n", "\n").Split('\n');
        var submissions = new List<CellSubmission>();
        var start = 0;
        for (var i = 0; i <= lines.Length; i++)
        {
            CellLanguage? next = null;
            if (i < lines.Length)
            {
                var line = lines[i].TrimEnd();
                // "#!" followed by a name and nothing else: C# and F# have no such syntax, so it is a magic line.
                if (!line.StartsWith("#!", StringComparison.Ordinal) || line.Length == 2 || line.Contains(' ')) continue;
                next = CellLanguages.TryParse(line[2..]) ?? throw new UnknownCellLanguageException(line, i + 1);
            }
            var code = string.Join('\n', lines[start..i]);
            if (code.Trim().Length > 0 || (submissions.Count == 0 && next == null)) submissions.Add(new CellSubmission(language, code, start + 1));
            if (next is { } switched) language = switched;
            start = i + 1;
        }
        return submissions;
    }
}

/// <summary>A cell's magic line names a language (or magic command) this kernel does not run.</summary>
public sealed class UnknownCellLanguageException(string magic, int line)
    : Exception($"line {line}: unknown cell language '{magic}' (this kernel runs {CellLanguages.Known})")
{
    /// <summary>The magic line as written, e.g. <c>#!pwsh</c>.</summary>
    public string Magic { get; } = magic;

    /// <summary>Its 1-based line in the cell.</summary>
    public int Line { get; } = line;
}
