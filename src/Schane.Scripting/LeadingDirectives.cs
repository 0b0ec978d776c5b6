using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting;

/// <summary>
/// Finds a script's <c>#r</c> and <c>#load</c> directives without the C# parser. C# allows them only before the
/// file's first token, so reading the leading blank lines, comments and directives is exact; it saves the parser's
/// start-up on every cached run. A directive it does not know (<c>#if</c>, <c>#define</c>, …) or an unexpected form
/// returns null, and the caller parses the file.
/// </summary>
internal static class LeadingDirectives
{
    /// <summary>A directive: "r" or "load", its quoted argument, and its 1-based line and column.</summary>
    public sealed record Directive(string Kind, string Argument, int Line, int Column);

    /// <summary>The leading directives in order, or null when only the parser can tell.</summary>
    public static IReadOnlyList<Directive>? Scan(SourceText text)
    {
        var directives = new List<Directive>();
        var inComment = false;
        foreach (var line in text.Lines)
        {
            var content = line.ToString();
            var i = 0;
            while (true)
            {
                if (inComment)
                {
                    var end = content.IndexOf("*/", i, StringComparison.Ordinal);
                    if (end < 0) break;
                    inComment = false;
                    i = end + 2;
                    continue;
                }
                while (i < content.Length && char.IsWhiteSpace(content[i])) i++;
                if (i >= content.Length || content.AsSpan(i).StartsWith("//")) break;
                if (content.AsSpan(i).StartsWith("/*"))
                {
                    inComment = true;
                    i += 2;
                    continue;
                }
                if (content[i] != '#') return directives;  // the first token: no directive may follow
                if (line.LineNumber == 0 && i == 0 && content.StartsWith("#!", StringComparison.Ordinal)) break;  // shebang
                var directive = ParseDirective(content, i, line.LineNumber);
                if (directive == null) return null;
                if (directive.Kind.Length > 0) directives.Add(directive);
                break;
            }
        }
        return directives;
    }

    // "#r \"x\"" and "#load \"x\"" are read; #nullable, #pragma, #region, #endregion, #line, #error and #warning are
    // skipped (a directive ends its line); anything else (#if, #define, …) is left to the parser.
    private static Directive? ParseDirective(string content, int start, int lineNumber)
    {
        var i = start + 1;
        while (i < content.Length && (content[i] == ' ' || content[i] == '\t')) i++;
        var nameStart = i;
        while (i < content.Length && char.IsAsciiLetter(content[i])) i++;
        var name = content[nameStart..i];
        switch (name)
        {
            case "r" or "load":
                while (i < content.Length && (content[i] == ' ' || content[i] == '\t')) i++;
                if (i >= content.Length || content[i] != '"') return null;
                var close = content.IndexOf('"', i + 1);
                if (close < 0) return null;
                var rest = content[(close + 1)..].Trim();
                if (rest.Length > 0 && !rest.StartsWith("//", StringComparison.Ordinal)) return null;
                return new Directive(name, content[(i + 1)..close], lineNumber + 1, start + 1);
            case "nullable" or "pragma" or "region" or "endregion" or "line" or "error" or "warning":
                return new Directive("", "", 0, 0);
            default:
                return null;
        }
    }
}
