using System.Text.Json.Nodes;

namespace Schane.Interactive.Documents;

/// <summary>
/// Kernel names as notebooks state them: .NET Interactive's kernels (which split a .dib into cells), the language
/// names Jupyter metadata uses for them, and the metadata fields that name a notebook's default kernel.
/// </summary>
internal static class KernelNames
{
    public const string Default = "csharp";
    public const string Markdown = "markdown";

    // The kernels a .NET Interactive host starts with, and their aliases (each "#!alias" line starts a cell);
    // markdown is no kernel but splits cells too.
    private static readonly (string Name, string[] Aliases)[] BuiltIn =
    [
        ("csharp", ["c#"]), ("fsharp", ["f#"]), ("pwsh", ["powershell"]), ("javascript", ["js"]), ("html", []),
        ("sql", []), ("kql", []), ("mermaid", []), ("http", []), ("value", []), (Markdown, ["md"]),
    ];

    // Jupyter's kernelspec/language_info name languages, not kernels; Polyglot Notebooks writes these.
    private static readonly Dictionary<string, string> ByLanguageName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["C#"] = "csharp", ["csharp"] = "csharp", ["F#"] = "fsharp", ["fsharp"] = "fsharp",
        ["PowerShell"] = "pwsh", ["pwsh"] = "pwsh",
    };

    private static readonly Dictionary<string, string> ByKernelspecName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["schane-csharp"] = "csharp", [".net-csharp"] = "csharp", [".net-fsharp"] = "fsharp", [".net-pwsh"] = "pwsh",
    };

    /// <summary>Alias (any case) → kernel name, for the built-in kernels plus those a document's kernelInfo lists.</summary>
    public static Dictionary<string, string> Splitters(JsonObject? kernelInfo)
    {
        var map = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, aliases) in BuiltIn)
        {
            map[name] = name;
            foreach (var alias in aliases) map[alias] = name;
        }
        if (At(kernelInfo, "items") is JsonArray items)
            foreach (var item in items.OfType<JsonObject>())
            {
                if (Text(At(item, "name")) is not { Length: > 0 } name) continue;
                map[name] = name;
                if (At(item, "aliases") is JsonArray aliases)
                    foreach (var alias in aliases.Select(Text).OfType<string>().Where(a => a.Length > 0))
                        map[alias] = name;
            }
        return map;
    }

    /// <summary>The default kernel of an .ipynb's top-level metadata; "csharp" when nothing says.</summary>
    public static string DefaultOfIpynb(JsonObject metadata) =>
        Text(At(metadata, "polyglot_notebook", "kernelInfo", "defaultKernelName"))
        ?? Text(At(metadata, "dotnet_interactive", "defaultKernelName"))
        ?? FromLanguage(Text(At(metadata, "kernelspec", "language")))
        ?? FromKernelspecName(Text(At(metadata, "kernelspec", "name")))
        ?? FromLanguage(Text(At(metadata, "language_info", "name")))
        ?? Default;

    /// <summary>The default kernel of a .dib's <c>#!meta</c> object; "csharp" when nothing says.</summary>
    public static string DefaultOfDib(JsonObject meta) =>
        Text(At(meta, "kernelInfo", "defaultKernelName")) ?? Default;

    /// <summary>The kernel name of a cell's metadata: Polyglot's newer field, else .NET Interactive's older one.</summary>
    public static string? OfCell(JsonObject cellMetadata) =>
        Text(At(cellMetadata, "polyglot_notebook", "kernelName")) ?? Text(At(cellMetadata, "dotnet_interactive", "language"));

    /// <summary>Jupyter's name for the kernel's language ("C#" for csharp), as language_info writes it.</summary>
    public static string LanguageName(string kernel) => kernel switch
    {
        "csharp" => "C#",
        "fsharp" => "F#",
        "pwsh" => "PowerShell",
        _ => kernel,
    };

    // "polyglot-notebook" (VS Code's language_info) names no language; it defers to the fields above.
    private static string? FromLanguage(string? language) =>
        language is null or "" || language.Equals("polyglot-notebook", StringComparison.OrdinalIgnoreCase) ? null
        : ByLanguageName.TryGetValue(language, out var kernel) ? kernel
        : language.ToLowerInvariant();

    private static string? FromKernelspecName(string? name) =>
        name != null && ByKernelspecName.TryGetValue(name, out var kernel) ? kernel : null;

    /// <summary>
    /// Fills in Polyglot Notebooks' kernelInfo: the default kernel, and an item for every kernel the code cells use
    /// (a .dib reader splits cells only at kernels it knows).
    /// </summary>
    public static void WriteKernelInfo(JsonObject kernelInfo, Notebook notebook)
    {
        kernelInfo["defaultKernelName"] = notebook.DefaultLanguage;
        if (kernelInfo["items"] is not JsonArray items) kernelInfo["items"] = items = [];
        var listed = items.Select(item => Text(At(item, "name"))).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        var used = notebook.Cells.Where(c => c.Kind == NotebookCellKind.Code).Select(c => c.Language).Prepend(notebook.DefaultLanguage);
        foreach (var name in used.Where(n => !string.IsNullOrWhiteSpace(n)))
            if (listed.Add(name))
                items.Add(new JsonObject { ["aliases"] = new JsonArray(), ["name"] = name });
    }

    /// <summary>The object <paramref name="parent"/> holds under <paramref name="name"/>, created (replacing anything
    /// that is not an object) when missing.</summary>
    public static JsonObject Child(JsonObject parent, string name)
    {
        if (parent[name] is JsonObject child) return child;
        var created = new JsonObject();
        parent[name] = created;
        return created;
    }

    /// <summary>The node at <paramref name="keys"/> below <paramref name="node"/>, or null where any step is missing or
    /// not an object (metadata is only consulted, so a wrong shape there is no error).</summary>
    public static JsonNode? At(JsonNode? node, params ReadOnlySpan<string> keys)
    {
        foreach (var key in keys)
            node = node is JsonObject o && o.TryGetPropertyValue(key, out var next) ? next : null;
        return node;
    }

    /// <summary>The node's string value, or null when it is absent, not a string, or blank.</summary>
    public static string? Text(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var s) && !string.IsNullOrWhiteSpace(s) ? s.Trim() : null;
}
