using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;

namespace Schane.Interactive.Formatting;

/// <summary>
/// Formatters that libraries carry themselves, by .NET Interactive's convention: a type is annotated with an attribute
/// whose class is named exactly TypeFormatterSourceAttribute (the library's own, in any namespace: found by name, so
/// no library references us or .NET Interactive). Its public FormatterSourceType names a class with a public
/// parameterless constructor and a public <c>IEnumerable&lt;object&gt; CreateTypeFormatters()</c>; each formatter it
/// creates has public <c>string MimeType</c>, optional <c>Type Type</c> (else the annotated type) and
/// <c>bool Format(object, TextWriter)</c>. An optional <c>string[] PreferredMimeTypes</c> orders the MIME types.
/// The reflection used is the convention's (public members only), so what displays here displays there too.
/// </summary>
internal static class ConventionFormatters
{
    /// <summary>The attribute's class name that marks a formatter source.</summary>
    public const string AttributeName = "TypeFormatterSourceAttribute";

    /// <summary>What a type's lineage supplies: formatters (most specific type first), preferred MIME types, and failures.</summary>
    /// <param name="Formatters">The formatters, the annotated type's own first, then its base types', then its interfaces'.</param>
    /// <param name="PreferredMimeTypes">Those of the most specific annotation that names some.</param>
    /// <param name="Errors">One line per formatter source that could not be used.</param>
    public sealed record Found(FormatterEntry[] Formatters, string[] PreferredMimeTypes, string[] Errors);

    // Per annotated type, its own attributes only: a base type's source is created once, however many types derive.
    private static readonly ConcurrentDictionary<Type, Found> Declared = new();

    // Per value type, its whole lineage.
    private static readonly ConcurrentDictionary<Type, Found> Lineages = new();

    /// <summary>The formatters that <paramref name="type"/>, its base types and its interfaces declare (cached).</summary>
    public static Found For(Type type) => Lineages.GetOrAdd(type, t =>
    {
        var parts = Lineage(t).Select(x => Declared.GetOrAdd(x, Discover)).ToArray();
        return new Found(
            parts.SelectMany(p => p.Formatters).Where(f => f.Accepts(t)).ToArray(),
            parts.Select(p => p.PreferredMimeTypes).FirstOrDefault(p => p.Length > 0) ?? [],
            parts.SelectMany(p => p.Errors).ToArray());
    });

    private static IEnumerable<Type> Lineage(Type type)
    {
        for (var t = type; t != null && t != typeof(object) && t != typeof(ValueType); t = t.BaseType) yield return t;
        foreach (var i in type.GetInterfaces()) yield return i;
    }

    private static Found Discover(Type annotated)
    {
        var formatters = new List<FormatterEntry>();
        string[]? preferred = null;
        var errors = new List<string>();
        if (KnownFormatterSources.For(annotated) is { } known)
        {
            // A type that cannot carry the attribute (TorchSharp's Tensor): its source is read exactly as an annotation's.
            preferred = known.PreferredMimeTypes;
            AddSource(known.SourceType, annotated, formatters, errors);
        }
        object[] attributes;
        try
        {
            attributes = annotated.GetCustomAttributes(inherit: false);
        }
        catch (Exception e)
        {
            // An attribute that cannot be instantiated fails the whole read; the type then displays by the defaults.
            errors.Add($"[display] the attributes of {annotated.FullName} cannot be read: {e.GetType().Name}: {e.Message}");
            return new Found(formatters.ToArray(), preferred ?? [], errors.ToArray());
        }
        foreach (var attribute in attributes)
        {
            var attributeType = attribute.GetType();
            if (attributeType.Name != AttributeName) continue;
            if (Property(attributeType, "FormatterSourceType")?.GetValue(attribute) is not Type sourceType)
            {
                errors.Add($"[display] the formatter source of {annotated.FullName} failed: InvalidOperationException: " +
                    $"{attributeType.FullName} has no public FormatterSourceType of type Type");
                continue;
            }
            if (preferred == null && Property(attributeType, "PreferredMimeTypes")?.GetValue(attribute) is string[] { Length: > 0 } mimes)
                preferred = mimes;
            AddSource(sourceType, annotated, formatters, errors);
        }
        return new Found(formatters.ToArray(), preferred ?? [], errors.ToArray());
    }

    // Creates the source and adapts each formatter it creates; a failing source becomes one line in errors.
    private static void AddSource(Type sourceType, Type annotated, List<FormatterEntry> formatters, List<string> errors)
    {
        try
        {
            var source = Activator.CreateInstance(sourceType)!;
            var create = sourceType.GetMethod("CreateTypeFormatters", BindingFlags.Public | BindingFlags.Instance, Type.EmptyTypes)
                ?? throw new InvalidOperationException($"{sourceType.FullName} has no public CreateTypeFormatters()");
            if (create.Invoke(source, null) is not IEnumerable created)
                throw new InvalidOperationException($"{sourceType.FullName}.CreateTypeFormatters() returned no sequence");
            foreach (var formatter in created)
                if (formatter != null) formatters.Add(Adapt(formatter, annotated, sourceType));
        }
        catch (Exception e)
        {
            var cause = e is TargetInvocationException { InnerException: { } inner } ? inner : e;
            errors.Add($"[display] the formatter source of {annotated.FullName} failed: {cause.GetType().Name}: {cause.Message}");
        }
    }

    private static FormatterEntry Adapt(object formatter, Type annotated, Type sourceType)
    {
        var type = formatter.GetType();
        if (Property(type, "MimeType")?.GetValue(formatter) is not string { Length: > 0 } mimeType)
            throw new InvalidOperationException($"{type.FullName} has no public string MimeType");
        var formatted = Property(type, "Type")?.GetValue(formatter) as Type ?? annotated;
        var method = type.GetMethod("Format", BindingFlags.Public | BindingFlags.Instance, [typeof(object), typeof(TextWriter)]);
        if (method == null || method.ReturnType != typeof(bool))
            throw new InvalidOperationException($"{type.FullName} has no public bool Format(object, TextWriter)");
        return new FormatterEntry(mimeType, formatted, method.CreateDelegate<Func<object, TextWriter, bool>>(formatter), sourceType.Name);
    }

    // Public instance properties only, as the convention reads them; the most derived one when a property is hidden.
    private static PropertyInfo? Property(Type type, string name) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p => p.Name == name && p.GetIndexParameters().Length == 0);
}
