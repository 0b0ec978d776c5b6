using System.Diagnostics;

namespace Schane.Cli.Tests;

/// <summary>Runs the built `schane` CLI (src/Schane.Cli's output for this configuration) as a child process.</summary>
internal static class Cli
{
    /// <summary>The built Schane.Cli.dll.</summary>
    public static readonly string Dll = FindDll();

    public sealed record Result(int ExitCode, string Stdout, string Stderr)
    {
        public string LastLine => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? "";
    }

    public static Result Run(params string[] args) => Run(Start(args));

    /// <summary>Runs the CLI with extra environment variables (e.g. a private SCHANE_SCRIPT_CACHE).</summary>
    public static Result RunWithEnvironment(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        foreach (var (name, value) in environment) info.Environment[name] = value;
        return Run(Process.Start(info)!);
    }

    /// <summary>Runs the CLI with files limited to <paramref name="kilobytes"/> (ulimit -f; SIGXFSZ ignored, so writes fail with EFBIG as on a full disk).</summary>
    public static Result RunWithFileSizeLimit(int kilobytes, params string[] args)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        // The runtime's W^X double mapping writes to a memory file, which the limit would also stop.
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        info.ArgumentList.Add($"ulimit -f {kilobytes}; trap '' XFSZ; exec dotnet \"$@\"");
        info.ArgumentList.Add("schane");
        info.ArgumentList.Add(Dll);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Run(Process.Start(info)!);
    }

    /// <summary>
    /// Starts the CLI with redirected output, as a command typed at a terminal: with SIGINT at its default even when
    /// these tests run in a background job (whose shell ignores SIGINT, which children inherit and .NET keeps). Python
    /// resets it and execs dotnet in the same process. The caller reads the output and waits.
    /// </summary>
    public static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("/usr/bin/python3") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in (string[])["-c", "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(sys.argv[1], sys.argv[1:])", "dotnet", Dll])
            info.ArgumentList.Add(a);
        foreach (var a in args) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }

    /// <summary>Reads a started CLI's stderr lines into <paramref name="seen"/> until one contains <paramref name="text"/>; returns it.</summary>
    public static string WaitFor(Process process, List<string> seen, string text)
    {
        string? line;
        while ((line = process.StandardError.ReadLine()) is not null)
        {
            seen.Add(line);
            if (line.Contains(text)) return line;
        }
        throw new Xunit.Sdk.XunitException($"never saw '{text}'; stderr:\n{string.Join('\n', seen)}");
    }

    /// <summary>Sends SIGINT (Ctrl-C) to a started CLI.</summary>
    public static void Interrupt(Process process) => Signal(process, "INT");

    /// <summary>Sends a signal (by name: INT, TERM) to a started CLI.</summary>
    public static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", process.Id.ToString()])!;
        kill.WaitForExit();
    }

    private static Result Run(Process process)
    {
        using var _ = process;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return new Result(process.ExitCode, stdout.Result, stderr);
    }

    private static string FindDll()
    {
        // tests/Schane.Cli.Tests/bin/<Configuration>/net10.0/ → src/Schane.Cli/bin/<Configuration>/net10.0/Schane.Cli.dll
        var output = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = output.Parent!.Name;
        for (var dir = output; dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "src", "Schane.Cli", "bin", configuration, "net10.0", "Schane.Cli.dll");
            if (File.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException("the CLI's build output was not found above " + AppContext.BaseDirectory);
    }
}
