using System.Diagnostics;
using Schane.Core.Runtime;

namespace Schane.Core.Tests.Runtime;

/// <summary>
/// End to end: a process started from this project's build output (the copy `./schane` fixed after the build) loads
/// TorchSharp's native library and computes with it. See <see cref="TorchSharpChild"/> for why a child process.
/// </summary>
public class TorchSharpLoadTests
{
    [Fact]
    public async Task LoadsTorchSharpFromTheBuildOutputAndComputes()
    {
        var start = new ProcessStartInfo(Environment.ProcessPath ?? "dotnet")
        {
            ArgumentList = { typeof(TorchSharpLoadTests).Assembly.Location, "torchsharp" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var child = Process.Start(start)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var errors = child.StandardError.ReadToEndAsync(timeout.Token);
        var output = await child.StandardOutput.ReadToEndAsync(timeout.Token);
        await child.WaitForExitAsync(timeout.Token);

        Assert.True(child.ExitCode == 0, $"exit code {child.ExitCode}: {await errors}");
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("sum=2", lines[0]);
        // When the regular load fails, TorchSharp falls back to copies it makes from the NuGet cache into bin/…/cpu:
        // passing that way would hide a build output the step missed.
        var expected = TorchSharpNativeCopies.NextTo(AppContext.BaseDirectory);
        Assert.True(lines[1..].SequenceEqual([$"loaded={expected}"]),
            $"{string.Join(", ", lines[1..])}, expected {expected}: {NativeLoadDiagnosis.ExplainTorchSharp() ?? "its libstdc++ requirements are met"}");
    }
}
