namespace Schane.Scripting;

/// <summary>A <c>#r</c> directive: its argument and where it is written (1-based line and column).</summary>
internal sealed record ScriptReferenceDirective(string Reference, string FilePath, int Line, int Column)
{
    /// <summary>Compiler-style location: <c>file(line,col)</c>.</summary>
    public string Location => $"{FilePath}({Line},{Column})";
}
