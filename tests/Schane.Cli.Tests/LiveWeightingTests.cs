using System.Diagnostics;
using System.Text.Json;

namespace Schane.Cli.Tests;

/// <summary>`schane train --weighting w.csx --watch`: the script edited on disk while a real run goes on.</summary>
public sealed class LiveWeightingTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void SavingTheScriptSwapsTheWeightingAtAStepAndGarbageKeepsThePreviousOne()
    {
        var script = dir.File("w.csx");
        File.WriteAllText(script, "NegativeWeighting.Exponential(1.0)\n");
        string[] run =
        [
            "train", "--weighting", script, "--watch", "--runs-dir", dir.Path, "--name", "live", "--train-per-class", "20",
            "--test-per-class", "30", "--width", "4", "--batch-size", "16", "--episodes", "5", "--epochs", "3000",
        ];
        using var process = Cli.Start(run);
        var stdout = process.StandardOutput.ReadToEndAsync();
        var seen = new List<string>();
        try
        {
            Cli.WaitFor(process, seen, "watching w.csx");
            Cli.WaitFor(process, seen, "epoch 1/3000");

            File.WriteAllText(script, "// harder negatives count for nothing more\nNegativeWeighting.Uniform\n");
            Cli.WaitFor(process, seen, "compiled uniform");
            var swapped = Cli.WaitFor(process, seen, "training with schane(τ=0.5, uniform)");
            var swapStep = int.Parse(swapped.Split("step ")[1].Split(':')[0]);

            File.WriteAllText(script, "this is not C#\n");
            Cli.WaitFor(process, seen, "cannot be used; training goes on with the previous weighting");
            Cli.WaitFor(process, seen, "w.csx(1,");
            var after = Cli.WaitFor(process, seen, "epoch ");
            Assert.DoesNotContain("NaN", after);

            Cli.Interrupt(process);
            process.StandardError.ReadToEnd();
            process.WaitForExit();
            Assert.Equal(130, process.ExitCode);
            _ = stdout;

            // The same run without the swap follows the same trajectory up to the swap and another one after it.
            var history = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "live", "metrics.json")))
                .RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("contrastive").GetDouble()).ToArray();
            Assert.True(history.Length > swapStep, $"{history.Length} steps recorded, swap at {swapStep}");
            File.WriteAllText(script, "NegativeWeighting.Exponential(1.0)\n");
            using var control = Cli.Start([.. run.Where(a => a != "--watch").Select(a => a == "live" ? "control" : a)]);
            var controlOut = control.StandardOutput.ReadToEndAsync();
            var controlSeen = new List<string>();
            Cli.WaitFor(control, controlSeen, $"epoch {swapStep / 6 + 2}/3000");
            Cli.Interrupt(control);
            control.StandardError.ReadToEnd();
            control.WaitForExit();
            _ = controlOut;
            var plain = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "control", "metrics.json")))
                .RootElement.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("contrastive").GetDouble()).ToArray();
            Assert.Equal(plain.Take(swapStep - 1), history.Take(swapStep - 1));
            Assert.NotEqual(plain[swapStep - 1], history[swapStep - 1]);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    [Fact]
    public void AWeightingScriptThatDoesNotCompileStopsTheRunBeforeItStarts()
    {
        var script = dir.File("bad.csx");
        File.WriteAllText(script, "NegativeWeighting.Exponentiel(2)\n");
        var run = Cli.Run("train", "--weighting", script, "--runs-dir", dir.Path, "--name", "bad", "--epochs", "1");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("bad.csx(1,19): error CS0117", run.Stderr);
        var supcon = Cli.Run("train", "--weighting", script, "--loss", "supcon", "--runs-dir", dir.Path);
        Assert.Contains("only schane and hcl weight their negatives", supcon.Stderr);
        Assert.Contains("needs a weighting script", Cli.Run("train", "--watch", "--runs-dir", dir.Path).Stderr);
    }
}
