using System.Diagnostics;

namespace Schane.Cli.Tests;

/// <summary>
/// The SDK as a user runs it (`dotnet pack`, `dotnet add package`, `dotnet run`), as a child process with a time limit.
/// Its output goes to a file, not a pipe: the compiler server a build starts outlives the build and would hold a pipe
/// open.
/// </summary>
internal static class Dotnet
{
    public sealed record Result(int ExitCode, string Output, TimeSpan Elapsed)
    {
        /// <summary>The output's lines that start with <paramref name="prefix"/>, without it.</summary>
        public string[] Values(string prefix) =>
            Output.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith(prefix, StringComparison.Ordinal))
                .Select(l => l[prefix.Length..]).ToArray();
    }

    /// <summary>The repository's root (the folder of Schane.Interactive.sln above this test's build output).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration this test assembly was built in (its bin/&lt;Configuration&gt;/net10.0 folder).</summary>
    public static string Configuration { get; } = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    /// <summary>
    /// Runs `dotnet <paramref name="args"/>` in <paramref name="folder"/>; <paramref name="environment"/> sets variables
    /// (null removes one). Kills the process tree and fails after <paramref name="timeout"/>.
    /// </summary>
    public static Result Run(string folder, TimeSpan timeout, IReadOnlyDictionary<string, string?>? environment, params string[] args)
    {
        var log = Path.Combine(Path.GetTempPath(), $"schane-dotnet-{Guid.NewGuid():N}.log");
        var info = new ProcessStartInfo("bash") { WorkingDirectory = folder, UseShellExecute = false };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("log=\"$1\"; shift; exec dotnet \"$@\" >\"$log\" 2>&1");
        info.ArgumentList.Add("dotnet");
        info.ArgumentList.Add(log);
        foreach (var a in args) info.ArgumentList.Add(a);
        // dotnet test leaves MSBuild's own paths in the environment; the child SDK finds its own. No MSBuild nodes stay
        // behind after it.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
            info.Environment.Remove(name);
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null) info.Environment.Remove(name);
            else info.Environment[name] = value;
        }
        var clock = Stopwatch.StartNew();
        using var process = Process.Start(info)!;
        var finished = process.WaitForExit(timeout);
        if (!finished) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        var output = File.Exists(log) ? File.ReadAllText(log) : "";
        File.Delete(log);
        if (!finished) throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {timeout.TotalSeconds:F0} s:\n{output}");
        return new Result(process.ExitCode, output, clock.Elapsed);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Schane.Interactive.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException("Schane.Interactive.sln not found above " + AppContext.BaseDirectory);
    }
}
