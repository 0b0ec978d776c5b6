using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Schane.Scripting;

/// <summary>
/// Resolves <c>#load</c> paths as Roslyn's own resolver does, but hands the compiler the texts read by
/// <see cref="ScriptSources"/>, so a file saved between hashing and compiling cannot make the two disagree.
/// </summary>
internal sealed class SnapshotSourceResolver(SourceReferenceResolver inner, IReadOnlyDictionary<string, SourceText> files)
    : SourceReferenceResolver
{
    public override string? NormalizePath(string path, string? baseFilePath) => inner.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath) => inner.ResolveReference(path, baseFilePath);

    public override Stream OpenRead(string resolvedPath) =>
        files.TryGetValue(resolvedPath, out var text) ? new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())) : inner.OpenRead(resolvedPath);

    public override SourceText ReadText(string resolvedPath) =>
        files.TryGetValue(resolvedPath, out var text) ? text : inner.ReadText(resolvedPath);

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
