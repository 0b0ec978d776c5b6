using System.Text.Json;
using Schane.Core.Models;

namespace Schane.Distributed.Tests;

/// <summary>`schane bench distributed --json` on 1 and 2 ranks, a few steps: the figures it reports and the bytes a step moves.</summary>
public sealed class DistributedBenchCommandTests
{
    [Fact]
    public void TheBenchReportsEachWorldSizesStepAndTheBytesItsCollectivesMove()
    {
        var run = MpiRun.Wait(MpiRun.StartDotnet([MpiRun.Cli, "bench", "distributed", "--json", "--ranks", "1", "2", "--width", "4",
            "--batch-size", "16", "--steps", "2", "--warmup", "1"]), TimeSpan.FromMinutes(3));
        Assert.True(run.ExitCode == 0, run.Output);
        var stdout = run.Stdout;
        using var json = JsonDocument.Parse(stdout);
        var rows = json.RootElement.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([1, 2], rows.Select(r => r.GetProperty("ranks").GetInt32()));
        Assert.Equal(0, rows[0].GetProperty("all_reduce_bytes").GetInt64());
        Assert.Equal(0.0, rows[0].GetProperty("communication_ms").GetDouble());

        // Two ranks, per step: the projections gathered (16 images × 2 views × 128 floats), each rank's 16-byte agreement
        // (stop? objective?) and its 72-byte layout check before the gather; the gradients, the gathered projections'
        // gradient and 4 doubles of figures reduced.
        using var model = new ModelSpec { Width = 4, Classes = 5 }.Build();
        var parameters = model.parameters().Sum(p => p.numel());
        const long projections = 16 * 2 * 128 * 4;
        Assert.Equal(projections + 2 * 16 + 2 * 72, rows[1].GetProperty("all_gather_bytes").GetInt64());
        Assert.Equal(4 * parameters + projections + 4 * 8, rows[1].GetProperty("all_reduce_bytes").GetInt64());
        Assert.True(rows[1].GetProperty("communication_ms").GetDouble() > 0);
        Assert.True(rows[1].GetProperty("step_ms").GetDouble() > rows[1].GetProperty("communication_ms").GetDouble());
        var projected = json.RootElement.GetProperty("projections").EnumerateArray().Select(p => p.GetProperty("gpus").GetInt32());
        Assert.Equal([8, 64], projected);
    }
}
