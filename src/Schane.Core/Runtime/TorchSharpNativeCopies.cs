namespace Schane.Core.Runtime;

/// <summary>
/// Where copies of TorchSharp's native library libLibTorchSharp.so live: the package's own copy in the NuGet global
/// packages folder (every build copies it from there, so fixing it fixes later builds) and the copies builds have
/// already made into output folders (bin/…/runtimes/linux-x64/native).
/// </summary>
public static class TorchSharpNativeCopies
{
    /// <summary>The file name of TorchSharp's native library on Linux.</summary>
    public const string FileName = "libLibTorchSharp.so";

    /// <summary>The NuGet global packages folder: $NUGET_PACKAGES, else ~/.nuget/packages.</summary>
    public static string NuGetPackagesFolder() =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>
    /// The Linux native library of every TorchSharp version restored into <paramref name="packagesFolder"/>
    /// (torchsharp/VERSION/runtimes/linux-*/native/libLibTorchSharp.so), in order.
    /// </summary>
    public static IReadOnlyList<string> InNuGetCache(string packagesFolder)
    {
        var package = Path.Combine(packagesFolder, "torchsharp");
        if (!Directory.Exists(package)) return [];
        return Directory.EnumerateDirectories(package)
            .Select(version => Path.Combine(version, "runtimes"))
            .Where(Directory.Exists)
            .SelectMany(runtimes => Directory.EnumerateDirectories(runtimes, "linux-*"))
            .Select(rid => Path.Combine(rid, "native", FileName))
            .Where(File.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Every libLibTorchSharp.so under <paramref name="folder"/> (searched to any depth, links to folders not followed).</summary>
    public static IReadOnlyList<string> Under(string folder)
    {
        if (!Directory.Exists(folder)) return [];
        var options = new EnumerationOptions
        {
            RecurseSubdirectories = true,
            IgnoreInaccessible = true,
            AttributesToSkip = FileAttributes.ReparsePoint,
            MatchCasing = MatchCasing.CaseSensitive,
        };
        return Directory.EnumerateFiles(folder, FileName, options).Order(StringComparer.Ordinal).ToList();
    }

    /// <summary>The build outputs of a repository laid out as this one: <paramref name="root"/>/src/*/bin and tests/*/bin.</summary>
    public static IReadOnlyList<string> BuildOutputFolders(string root) =>
        new[] { "src", "tests" }
            .Select(part => Path.Combine(root, part))
            .Where(Directory.Exists)
            .SelectMany(Directory.EnumerateDirectories)
            .Select(project => Path.Combine(project, "bin"))
            .Where(Directory.Exists)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The NuGet cache's copies, then those in <paramref name="repositoryRoot"/>'s build outputs (when given).</summary>
    public static IReadOnlyList<string> Default(string? repositoryRoot) =>
        InNuGetCache(NuGetPackagesFolder())
            .Concat(repositoryRoot is null ? [] : BuildOutputFolders(repositoryRoot).SelectMany(Under))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    /// <summary>
    /// The copy an application in <paramref name="appBase"/> loads: runtimes/linux-x64/native (framework-dependent
    /// build) or beside the application (self-contained publish); null when neither exists.
    /// </summary>
    public static string? NextTo(string appBase) =>
        new[] { Path.Combine(appBase, "runtimes", "linux-x64", "native", FileName), Path.Combine(appBase, FileName) }
            .FirstOrDefault(File.Exists);
}
