namespace Schane.Interactive.Formatting;

/// <summary>
/// One way to write values of <paramref name="Type"/> as <paramref name="MimeType"/>, whatever its origin (a
/// library's formatter source, a registration, a default).
/// </summary>
/// <param name="MimeType">The MIME type written.</param>
/// <param name="Type">Values must be assignable to this type.</param>
/// <param name="Format">Writes the value and returns true, or returns false to let the next formatter try.</param>
/// <param name="Origin">Who supplied it, for the note shown when it fails.</param>
internal sealed record FormatterEntry(string MimeType, Type Type, Func<object, TextWriter, bool> Format, string Origin)
{
    /// <summary>Whether it applies to values of <paramref name="valueType"/>.</summary>
    public bool Accepts(Type valueType) => Type.IsAssignableFrom(valueType);
}
