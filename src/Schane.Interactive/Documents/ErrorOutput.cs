namespace Schane.Interactive.Documents;

/// <summary>An exception a cell raised: <c>new_output("error", ename=..., evalue=..., traceback=[...])</c>.</summary>
/// <param name="EName">The exception's type name.</param>
/// <param name="EValue">The exception's message.</param>
/// <param name="Traceback">The stack trace, one string per frame or line (may hold ANSI colour codes).</param>
public sealed record ErrorOutput(string EName, string EValue, IReadOnlyList<string> Traceback) : CellOutput
{
    /// <summary>True when both have the same name, value and traceback lines.</summary>
    public bool Equals(ErrorOutput? other) =>
        other is not null && EName == other.EName && EValue == other.EValue && Traceback.SequenceEqual(other.Traceback);

    /// <summary>A hash consistent with <see cref="Equals(ErrorOutput)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(EName, EValue, Traceback.Count);
}
