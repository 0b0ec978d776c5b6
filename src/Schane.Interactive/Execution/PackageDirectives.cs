using System.Text.RegularExpressions;
using Schane.Core.Runtime;

namespace Schane.Interactive.Execution;

/// <summary>
/// .NET Interactive's package lines in a C# cell, so that a notebook written for it runs here unchanged:
/// <c>#i "nuget: SOURCE"</c> adds a package source, <c>#r "nuget: Name, Version"</c> a package. This kernel restores
/// nothing in cells: it carries Schane.Core, Schane.Experiments, Schane.Scripting, TorchSharp and libtorch already
/// loaded, so a line naming one of those at the version it carries is satisfied (and says so); another version or
/// another package is an error that says what the kernel has and what to do. A local source must exist.
/// </summary>
internal static partial class PackageDirectives
{
    [GeneratedRegex("""^\s*#(?<kind>[ir])\s+"nuget:\s*(?<value>[^"]*)"\s*$""")]
    private static partial Regex Line();

    /// <summary>The packages this kernel carries, by id (case-insensitive), with their versions.</summary>
    public static IReadOnlyDictionary<string, string> Carried { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["Schane.Core"] = PackageNativeLoader.PackageVersionOf(typeof(Schane.Core.TensorData).Assembly),
        ["Schane.Experiments"] = PackageNativeLoader.PackageVersionOf(typeof(Schane.Experiments.Display.TypeFormatterSourceAttribute).Assembly),
        ["Schane.Scripting"] = PackageNativeLoader.PackageVersionOf(typeof(Schane.Scripting.ScriptHost).Assembly),
        ["TorchSharp"] = PackageNativeLoader.PackageVersionOf(typeof(TorchSharp.torch).Assembly),
        [PackageNativeLoader.LibTorchPackage] = PackageNativeLoader.LibTorchPackageVersion,
    };

    /// <summary>What the package lines of a cell came to.</summary>
    /// <param name="Code">The cell with those lines blanked (line numbers kept).</param>
    /// <param name="Notes">One line per satisfied package line, for the cell's output.</param>
    /// <param name="Error">The first line that cannot be satisfied, with its line number; null when none.</param>
    public sealed record Outcome(string Code, IReadOnlyList<string> Notes, string? Error);

    /// <summary>Reads the package lines of <paramref name="code"/>; local sources resolve against <paramref name="workingDirectory"/>.</summary>
    public static Outcome Apply(string code, string workingDirectory)
    {
        var lines = code.Replace("\r\n", "\n").Split('\n');
        var notes = new List<string>();
        for (var i = 0; i < lines.Length; i++)
        {
            var match = Line().Match(lines[i]);
            if (!match.Success) continue;
            var value = match.Groups["value"].Value.Trim();
            var error = match.Groups["kind"].Value == "i" ? Source(value, workingDirectory, notes) : Package(value, notes);
            if (error != null) return new Outcome(code, notes, $"line {i + 1}: {lines[i].Trim()}: {error}");
            lines[i] = "";
        }
        return new Outcome(string.Join('\n', lines), notes, null);
    }

    private static string? Source(string source, string workingDirectory, List<string> notes)
    {
        if (source.Contains("://", StringComparison.Ordinal))
        {
            notes.Add($"package source {source}: not needed here (this kernel restores nothing; its packages are loaded)");
            return null;
        }
        var folder = Path.GetFullPath(source, workingDirectory);
        if (!Directory.Exists(folder))
            return $"the package source {folder} does not exist (in a checkout of Schane.Interactive, `./schane pack` writes the packages to artifacts/packages)";
        notes.Add($"package source {folder}: found (this kernel's own packages are loaded already)");
        return null;
    }

    private static string? Package(string value, List<string> notes)
    {
        var parts = value.Split(',', StringSplitOptions.TrimEntries);
        var id = parts[0];
        var version = parts.Length > 1 ? parts[1] : "";
        var carried = string.Join(", ", Carried.Select(p => $"{p.Key} {p.Value}"));
        if (!Carried.TryGetValue(id, out var have))
            return $"the schane-csharp kernel restores no packages in cells; it carries {carried}. " +
                   "Reference the package's DLL by path (#r \"path/to.dll\"), or run the notebook in .NET Interactive " +
                   "(./schane kernel install --dotnet-interactive, kernel .net-csharp)";
        if (version.Length > 0 && !string.Equals(version, have, StringComparison.OrdinalIgnoreCase))
            return $"this kernel carries {id} {have}, not {version}: ask for {have}, or run the notebook in .NET Interactive " +
                   "(./schane kernel install --dotnet-interactive), which restores the version asked for";
        notes.Add($"{id} {have}: loaded in this kernel");
        return null;
    }
}
