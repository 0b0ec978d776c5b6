using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Tests;

/// <summary>
/// `schane bench engine`'s child mode, which measures the MLP step under the runtime settings it was started with
/// (the whole bench takes minutes; its table is made of these children and engine.py).
/// </summary>
public sealed class BenchEngineCommandTests
{
    [Fact]
    public void TheChildModePrintsOneStepTimeAsJson()
    {
        var run = Cli.RunWithEnvironment(new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "1" }, "bench", "engine", "--mlp-step-only");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var ms = JsonDocument.Parse(run.LastLine).RootElement.GetProperty("mlp_step_ms").GetDouble();
        Assert.True(ms > 0 && double.IsFinite(ms), $"mlp_step_ms = {ms}");
    }

    [Fact]
    public async Task ThePeerSkipsTheTinyOpWhenAskedForNoCalls()
    {
        var peer = Path.Combine(Path.GetDirectoryName(Python.ReferenceDir)!, "..", "src", "Schane.Cli", "Bench", "Peers", "engine.py");
        var info = new ProcessStartInfo(Python.Interpreter) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { peer, "1", "0", "2", "1" }) info.ArgumentList.Add(a);
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, stderr);
        var result = JsonDocument.Parse((await stdout).Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(JsonValueKind.Null, result.GetProperty("tiny_op_ns").ValueKind);
        Assert.True(result.GetProperty("mlp_step_ms").GetDouble() > 0);
    }
}
