using System.Collections;
using System.Globalization;
using System.Text;

namespace Schane.Interactive.Formatting;

/// <summary>
/// What displays when neither a registration nor the type itself says how: text as it is; numbers and other
/// IFormattable values in the invariant culture; sequences as a preview of their first
/// <see cref="Formatter.PreviewItems"/> items (and an HTML table when the items are records or other data objects);
/// data objects (records, anonymous types…) as a table of their properties; exceptions with their stack trace.
/// </summary>
internal static class DefaultFormatters
{
    // Nested values deeper than this show their ToString: bounds the work and ends reference cycles.
    private const int MaxDepth = 3;

    /// <summary>
    /// The defaults for values of <paramref name="type"/>: text/plain always, and the HTML forms too when
    /// <paramref name="rich"/> (false when the type's own formatters already give a rich form, which the defaults must
    /// not outrank in a notebook's choice).
    /// </summary>
    public static IEnumerable<FormatterEntry> For(Type type, bool rich)
    {
        if (type == typeof(string))
        {
            yield return Plain(type, v => (string)v);
        }
        else if (type == typeof(HtmlString))
        {
            yield return new FormatterEntry(MimeTypes.Html, type, Write(v => ((HtmlString)v).Html), "HtmlString");
            yield return Plain(type, v => ((HtmlString)v).Html);
        }
        else if (typeof(Exception).IsAssignableFrom(type))
        {
            if (rich) yield return new FormatterEntry(MimeTypes.Html, type, Write(v => ExceptionHtml((Exception)v)), "exception");
            yield return Plain(type, v => v.ToString()!);
        }
        else if (typeof(IEnumerable).IsAssignableFrom(type))
        {
            // Both forms share one read of the items: a sequence may be lazy, costly, or readable only once.
            var preview = new PreviewOnce();
            if (rich) yield return new FormatterEntry(MimeTypes.Html, type, (v, w) => SequenceTable((IEnumerable)v, preview, w), "sequence");
            yield return Plain(type, v => SequenceText((IEnumerable)v, 0, preview));
        }
        else if (DataObjects.Is(type))
        {
            if (rich) yield return new FormatterEntry(MimeTypes.Html, type, Write(PropertyTable), "properties");
            yield return Plain(type, v => DataText(v, 0));
        }
        else
        {
            yield return Plain(type, v => Text(v));
        }
    }

    /// <summary>The default plain text of a value nested <paramref name="depth"/> levels inside the one displayed.</summary>
    public static string PlainText(object value, int depth) => value switch
    {
        string s => s,
        _ when depth >= MaxDepth => Text(value),
        Exception e => $"{e.GetType().Name}: {e.Message}",
        IEnumerable sequence => SequenceText(sequence, depth, new PreviewOnce()),
        _ when DataObjects.Is(value.GetType()) => DataText(value, depth),
        _ => Text(value),
    };

    private static FormatterEntry Plain(Type type, Func<object, string> render) =>
        new(MimeTypes.PlainText, type, Write(render), "default");

    private static Func<object, TextWriter, bool> Write(Func<object, string> render) => (value, writer) =>
    {
        writer.Write(render(value));
        return true;
    };

    // Numbers, dates and other IFormattable values in the invariant culture; everything else as ToString says.
    private static string Text(object value) =>
        value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value.ToString() ?? "";

    // ---- sequences ----------------------------------------------------------------------------------------

    private static string SequenceText(IEnumerable sequence, int depth, PreviewOnce preview)
    {
        var (items, more) = preview.Of(sequence);
        var parts = items.Select(item => item is string s ? Quote(s) : Formatter.NestedPlainText(item, depth + 1));
        var text = "[" + string.Join(", ", more ? parts.Append("…") : parts) + "]";
        return more ? text + " (" + Shown(sequence) + ")" : text;
    }

    private static bool SequenceTable(IEnumerable sequence, PreviewOnce preview, TextWriter writer)
    {
        var (items, more) = preview.Of(sequence);
        if (items.Count == 0 || items.Any(item => item == null || !DataObjects.Is(item.GetType()))) return false;
        var columns = items.SelectMany(item => DataObjects.PropertiesOf(item!.GetType())!)
            .Select(p => p.Name).Distinct(StringComparer.Ordinal).ToArray();
        var rows = items.Select((item, index) =>
        {
            var properties = DataObjects.PropertiesOf(item!.GetType())!;
            var cells = new List<string> { index.ToString(CultureInfo.InvariantCulture) };
            foreach (var column in columns)
            {
                var property = properties.FirstOrDefault(p => p.Name == column);
                cells.Add(property == null ? "" : Html.Cell(Formatter.NestedPlainText(DataObjects.Read(property, item!), 1)));
            }
            return (IReadOnlyList<string>)cells;
        });
        var caption = Html.TypeName(sequence.GetType()) + (more ? " (" + Shown(sequence) + ")" : $" ({items.Count} items)");
        writer.Write(Html.Table(caption, ["#", .. columns], rows));
        return true;
    }

    // The first PreviewItems items of a sequence and whether there are more, read once and kept for each form.
    private sealed class PreviewOnce
    {
        private IEnumerable? source;
        private (List<object?> Items, bool More) read;

        public (List<object?> Items, bool More) Of(IEnumerable sequence)
        {
            if (!ReferenceEquals(source, sequence))
            {
                read = Preview(sequence);
                source = sequence;
            }
            return read;
        }
    }

    // Never enumerates past the preview: a sequence may be endless.
    private static (List<object?> Items, bool More) Preview(IEnumerable sequence)
    {
        var items = new List<object?>();
        var enumerator = sequence.GetEnumerator();
        try
        {
            while (enumerator.MoveNext())
            {
                if (items.Count == Formatter.PreviewItems) return (items, true);
                items.Add(enumerator.Current);
            }
            return (items, false);
        }
        finally
        {
            (enumerator as IDisposable)?.Dispose();
        }
    }

    // "first 20 of 1000 items" when the collection knows its count, "first 20 items" when it does not.
    private static string Shown(IEnumerable sequence)
    {
        int? count = sequence is ICollection c ? c.Count : null;
        count ??= sequence.GetType().GetInterfaces()
            .Where(i => i.IsGenericType && (i.GetGenericTypeDefinition() == typeof(IReadOnlyCollection<>) ||
                                            i.GetGenericTypeDefinition() == typeof(ICollection<>)))
            .Select(i => i.GetProperty("Count")?.GetValue(sequence) as int?)
            .FirstOrDefault(n => n != null);
        return count is { } n
            ? $"first {Formatter.PreviewItems} of {n.ToString("N0", CultureInfo.InvariantCulture)} items"
            : $"first {Formatter.PreviewItems} items";
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    // ---- data objects -------------------------------------------------------------------------------------

    // A hand-written ToString wins; otherwise C#'s record format, "Point { X = 1, Y = 2 }" ("{ … }" for anonymous
    // types), with every property shown by its own formatter.
    private static string DataText(object value, int depth)
    {
        var type = value.GetType();
        if (DataObjects.HasOwnToString(type)) return value.ToString() ?? "";
        var members = DataObjects.PropertiesOf(type)!
            .Select(p => p.Name + " = " + Formatter.NestedPlainText(DataObjects.Read(p, value), depth + 1));
        var body = "{ " + string.Join(", ", members) + " }";
        return DataObjects.IsAnonymous(type) ? body : Html.TypeName(type) + " " + body;
    }

    private static string PropertyTable(object value)
    {
        var rows = DataObjects.PropertiesOf(value.GetType())!.Select(p => (IReadOnlyList<string>)
            [Html.Encode(p.Name), Html.Cell(Formatter.NestedPlainText(DataObjects.Read(p, value), 1))]);
        return Html.Table(Html.TypeName(value.GetType()), ["property", "value"], rows);
    }

    // ---- exceptions ---------------------------------------------------------------------------------------

    private static string ExceptionHtml(Exception exception)
    {
        var sb = new StringBuilder();
        sb.Append("<details class=\"schane-exception\"><summary><b>").Append(Html.Encode(exception.GetType().Name))
          .Append("</b>: ").Append(Html.Encode(exception.Message)).Append("</summary>");
        if (exception.StackTrace != null) sb.Append("<pre>").Append(Html.Encode(exception.StackTrace)).Append("</pre>");
        for (var inner = exception.InnerException; inner != null; inner = inner.InnerException)
            sb.Append("<div>caused by <b>").Append(Html.Encode(inner.GetType().Name)).Append("</b>: ")
              .Append(Html.Encode(inner.Message)).Append("</div>");
        return sb.Append("</details>").ToString();
    }
}
