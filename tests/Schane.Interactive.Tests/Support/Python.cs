using System.Diagnostics;

namespace Schane.Interactive.Tests.Support;

/// <summary>
/// Runs the independent oracle: Debian's python3 with python3-torch (/usr/bin/python3, not the python3 first on
/// PATH, which cannot import Debian's packages). Scripts live in tests/reference. (The minimum the notebook tests need, until
/// the shared test support lands in tests/Schane.Core.Tests/Support.)
/// </summary>
public static class Python
{
    public const string Interpreter = "/usr/bin/python3";

    /// <summary>The repository's tests/reference folder.</summary>
    public static string ReferenceDir { get; } = FindReferenceDir();

    /// <summary>Runs tests/reference/<paramref name="script"/> with arguments; returns stdout, or throws with stderr.</summary>
    public static string Run(string script, params string[] args)
    {
        var info = new ProcessStartInfo(Interpreter)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(ReferenceDir, script));
        foreach (var a in args) info.ArgumentList.Add(a);
        info.Environment["OMP_NUM_THREADS"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{script} failed with exit code {process.ExitCode}:\n{stderr}");
        return stdout.Result;
    }

    private static string FindReferenceDir()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "reference");
            if (Directory.Exists(candidate)) return candidate;
        }
        throw new DirectoryNotFoundException("tests/reference not found above " + AppContext.BaseDirectory);
    }
}
