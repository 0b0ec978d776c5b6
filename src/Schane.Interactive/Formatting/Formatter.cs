using System.Globalization;

namespace Schane.Interactive.Formatting;

/// <summary>
/// Turns a cell's value into a MIME bundle (MIME type → text) for a notebook to display, as .NET Interactive's
/// Formatter does. For each MIME type the first formatter that succeeds wins, in this order: formatters registered
/// with <see cref="Register{T}"/> (the most specific type first, then the newest), so a notebook can override any
/// display; formatters the value's type carries by .NET Interactive's convention (an attribute named
/// TypeFormatterSourceAttribute on the type, a base type or an interface; TorchSharp's Tensor gets Schane.Core's tensor
/// formatters the same way, see KnownFormatterSources); then defaults for
/// text, numbers, sequences, records and exceptions. A formatter that throws is skipped for the next one, and a note
/// saying so ends the text/plain form. Everything is written in the invariant culture.
/// </summary>
public static class Formatter
{
    /// <summary>How many items a sequence's preview shows.</summary>
    public const int PreviewItems = 20;

    // Newest first; replaced whole on every change, so readers never lock.
    private static FormatterEntry[] registered = [];
    private static readonly Lock Gate = new();

    /// <summary>
    /// The MIME bundle of <paramref name="value"/>: always text/plain, and the richer forms its formatters give
    /// (text/html, image/svg+xml…), in the order the type prefers (its PreferredMimeTypes), then in formatter order.
    /// </summary>
    public static IReadOnlyDictionary<string, string> Format(object? value)
    {
        var culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            return Bundle(value);
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }

    /// <summary>
    /// Displays values of <typeparamref name="T"/> (and of types derived from it) as <paramref name="mimeType"/>
    /// with <paramref name="format"/>, ahead of any formatter the type carries itself. A later registration for the
    /// same type and MIME type replaces this one. When <paramref name="format"/> returns null the next formatter is used.
    /// </summary>
    public static void Register<T>(string mimeType, Func<T, string?> format)
    {
        CheckMimeType(mimeType);
        ArgumentNullException.ThrowIfNull(format);
        var entry = new FormatterEntry(mimeType, typeof(T), (value, writer) =>
        {
            if (value is not T typed || format(typed) is not { } text) return false;
            writer.Write(text);
            return true;
        }, $"Formatter.Register<{Html.TypeName(typeof(T))}>");
        lock (Gate) registered = [entry, .. registered.Where(e => !(e.Type == typeof(T) && e.MimeType == mimeType))];
    }

    /// <summary>Removes what <see cref="Register{T}"/> set for <typeparamref name="T"/> and <paramref name="mimeType"/>; false if nothing was.</summary>
    public static bool Unregister<T>(string mimeType)
    {
        CheckMimeType(mimeType);
        lock (Gate)
        {
            var kept = registered.Where(e => !(e.Type == typeof(T) && e.MimeType == mimeType)).ToArray();
            var removed = kept.Length != registered.Length;
            registered = kept;
            return removed;
        }
    }

    private static void CheckMimeType(string mimeType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        if (!mimeType.Contains('/'))
            throw new ArgumentException($"'{mimeType}' is not a MIME type (type/subtype, e.g. text/html)", nameof(mimeType));
    }

    private static OrderedDictionary<string, string> Bundle(object? value)
    {
        var bundle = new OrderedDictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
        {
            bundle[MimeTypes.PlainText] = "<null>";
            return bundle;
        }
        var type = value.GetType();
        var found = ConventionFormatters.For(type);
        FormatterEntry[] own = [.. Registered(type), .. found.Formatters];
        var rich = own.All(f => f.MimeType == MimeTypes.PlainText);
        FormatterEntry[] candidates = [.. own, .. DefaultFormatters.For(type, rich)];
        var notes = new List<string>(found.Errors);
        var order = found.PreferredMimeTypes.Concat(candidates.Select(c => c.MimeType)).Append(MimeTypes.PlainText).Distinct(StringComparer.Ordinal);
        foreach (var mimeType in order)
            foreach (var candidate in candidates.Where(c => c.MimeType == mimeType))
                if (TryFormat(candidate, value, notes) is { } text)
                {
                    bundle[mimeType] = text;
                    break;
                }
        var plain = bundle.TryGetValue(MimeTypes.PlainText, out var p) ? p : $"<{Html.TypeName(type)}>";
        bundle[MimeTypes.PlainText] = notes.Count == 0 ? plain : plain + "\n" + string.Join("\n", notes);
        return bundle;
    }

    /// <summary>The plain text of a value shown inside another (a sequence item, a property), <paramref name="depth"/> levels down.</summary>
    internal static string NestedPlainText(object? value, int depth)
    {
        if (value is null) return "null";
        var type = value.GetType();
        foreach (var candidate in Registered(type).Concat(ConventionFormatters.For(type).Formatters))
            if (candidate.MimeType == MimeTypes.PlainText && TryFormat(candidate, value, null) is { } text) return text;
        return DefaultFormatters.PlainText(value, depth);
    }

    private static string? TryFormat(FormatterEntry formatter, object value, List<string>? notes)
    {
        try
        {
            using var writer = new StringWriter(CultureInfo.InvariantCulture);
            return formatter.Format(value, writer) ? writer.ToString() : null;
        }
        catch (Exception e)
        {
            notes?.Add($"[display] the {formatter.MimeType} formatter from {formatter.Origin} failed and was skipped ({e.GetType().Name}: {e.Message})");
            return null;
        }
    }

    // Applicable registrations, the most specific type first: the type itself, its base classes nearest first, then
    // interfaces, then object. The order of registration (newest first) breaks ties.
    private static IEnumerable<FormatterEntry> Registered(Type type) =>
        Volatile.Read(ref registered).Where(e => e.Accepts(type)).OrderBy(e => Distance(e.Type, type));

    private static int Distance(Type registeredType, Type valueType)
    {
        if (registeredType == typeof(object)) return int.MaxValue;
        var distance = 0;
        for (var t = valueType; t != null; t = t.BaseType, distance++)
            if (t == registeredType) return distance;
        return int.MaxValue / 2;
    }
}
