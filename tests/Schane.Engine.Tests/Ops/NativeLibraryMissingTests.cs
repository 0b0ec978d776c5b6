using System.Diagnostics;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Without the shim the first tensor call fails with a message that says how to get it. The library cannot be unloaded
/// in this process, so a copy of the CLI's output folder (where nothing can find the shim) runs `info` in a child.
/// </summary>
public class NativeLibraryMissingTests
{
    private static readonly string Root = Path.GetDirectoryName(Path.GetDirectoryName(Python.ReferenceDir))!;
    private static readonly string CliOutput = Path.Combine(Root, "src", "Schane.Cli", "bin", "Release", "net10.0");

    private static (int ExitCode, string Output) RunCopiedCli(string nativePath)
    {
        using var dir = new TempDir();
        foreach (var file in Directory.GetFiles(CliOutput))
            if (!file.EndsWith(".so", StringComparison.Ordinal)) File.Copy(file, dir.File(Path.GetFileName(file)));
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "exec", dir.File("Schane.Cli.dll"), "info" }) info.ArgumentList.Add(a);
        info.Environment["SCHANE_NATIVE"] = nativePath;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, stdout.Result + stderr);
    }

    [Fact]
    public void AMissingShimIsExplained()
    {
        Assert.True(File.Exists(Path.Combine(CliOutput, "Schane.Cli.dll")), $"build the CLI first: {CliOutput}");
        var missing = Path.Combine(Path.GetTempPath(), "schane-no-such-dir", "libschane_native.so");
        var (exitCode, output) = RunCopiedCli(missing);
        Assert.NotEqual(0, exitCode);
        Assert.Contains("DllNotFoundException", output);
        Assert.Contains("libschane_native.so could not be loaded", output);
        Assert.Contains("./schane", output);
        Assert.Contains("LIBTORCH", output);
        Assert.Contains("SCHANE_NATIVE", output);
        Assert.Contains(missing + " (not found)", output);
    }

    [Fact]
    public void SchaneNativeFindsTheShimFromAnywhere()
    {
        var shim = Path.Combine(Root, "build", "native", "libschane_native.so");
        Assert.True(File.Exists(shim), $"build the shim first: {shim}");
        var (exitCode, output) = RunCopiedCli(shim);
        Assert.True(exitCode == 0, output);
        Assert.Contains("threads=", output);
    }
}
