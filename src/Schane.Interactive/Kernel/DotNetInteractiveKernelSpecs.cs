using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Interactive.Kernel;

/// <summary>
/// .NET Interactive's Jupyter kernels (<c>.net-csharp</c>, <c>.net-fsharp</c>), installed from a local tool manifest
/// (<c>.config/dotnet-tools.json</c>: <c>dotnet tool restore</c>), with the kernelspecs its own
/// <c>jupyter install --path</c> writes, changed in one way: Jupyter starts the kernel through a relay
/// (<c>schane kernel dotnet-interactive</c>) that turns Jupyter's interrupt (SIGINT, which would end that kernel) into
/// <see cref="Core.Notebooks.SignalInterrupt.RelaySignal"/>, so that an interrupt stops a training run at its next step.
/// </summary>
public static class DotNetInteractiveKernelSpecs
{
    /// <summary>The tool's package id, as the manifest names it.</summary>
    public const string ToolPackage = "microsoft.dotnet-interactive";

    /// <summary>The kernelspecs installed, and the language each starts with.</summary>
    public static IReadOnlyDictionary<string, string> Kernels { get; } = new Dictionary<string, string>
    {
        [".net-csharp"] = "csharp",
        [".net-fsharp"] = "fsharp",
    };

    private static readonly TimeSpan RestoreTimeout = TimeSpan.FromMinutes(5);

    /// <summary>The tool's version in <paramref name="manifest"/>.</summary>
    /// <exception cref="InvalidDataException">The manifest does not name the tool.</exception>
    public static string ToolVersion(string manifest)
    {
        var json = JsonNode.Parse(File.ReadAllText(manifest));
        return json?["tools"]?[ToolPackage]?["version"]?.GetValue<string>()
            ?? throw new InvalidDataException($"{manifest}: tools.{ToolPackage}.version is missing (expected the .NET Interactive tool's version)");
    }

    /// <summary>
    /// The tool's entry assembly in the NuGet packages folder (where <c>dotnet tool restore</c> puts a local tool),
    /// restoring the manifest's tools first when it is not there.
    /// </summary>
    /// <exception cref="InvalidOperationException">The restore failed: its output is in the message.</exception>
    public static string Restore(string manifest, string packagesFolder)
    {
        var version = ToolVersion(manifest);
        var tools = Path.Combine(packagesFolder, ToolPackage, version, "tools");
        if (EntryAssembly(tools) is { } found) return found;
        var (code, output) = RunDotnet(["tool", "restore", "--tool-manifest", manifest], Path.GetDirectoryName(manifest)!, RestoreTimeout);
        if (code != 0)
            throw new InvalidOperationException($"dotnet tool restore --tool-manifest {manifest} failed (exit {code}):\n{output.Trim()}");
        return EntryAssembly(tools) ?? throw new InvalidOperationException(
            $"dotnet tool restore succeeded but {ToolPackage} {version} has no Microsoft.DotNet.Interactive.App.dll under {tools}");
    }

    private static string? EntryAssembly(string tools) =>
        Directory.Exists(tools)
            ? Directory.EnumerateFiles(tools, "Microsoft.DotNet.Interactive.App.dll", SearchOption.AllDirectories).Order(StringComparer.Ordinal).LastOrDefault()
            : null;

    /// <summary>
    /// Writes <see cref="Kernels"/> into <paramref name="kernelsDirectory"/> with the tool's own installer, then points
    /// each one's argv at <paramref name="relay"/> (followed by the kernel's language and the connection file) and
    /// gives the kernel <paramref name="packageSource"/> as a package source: every restore it runs is an MSBuild
    /// project, which reads <c>RestoreAdditionalProjectSources</c> from the environment (.NET Interactive's <c>#i</c>
    /// takes absolute paths only, so a notebook cannot name the checkout's folder itself). Returns the folders written.
    /// </summary>
    /// <exception cref="DirectoryNotFoundException"><paramref name="packageSource"/> does not exist.</exception>
    public static IReadOnlyList<string> Install(string toolAssembly, string kernelsDirectory, IReadOnlyList<string> relay, string packageSource)
    {
        if (!Directory.Exists(packageSource))
            throw new DirectoryNotFoundException(
                $"the package source {packageSource} does not exist: `./schane pack` writes Schane.Core, Schane.Experiments and Schane.Scripting there; run it first");
        Directory.CreateDirectory(kernelsDirectory);
        var (code, output) = RunDotnet([toolAssembly, "jupyter", "install", "--path", kernelsDirectory], kernelsDirectory, TimeSpan.FromMinutes(1));
        var folders = new List<string>();
        foreach (var (name, language) in Kernels)
        {
            var file = Path.Combine(kernelsDirectory, name, "kernel.json");
            if (code != 0 || !File.Exists(file))
                throw new InvalidOperationException($"{toolAssembly} jupyter install --path {kernelsDirectory} did not write {file} (exit {code}):\n{output.Trim()}");
            var spec = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            spec["argv"] = new JsonArray(relay.Concat([language, "{connection_file}"]).Select(a => (JsonNode?)JsonValue.Create(a)).ToArray());
            spec["interrupt_mode"] = "signal";
            spec["env"] = new JsonObject
            {
                ["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1",
                ["MALLOC_ARENA_MAX"] = "1",
                ["RestoreAdditionalProjectSources"] = Path.GetFullPath(packageSource),
            };
            File.WriteAllText(file + ".tmp", spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            File.Move(file + ".tmp", file, overwrite: true);
            folders.Add(Path.GetDirectoryName(file)!);
        }
        return folders;
    }

    private static (int Code, string Output) RunDotnet(IEnumerable<string> arguments, string workingDirectory, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_INTERACTIVE_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', start.ArgumentList)} did not finish within {timeout.TotalMinutes:0} min");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
