using System.Diagnostics;

namespace Schane.Distributed.Tests;

/// <summary>
/// Starts programs under Open MPI's mpirun on this machine only: loopback TCP (btl self,tcp on lo), as root
/// (--allow-run-as-root: CI runs as root), more ranks than cores (--oversubscribe), and a wall-clock limit after
/// which the whole job is killed, so that no test can hang.
/// </summary>
internal static class MpiRun
{
    public static readonly string[] LoopbackFlags =
        ["--allow-run-as-root", "--oversubscribe", "--mca", "btl", "self,tcp", "--mca", "btl_tcp_if_include", "lo", "--mca", "oob_tcp_if_include", "lo"];

    public sealed record Result(int ExitCode, string Stdout, string Stderr, bool TimedOut)
    {
        public string Output => Stdout + Stderr;
    }

    /// <summary>The test host's dll (tests/Schane.Distributed.TestHost's build output for this configuration).</summary>
    public static string Host { get; } = BuildOutput("tests", "Schane.Distributed.TestHost", "Schane.Distributed.TestHost.dll");

    /// <summary>The CLI's dll (src/Schane.Cli's build output).</summary>
    public static string Cli { get; } = BuildOutput("src", "Schane.Cli", "Schane.Cli.dll");

    /// <summary>mpirun -np <paramref name="ranks"/> dotnet <paramref name="dll"/> <paramref name="args"/>, killed after <paramref name="limit"/>.</summary>
    public static Result Run(int ranks, string dll, IEnumerable<string> args, TimeSpan limit) =>
        Wait(Start(["-np", ranks.ToString(), "dotnet", dll, .. args]), limit);

    /// <summary>Starts mpirun with <paramref name="arguments"/> after the loopback flags (e.g. an MPMD "A : B" launch).</summary>
    public static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var flag in LoopbackFlags) info.ArgumentList.Add(flag);
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        info.Environment["MALLOC_ARENA_MAX"] = "1";
        return Process.Start(info)!;
    }

    /// <summary>Starts dotnet <paramref name="arguments"/> (a command that launches mpirun itself).</summary>
    public static Process StartDotnet(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) info.ArgumentList.Add(argument);
        return Process.Start(info)!;
    }

    /// <summary>Waits for a started job; past <paramref name="limit"/> it kills mpirun and its ranks.</summary>
    public static Result Wait(Process process, TimeSpan limit)
    {
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(limit);
        if (!exited) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        return new Result(exited ? process.ExitCode : -1, stdout.Result, stderr.Result, !exited);
    }

    private static string BuildOutput(string root, string project, string dll)
    {
        // tests/Schane.Distributed.Tests/bin/<Configuration>/net10.0/ → <root>/<project>/bin/<Configuration>/net10.0/<dll>
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        for (var dir = output; dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, root, project, "bin", configuration, "net10.0", dll);
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{project}'s build output was not found above {AppContext.BaseDirectory}");
    }
}
