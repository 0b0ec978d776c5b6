namespace Schane.Interactive.Formatting;

/// <summary>The MIME types the notebook display writes (the keys of <see cref="Formatter.Format"/>'s bundle).</summary>
public static class MimeTypes
{
    /// <summary>Plain text, which every display bundle holds.</summary>
    public const string PlainText = "text/plain";

    /// <summary>HTML, self-contained (no scripts, no external CSS) in every formatter of ours.</summary>
    public const string Html = "text/html";

    /// <summary>An SVG image.</summary>
    public const string Svg = "image/svg+xml";
}
