using System.Collections;
using System.Collections.Concurrent;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;

namespace Schane.Interactive.Formatting;

/// <summary>
/// Values best shown as their properties: records (C# and F#), anonymous types, key–value pairs, and classes or
/// structs with public properties whose ToString is object's (the type name, which says nothing). Numbers, text,
/// collections, exceptions, delegates and reflection objects are not.
/// </summary>
internal static class DataObjects
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo[]?> Cache = new();

    /// <summary>The public instance properties to show for <paramref name="type"/>, or null when it is not a data object.</summary>
    public static PropertyInfo[]? PropertiesOf(Type type) => Cache.GetOrAdd(type, Inspect);

    /// <summary>True for records, anonymous types and the like (see the class summary).</summary>
    public static bool Is(Type type) => PropertiesOf(type) != null;

    /// <summary>
    /// Whether the type's ToString is written by hand: not object's (the type name), and not the one a compiler
    /// generates for records and anonymous types, which prints nested values by their ToString rather than by their
    /// formatters (a list as its type name, a tensor without its values).
    /// </summary>
    public static bool HasOwnToString(Type type) =>
        type.GetMethod(nameof(ToString), Type.EmptyTypes) is { DeclaringType: { } declaring } method &&
        declaring != typeof(object) && declaring != typeof(ValueType) &&
        !method.IsDefined(typeof(CompilerGeneratedAttribute)) && !IsAnonymous(declaring);

    /// <summary>True for C# anonymous types.</summary>
    public static bool IsAnonymous(Type type) =>
        type.IsDefined(typeof(CompilerGeneratedAttribute)) && type.Name.Contains("AnonymousType", StringComparison.Ordinal);

    /// <summary>The value of <paramref name="property"/>, or a note of the exception its getter threw.</summary>
    public static object? Read(PropertyInfo property, object instance)
    {
        try { return property.GetValue(instance); }
        catch (TargetInvocationException e) when (e.InnerException != null)
        {
            return new ThrownBy(e.InnerException);
        }
    }

    /// <summary>Shown in place of a property whose getter threw.</summary>
    public sealed record ThrownBy(Exception Exception)
    {
        /// <summary>"(threw InvalidOperationException: message)".</summary>
        public override string ToString() => $"(threw {Exception.GetType().Name}: {Exception.Message})";
    }

    private static PropertyInfo[]? Inspect(Type type)
    {
        if (type.IsPrimitive || type.IsEnum || type.IsPointer || type == typeof(string) || type == typeof(decimal) ||
            typeof(IFormattable).IsAssignableFrom(type) || typeof(IEnumerable).IsAssignableFrom(type) ||
            typeof(Exception).IsAssignableFrom(type) || typeof(Delegate).IsAssignableFrom(type) ||
            typeof(MemberInfo).IsAssignableFrom(type) || typeof(Task).IsAssignableFrom(type) || type == typeof(HtmlString))
            return null;
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0)
            .OrderBy(p => p.MetadataToken)
            .ToArray();
        if (properties.Length == 0) return null;
        var shaped = IsRecord(type) || IsAnonymous(type) || IsFSharpRecord(type) || type == typeof(DictionaryEntry) ||
                     (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(KeyValuePair<,>));
        return shaped || !HasOwnToString(type) ? properties : null;
    }

    // C# records (class and struct) get a compiler-generated PrintMembers(StringBuilder).
    private static bool IsRecord(Type type) =>
        type.GetMethod("PrintMembers", BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, [typeof(StringBuilder)]) is { } m &&
        m.IsDefined(typeof(CompilerGeneratedAttribute));

    // F# marks records with CompilationMapping(SourceConstructFlags.RecordType = 2); matched by name, as the
    // formatter convention is, to need nothing of FSharp.Core.
    private static bool IsFSharpRecord(Type type) =>
        type.GetCustomAttributes(inherit: false).Any(a =>
            a.GetType().FullName == "Microsoft.FSharp.Core.CompilationMappingAttribute" &&
            a.GetType().GetProperty("SourceConstructFlags")?.GetValue(a) is Enum flags &&
            (Convert.ToInt32(flags, System.Globalization.CultureInfo.InvariantCulture) & 31) == 2);
}
