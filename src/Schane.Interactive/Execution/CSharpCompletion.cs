using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Schane.Interactive.Execution;

/// <summary>
/// Completions for C# cells from Roslyn's semantic model of the cell as the next submission: after <c>x.</c> the
/// members of x's type (or of a namespace or type, statically), elsewhere every symbol in scope (earlier cells'
/// variables, the globals, imported namespaces' types) and the keywords.
/// </summary>
internal static class CSharpCompletion
{
    private static readonly string[] Keywords = SyntaxFacts.GetKeywordKinds().Select(SyntaxFacts.GetText).Where(k => k.Length > 0).ToArray();

    public static Completion Complete(CSharpSession session, string code, int cursor)
    {
        cursor = Math.Clamp(cursor, 0, code.Length);
        var (start, prefix) = Completion.WordAt(code, cursor);
        var script = session.Continue("completion.csx", code);
        var compilation = script.GetCompilation();
        var tree = CSharpSession.SubmissionTree(compilation, script.Options.FilePath);
        var model = compilation.GetSemanticModel(tree);
        var names = Candidates(model, tree, code, start);
        var matches = names.Where(n => n.StartsWith(prefix, StringComparison.Ordinal))
            .Distinct().Order(StringComparer.Ordinal).ToList();
        return new Completion(matches, start, cursor);
    }

    private static IEnumerable<string> Candidates(SemanticModel model, SyntaxTree tree, string code, int start)
    {
        var before = start - 1;
        while (before >= 0 && char.IsWhiteSpace(code[before])) before--;
        if (before >= 0 && code[before] == '.')
        {
            var dot = tree.GetRoot().FindToken(before);
            var left = dot.Parent switch
            {
                MemberAccessExpressionSyntax access => access.Expression,
                QualifiedNameSyntax qualified => qualified.Left,
                _ => null,
            };
            return left == null ? [] : Members(model, left, start);
        }
        return model.LookupSymbols(start).Where(Visible).Select(s => s.Name).Concat(Keywords);
    }

    // x.: instance members of x's type with extension methods; N. or T.: a namespace's members, a type's statics.
    private static IEnumerable<string> Members(SemanticModel model, ExpressionSyntax left, int position)
    {
        if (model.GetSymbolInfo(left).Symbol is INamespaceOrTypeSymbol container)
            return model.LookupSymbols(position, container)
                .Where(s => Visible(s) && (container is INamespaceSymbol || s.IsStatic || s is INamedTypeSymbol))
                .Select(s => s.Name);
        return model.GetTypeInfo(left).Type is { } type
            ? model.LookupSymbols(position, type, includeReducedExtensionMethods: true).Where(s => Visible(s) && !s.IsStatic).Select(s => s.Name)
            : [];
    }

    // Compiler-generated and special names (constructors, operators, accessors) are not something a user types.
    private static bool Visible(ISymbol symbol) =>
        symbol.CanBeReferencedByName && !symbol.IsImplicitlyDeclared && symbol.Name.Length > 0 && !symbol.Name.StartsWith('<');
}
