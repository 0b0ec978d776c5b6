namespace Schane.Interactive.Execution;

/// <summary>The languages a cell can be written in, as .NET Interactive names them (kernel names).</summary>
public enum CellLanguage
{
    /// <summary>C# script (Roslyn), the default: <c>#!csharp</c>.</summary>
    CSharp,

    /// <summary>F# script (FSharp.Compiler.Service): <c>#!fsharp</c>.</summary>
    FSharp,

    /// <summary>Markdown: shown, never run: <c>#!markdown</c>.</summary>
    Markdown,
}

/// <summary>Names of <see cref="CellLanguage"/> as they appear in magic lines (<c>#!fsharp</c>) and notebook metadata.</summary>
public static class CellLanguages
{
    // .NET Interactive's kernel names and aliases, plus the names notebook metadata uses for the same languages.
    private static readonly Dictionary<string, CellLanguage> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["csharp"] = CellLanguage.CSharp, ["c#"] = CellLanguage.CSharp, ["C#"] = CellLanguage.CSharp,
        ["fsharp"] = CellLanguage.FSharp, ["f#"] = CellLanguage.FSharp, ["F#"] = CellLanguage.FSharp,
        ["markdown"] = CellLanguage.Markdown, ["md"] = CellLanguage.Markdown,
    };

    /// <summary>The kernel name .NET Interactive writes for <paramref name="language"/>: csharp, fsharp or markdown.</summary>
    public static string Name(this CellLanguage language) => language switch
    {
        CellLanguage.CSharp => "csharp",
        CellLanguage.FSharp => "fsharp",
        CellLanguage.Markdown => "markdown",
        _ => throw new ArgumentOutOfRangeException(nameof(language), language, null),
    };

    /// <summary>The language called <paramref name="name"/> (csharp, c#, fsharp, f#, markdown, md; any case), or null.</summary>
    public static CellLanguage? TryParse(string? name) =>
        name != null && ByName.TryGetValue(name.Trim(), out var language) ? language : null;

    /// <summary>Every accepted name, for error messages.</summary>
    public static string Known => "csharp (c#), fsharp (f#), markdown (md)";
}
