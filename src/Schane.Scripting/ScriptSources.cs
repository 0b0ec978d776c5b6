using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting;

/// <summary>
/// A script and every file it <c>#load</c>s, transitively, each read once: the cache key hashes exactly the text
/// that is then compiled. Reading them first is also where a missing file is reported with the line that loads it
/// and a cycle with its chain (Roslyn itself would load each file once and say nothing about the cycle).
/// </summary>
internal sealed class ScriptSources
{
    private static readonly CSharpParseOptions ParseOptions =
        CSharpParseOptions.Default.WithKind(SourceCodeKind.Script).WithLanguageVersion(LanguageVersion.Latest);

    private ScriptSources(List<ScriptSourceFile> files, List<ScriptReferenceDirective> references)
    {
        Files = files;
        References = references;
    }

    /// <summary>The script first, then each #loaded file in the order first reached.</summary>
    public IReadOnlyList<ScriptSourceFile> Files { get; }

    /// <summary>The script itself.</summary>
    public ScriptSourceFile Main => Files[0];

    /// <summary>Every <c>#r</c> of every file, in order.</summary>
    public IReadOnlyList<ScriptReferenceDirective> References { get; }

    /// <summary>Reads <paramref name="mainPath"/> (a full path) and its #loads, resolved as Roslyn resolves them.</summary>
    public static ScriptSources Read(string mainPath, SourceReferenceResolver resolver)
    {
        var files = new List<ScriptSourceFile>();
        var references = new List<ScriptReferenceDirective>();
        var visited = new HashSet<string>(StringComparer.Ordinal);
        var loading = new List<string>();

        void Visit(string path)
        {
            visited.Add(path);
            loading.Add(path);
            var text = SourceText.From(File.ReadAllText(path, Encoding.UTF8), Encoding.UTF8);
            files.Add(new ScriptSourceFile(path, text));
            foreach (var directive in Directives(text, path))
            {
                if (directive.Kind == "r")
                {
                    references.Add(new ScriptReferenceDirective(directive.Argument, path, directive.Line, directive.Column));
                    continue;
                }
                var file = directive.Argument;
                var at = $"{path}({directive.Line},{directive.Column})";
                var resolved = resolver.ResolveReference(file, path);
                if (resolved == null)
                {
                    var lookedAt = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(path)!, file));
                    throw new ScriptErrorException($"{at}: error: #load \"{file}\": file not found ({lookedAt})");
                }
                var cycleStart = loading.IndexOf(resolved);
                if (cycleStart >= 0)
                {
                    var chain = loading.Skip(cycleStart).Append(resolved).Select(p => Display(mainPath, p));
                    throw new ScriptErrorException($"{at}: error: cyclic #load: {string.Join(" → ", chain)}");
                }
                // A file two others both load is compiled once, as Roslyn does.
                if (!visited.Contains(resolved)) Visit(resolved);
            }
            loading.RemoveAt(loading.Count - 1);
        }

        Visit(mainPath);
        return new ScriptSources(files, references);
    }

    // The #r and #load directives in order: read directly when possible, else from the parser.
    private static IEnumerable<LeadingDirectives.Directive> Directives(SourceText text, string path)
    {
        if (LeadingDirectives.Scan(text) is { } scanned) return scanned;
        var root = CSharpSyntaxTree.ParseText(text, ParseOptions, path).GetCompilationUnitRoot();
        return root.GetReferenceDirectives().Select(d => Directive("r", d.File.ValueText, d))
            .Concat(root.GetLoadDirectives().Select(d => Directive("load", d.File.ValueText, d)))
            .OrderBy(d => d.Line).ThenBy(d => d.Column).ToList();
    }

    private static LeadingDirectives.Directive Directive(string kind, string argument, DirectiveTriviaSyntax directive)
    {
        var start = directive.GetLocation().GetLineSpan().StartLinePosition;
        return new LeadingDirectives.Directive(kind, argument, start.Line + 1, start.Character + 1);
    }

    // Paths in the main script's folder are shown relative to it; others in full.
    private static string Display(string mainPath, string path)
    {
        var relative = Path.GetRelativePath(Path.GetDirectoryName(mainPath)!, path);
        return relative.StartsWith("..", StringComparison.Ordinal) ? path : relative;
    }
}
