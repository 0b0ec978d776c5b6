using System.Diagnostics;
using System.Security;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Schane.Scripting;

/// <summary>
/// Restores a <c>#r "nuget: ..."</c> package the way dotnet-script does: a throwaway project with one PackageReference
/// for the running framework, <c>dotnet restore</c>, then the compile and runtime assets of the package and its
/// dependencies from obj/project.assets.json. Results are cached per (id, version) under
/// <c>&lt;cache&gt;/nuget/</c>, so a package restores once.
/// </summary>
internal sealed partial class NuGetRestorer(string cacheDirectory, Action<string>? log = null)
{
    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The target framework restores resolve for: the one this process runs on (net10.0).</summary>
    public static string TargetFramework => $"net{Environment.Version.Major}.{Environment.Version.Minor}";

    private string Root => Path.Combine(cacheDirectory, "nuget");

    /// <summary>The package's assets, from the cache or from a restore; a package that cannot be had throws <see cref="NuGetRestoreException"/>.</summary>
    public RestoredPackage Restore(NuGetReference package)
    {
        var entry = EntryPath(package);
        if (TryReadEntry(entry) is { } cached)
        {
            log?.Invoke($"restore cached: {package}");
            return cached;
        }
        var stopwatch = Stopwatch.StartNew();
        var restored = RestoreWithSdk(package);
        log?.Invoke($"restored {package} in {stopwatch.ElapsedMilliseconds} ms");
        WriteEntry(entry, restored);
        return restored;
    }

    private string EntryPath(NuGetReference package)
    {
        // Ranges such as [1.0, 2.0) do not make file names: those get a hash of the exact text.
        var version = package.Version.ToLowerInvariant();
        var safe = Regex.Replace(version, @"[^a-z0-9.+\-]", "_");
        if (safe != version) safe += "-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(version)))[..12];
        return Path.Combine(Root, package.Id.ToLowerInvariant(), safe + ".json");
    }

    private static RestoredPackage? TryReadEntry(string entry)
    {
        try
        {
            var restored = JsonSerializer.Deserialize<RestoredPackage>(File.ReadAllText(entry));
            return restored != null && restored.FilesExist() ? restored : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return null;
        }
    }

    private static void WriteEntry(string entry, RestoredPackage restored)
    {
        // Write-then-rename: a reader never sees half an entry, and two processes restoring at once both succeed.
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(entry)!);
            var temporary = $"{entry}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(restored, Json));
            File.Move(temporary, entry, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The cache only saves time: a read-only cache folder still runs the script.
        }
    }

    private RestoredPackage RestoreWithSdk(NuGetReference package)
    {
        var project = Path.Combine(Path.GetTempPath(), $"schane-restore-{Guid.NewGuid():N}");
        Directory.CreateDirectory(project);
        try
        {
            File.WriteAllText(Path.Combine(project, "restore.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <TargetFramework>{TargetFramework}</TargetFramework>
                    <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="{SecurityElement.Escape(package.Id)}" Version="{SecurityElement.Escape(package.Version)}" />
                  </ItemGroup>
                </Project>
                """);
            var (exitCode, output) = RunRestore(project);
            if (exitCode != 0) throw new NuGetRestoreException(Explain(package, output));
            return ReadAssets(Path.Combine(project, "obj", "project.assets.json"));
        }
        finally
        {
            try { Directory.Delete(project, recursive: true); } catch (IOException) { }
        }
    }

    private static (int ExitCode, string Output) RunRestore(string project)
    {
        var info = new ProcessStartInfo(DotNetExecutable())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = project,
        };
        foreach (var argument in new[]
                 {
                     "restore", Path.Combine(project, "restore.csproj"), "-nologo",
                     // The temporary project must not pick up a repository's build settings (central package
                     // management would reject its Version attribute).
                     "-p:ImportDirectoryBuildProps=false", "-p:ImportDirectoryBuildTargets=false", "-p:ImportDirectoryPackagesProps=false",
                 })
            info.ArgumentList.Add(argument);
        // A parent build (dotnet test, an IDE) leaves MSBuild's own paths in the environment; the restore finds its own.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";

        using var process = Process.Start(info) ?? throw new NuGetRestoreException("could not start `dotnet restore`");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(RestoreTimeout))
        {
            process.Kill(entireProcessTree: true);
            throw new NuGetRestoreException($"`dotnet restore` did not finish in {RestoreTimeout.TotalMinutes} minutes");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }

    // `dotnet restore` as the SDK that runs this process: the muxer when started as `dotnet schane.dll`, else PATH's.
    private static string DotNetExecutable()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        if (!string.IsNullOrEmpty(host) && File.Exists(host)) return host;
        var process = Environment.ProcessPath;
        if (process != null && Path.GetFileNameWithoutExtension(process) == "dotnet") return process;
        return "dotnet";
    }

    /// <summary>One readable sentence for NuGet's error codes, followed by NuGet's own error lines.</summary>
    internal static string Explain(NuGetReference package, string output)
    {
        var errors = ErrorLine().Matches(output).Select(m => (Code: m.Groups[1].Value, Text: m.Groups[2].Value.Trim())).Distinct().ToList();
        var codes = errors.Select(e => e.Code).ToHashSet();
        var nearest = NearestVersion().Match(output);
        var missingSource = MissingLocalSource().Match(output);
        // Our own packages come from a checkout: say how they get into a package source.
        var ours = package.Id.StartsWith("Schane.", StringComparison.OrdinalIgnoreCase);
        var summary =
            codes.Contains("NU1101") ? $"no package named {package.Id} in the package sources" + (ours ? ": " + PackHint : "") :
            codes.Contains("NU1102") ? $"package {package.Id} has no version {package.Version}" +
                                       (nearest.Success ? $" (nearest: {nearest.Groups[1].Value})" : "") +
                                       (ours ? $": `./schane pack` in a checkout of version {package.Version} packs it; " + PackHint : "") :
            codes.Contains("NU1103") ? $"package {package.Id} has only prerelease versions near {package.Version}" +
                                       (nearest.Success ? $" (nearest: {nearest.Groups[1].Value})" : "") :
            codes.Contains("NU1301") && missingSource.Success ? MissingSource(missingSource.Groups[1].Value) :
            codes.Contains("NU1301") ? "the package source could not be reached" :
            codes.Contains("NU1202") ? $"package {package.Id} {package.Version} does not support {TargetFramework}" :
            "`dotnet restore` failed";
        var details = errors.Count > 0
            ? errors.Select(e => $"{e.Code}: {e.Text}")
            : output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).TakeLast(5);
        return summary + Environment.NewLine + string.Join(Environment.NewLine, details.Select(d => "    " + d));
    }

    private const string PackHint =
        "Schane.* packages are written by `./schane pack` into the checkout's artifacts/packages, which must be a package source " +
        "(`dotnet nuget add source <checkout>/artifacts/packages --name schane`)";

    // A folder in the NuGet sources that is not there: every restore fails until it exists or leaves the sources.
    private static string MissingSource(string folder) =>
        $"the package source {folder} does not exist: " +
        (Path.TrimEndingDirectorySeparator(folder).EndsWith(Path.Combine("artifacts", "packages"), StringComparison.Ordinal)
            ? "`./schane pack` in that checkout creates it"
            : "create it, or take it out of the sources (`dotnet nuget list source`, then `dotnet nuget remove source NAME`)");

    // MSBuild may append the project as " [/path/restore.csproj]".
    [GeneratedRegex(@"error (NU\d{4}): *(.*?)(?:\s+\[[^\]]*\.csproj\])?\s*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"Nearest version: ([^\s\]]+)")]
    private static partial Regex NearestVersion();

    [GeneratedRegex(@"error NU1301: The local source '([^']+)' doesn't exist")]
    private static partial Regex MissingLocalSource();

    /// <summary>The package's and its dependencies' assemblies for <see cref="TargetFramework"/>, as full paths.</summary>
    internal static RestoredPackage ReadAssets(string assetsFile)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(assetsFile));
        var root = document.RootElement;
        var folders = root.GetProperty("packageFolders").EnumerateObject().Select(f => f.Name).ToList();
        var libraries = root.GetProperty("libraries");
        var target = root.GetProperty("targets").EnumerateObject().First(t => !t.Name.Contains('/')).Value;
        var compile = new List<string>();
        var runtime = new List<string>();
        foreach (var library in target.EnumerateObject())
        {
            if (library.Value.GetProperty("type").GetString() != "package") continue;
            var libraryPath = libraries.GetProperty(library.Name).GetProperty("path").GetString()!;
            compile.AddRange(Assets(library.Value, "compile", folders, libraryPath));
            runtime.AddRange(Assets(library.Value, "runtime", folders, libraryPath));
        }
        return new RestoredPackage(compile, runtime);
    }

    private static IEnumerable<string> Assets(System.Text.Json.JsonElement library, string kind, List<string> folders, string libraryPath)
    {
        if (!library.TryGetProperty(kind, out var assets)) yield break;
        foreach (var asset in assets.EnumerateObject())
        {
            // "_._" marks a framework that needs no assembly from this package.
            if (!asset.Name.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)) continue;
            var path = folders.Select(f => Path.GetFullPath(Path.Combine(f, libraryPath, asset.Name))).FirstOrDefault(File.Exists);
            if (path != null) yield return path;
        }
    }
}
