namespace Schane.Core.Display;

/// <summary>
/// One formatter in the shape .NET Interactive's convention reads by reflection: a <see cref="MimeType"/>, the
/// <see cref="Type"/> it formats, and <see cref="Format"/>. It must keep a single public Format method, which the
/// convention looks up by name.
/// </summary>
internal sealed class DisplayFormatter(string mimeType, Type type, Func<object, string> render)
{
    /// <summary>The MIME type written, e.g. text/html.</summary>
    public string MimeType { get; } = mimeType;

    /// <summary>The type of the values this formatter accepts.</summary>
    public Type Type { get; } = type;

    /// <summary>Writes <paramref name="instance"/> as <see cref="MimeType"/>; false when it is not a <see cref="Type"/>.</summary>
    public bool Format(object instance, TextWriter writer)
    {
        if (!Type.IsInstanceOfType(instance)) return false;
        writer.Write(render(instance));
        return true;
    }
}
