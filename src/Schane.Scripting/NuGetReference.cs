using System.Text.RegularExpressions;

namespace Schane.Scripting;

/// <summary>
/// The package of a <c>#r "nuget: Name, Version"</c> directive, written as dotnet-script writes it. The version is
/// required (an exact version or a NuGet range) so that a cached restore stays what it was.
/// </summary>
internal sealed partial record NuGetReference(string Id, string Version)
{
    private const string Prefix = "nuget:";

    /// <summary>True when the <c>#r</c> argument names a NuGet package rather than a file.</summary>
    public static bool IsNuGet(string reference) => reference.TrimStart().StartsWith(Prefix, StringComparison.OrdinalIgnoreCase);

    /// <summary>Parses <c>nuget: Name, Version</c>; a malformed reference throws <see cref="FormatException"/> saying what is wrong.</summary>
    public static NuGetReference Parse(string reference)
    {
        var body = reference.TrimStart()[Prefix.Length..];
        var comma = body.IndexOf(',');
        var id = (comma < 0 ? body : body[..comma]).Trim();
        var version = comma < 0 ? "" : body[(comma + 1)..].Trim();
        if (!IdPattern().IsMatch(id))
            throw new FormatException($"\"{reference}\" does not name a package: write #r \"nuget: Name, Version\"");
        if (version.Length == 0)
            throw new FormatException($"\"{reference}\" gives no version: write #r \"nuget: {id}, <version>\" (scripts pin their packages)");
        if (!VersionPattern().IsMatch(version))
            throw new FormatException($"\"{reference}\": \"{version}\" is not a NuGet version or version range");
        return new NuGetReference(id, version);
    }

    /// <summary>The identity restores are cached under: NuGet ids and versions compare without case.</summary>
    public string Key => $"{Id.ToLowerInvariant()}/{Version.ToLowerInvariant()}";

    /// <inheritdoc />
    public override string ToString() => $"nuget: {Id}, {Version}";

    [GeneratedRegex(@"^[A-Za-z0-9_][A-Za-z0-9_.\-]*$")]
    private static partial Regex IdPattern();

    // Versions (1.2.3, 1.2.3-beta.1+meta), floating versions (1.2.*) and ranges ([1.0, 2.0)); nothing that could
    // escape the XML attribute it is written into.
    [GeneratedRegex(@"^[A-Za-z0-9_.\-+*\[\]\(\), ]+$")]
    private static partial Regex VersionPattern();
}
