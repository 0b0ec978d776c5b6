namespace Schane.Engine.Display;

/// <summary>
/// Names the class that creates a type's display formatters, by .NET Interactive's convention: notebooks find this
/// attribute by its name (TypeFormatterSourceAttribute) and read <see cref="FormatterSourceType"/> and
/// <see cref="PreferredMimeTypes"/> by reflection, so the engine gets rich display with no dependency on them.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Struct, AllowMultiple = true, Inherited = true)]
internal sealed class TypeFormatterSourceAttribute(Type formatterSourceType) : Attribute
{
    /// <summary>A class with a public parameterless constructor and a public <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>.</summary>
    public Type FormatterSourceType { get; } = formatterSourceType;

    /// <summary>The MIME types a notebook should prefer for the annotated type, best first.</summary>
    public string[]? PreferredMimeTypes { get; set; }
}
