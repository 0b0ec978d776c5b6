namespace Schane.Interactive.Kernel;

/// <summary>
/// Jupyter counts cursor positions in Unicode code points (protocol 5.2+); .NET strings count UTF-16 units. They
/// differ only past characters outside the Basic Multilingual Plane (emoji, some CJK), which a surrogate pair holds.
/// </summary>
internal static class CodePoints
{
    /// <summary>The UTF-16 index of code point <paramref name="offset"/> in <paramref name="text"/> (clamped to its end).</summary>
    public static int ToUtf16(string text, int offset)
    {
        var index = 0;
        for (var points = 0; points < offset && index < text.Length; points++)
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        return index;
    }

    /// <summary>The code point offset of UTF-16 index <paramref name="index"/> in <paramref name="text"/>.</summary>
    public static int FromUtf16(string text, int index)
    {
        var points = 0;
        for (var i = 0; i < index && i < text.Length; i++)
            if (!(char.IsLowSurrogate(text[i]) && i > 0 && char.IsHighSurrogate(text[i - 1]))) points++;
        return points;
    }
}
