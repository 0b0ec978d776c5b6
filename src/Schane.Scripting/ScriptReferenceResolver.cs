using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace Schane.Scripting;

/// <summary>
/// Resolves <c>#r</c>: <c>"nuget: Name, Version"</c> to the compile assemblies of the restored package (restored
/// before compiling), and a path or assembly name as Roslyn's script resolver does (relative to the file that
/// writes it). An assembly the host already references by default (e.g. a <c>#r</c> of the built Schane.Core.dll,
/// which makes the same script run under dotnet-script) resolves to the host's own copy, so types stay one.
/// </summary>
internal sealed class ScriptReferenceResolver(
    MetadataReferenceResolver inner,
    IReadOnlyDictionary<string, ImmutableArray<PortableExecutableReference>> packages,
    IReadOnlyDictionary<string, PortableExecutableReference> hostAssemblies) : MetadataReferenceResolver
{
    public override ImmutableArray<PortableExecutableReference> ResolveReference(string reference, string? baseFilePath, MetadataReferenceProperties properties)
    {
        if (NuGetReference.IsNuGet(reference))
        {
            var package = NuGetReference.Parse(reference);
            return packages.TryGetValue(package.Key, out var assemblies) ? assemblies : [];
        }
        return inner.ResolveReference(reference, baseFilePath, properties).Select(HostCopy).ToImmutableArray();
    }

    public override bool ResolveMissingAssemblies => inner.ResolveMissingAssemblies;

    public override PortableExecutableReference? ResolveMissingAssembly(MetadataReference definition, AssemblyIdentity referenceIdentity) =>
        inner.ResolveMissingAssembly(definition, referenceIdentity) is { } resolved ? HostCopy(resolved) : null;

    private PortableExecutableReference HostCopy(PortableExecutableReference reference) =>
        reference.FilePath != null && hostAssemblies.TryGetValue(ScriptAssemblies.SimpleName(reference.FilePath) ?? "", out var own) ? own : reference;

    public override bool Equals(object? other) => ReferenceEquals(this, other);

    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
