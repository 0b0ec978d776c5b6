using Schane.Core.Display;
using static TorchSharp.torch;

namespace Schane.Interactive.Formatting;

/// <summary>
/// Formatter sources for types that cannot carry a TypeFormatterSourceAttribute because another library owns them:
/// TorchSharp's <see cref="Tensor"/> displays through Schane.Core's <see cref="TensorFormatterSource"/>. Each source
/// is read exactly as an annotation's (<see cref="ConventionFormatters"/>), so it comes after registered formatters
/// and before the defaults, as the attribute's would.
/// </summary>
internal static class KnownFormatterSources
{
    /// <summary>A formatter source and the MIME types its type prefers, best first.</summary>
    /// <param name="SourceType">A class with a public parameterless constructor and <c>CreateTypeFormatters()</c>.</param>
    /// <param name="PreferredMimeTypes">The display order of the MIME types.</param>
    public sealed record Source(Type SourceType, string[] PreferredMimeTypes);

    private static readonly Dictionary<Type, Source> Sources = new()
    {
        [typeof(Tensor)] = new Source(typeof(TensorFormatterSource), [.. TensorFormatterSource.PreferredMimeTypes]),
    };

    /// <summary>The source for exactly <paramref name="type"/> (base types are looked up one by one by the caller); null when none.</summary>
    public static Source? For(Type type) => Sources.GetValueOrDefault(type);
}
