using System.Text.Json;

namespace Schane.Cli.Tests;

/// <summary>`schane bench train` end to end at a tiny size: both sides run and report their throughput (never judged on speed).</summary>
public sealed class BenchTrainCommandTests
{
    [Fact]
    public void JsonReportsBothSidesAndTheSettings()
    {
        var run = Cli.Run("bench", "train", "--json", "--steps", "2", "--warmup", "1", "--repeats", "1", "--width", "4", "--batch-size", "16");
        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        Assert.Equal(4, result.GetProperty("width").GetInt32());
        Assert.Equal(16, result.GetProperty("batch_size").GetInt32());
        Assert.Equal(2, result.GetProperty("steps").GetInt32());
        Assert.Equal(1, result.GetProperty("warmup_steps").GetInt32());
        Assert.Equal(1, result.GetProperty("repeats").GetInt32());
        Assert.True(result.GetProperty("threads").GetInt32() > 0);
        Assert.False(string.IsNullOrWhiteSpace(result.GetProperty("torch_version").GetString()));
        var dotnet = result.GetProperty("dotnet_images_per_second").GetDouble();
        var pytorch = result.GetProperty("pytorch_images_per_second").GetDouble();
        Assert.True(dotnet > 0 && double.IsFinite(dotnet), $"dotnet_images_per_second = {dotnet}");
        Assert.True(pytorch > 0 && double.IsFinite(pytorch), $"pytorch_images_per_second = {pytorch}");
        Assert.Equal(dotnet / pytorch, result.GetProperty("ratio").GetDouble(), 9);
        Assert.Equal([dotnet], result.GetProperty("dotnet_samples").EnumerateArray().Select(v => v.GetDouble()));
        Assert.Equal([pytorch], result.GetProperty("pytorch_samples").EnumerateArray().Select(v => v.GetDouble()));
    }

    [Fact]
    public void AScriptedWeightingIsTimedAgainstTheBuiltInOne()
    {
        string? script = null;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d != null && script is null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "scripts", "weightings", "exponential.csx")))
                script = Path.Combine(d.FullName, "scripts", "weightings", "exponential.csx");
        var run = Cli.Run("bench", "train", "--json", "--steps", "2", "--warmup", "1", "--repeats", "1", "--width", "4", "--batch-size", "16",
            "--weighting", script!);
        Assert.True(run.ExitCode == 0, run.Stderr);
        var result = JsonDocument.Parse(run.Stdout).RootElement;
        var scripted = result.GetProperty("scripted_images_per_second").GetDouble();
        Assert.True(scripted > 0 && double.IsFinite(scripted));
        Assert.Equal(scripted / result.GetProperty("dotnet_images_per_second").GetDouble(), result.GetProperty("scripted_over_built_in").GetDouble(), 9);
        var pairs = result.GetProperty("scripted_samples").EnumerateArray().Zip(result.GetProperty("dotnet_samples").EnumerateArray(), (s, d) => s.GetDouble() / d.GetDouble()).Order().ToArray();
        Assert.Equal(pairs.Length % 2 == 1 ? pairs[pairs.Length / 2] : (pairs[pairs.Length / 2 - 1] + pairs[pairs.Length / 2]) / 2,
            result.GetProperty("scripted_over_built_in_paired").GetDouble(), 9);
        Assert.EndsWith("exponential.csx", result.GetProperty("weighting_script").GetString());
    }

    [Fact]
    public void TableNamesBothSidesAndTheTarget()
    {
        var run = Cli.Run("bench", "train", "--steps", "1", "--warmup", "0", "--repeats", "1", "--width", "4", "--batch-size", "16");
        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Contains(".NET trainer", run.Stdout);
        Assert.Contains("PyTorch loop", run.Stdout);
        Assert.Contains("target ≥ 1", run.Stdout);
    }
}
