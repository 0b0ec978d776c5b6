using System.Diagnostics;
using System.Text.Json.Serialization;
using Schane.Core.Data;
using Schane.Core.Losses;
using Schane.Core.Models;
using Schane.Core.Training;
using static TorchSharp.torch;

namespace Schane.Cli.Bench;

/// <summary>
/// `schane bench train`: training throughput (images per second) of the .NET trainer — default objective
/// (0.9·SCHaNe + 0.1·CE), two augmented views, AdamW with warmup-cosine and clipping — on Fashion-MNIST's base classes,
/// next to the same model, batch and step written as a PyTorch loop (Bench/Peers/train.py) under PyTorch's default
/// settings. The two sides run one
/// after the other, never at once, alternating for each repeat so that a change in the machine's load hits both; with a
/// weighting script, the trainer with the script's weighting runs in the same repeats, before or after the built-in one.
/// </summary>
internal static class TrainBenchmark
{
    public sealed record Result(
        int Width,
        int BatchSize,
        int Steps,
        int WarmupSteps,
        int Repeats,
        int Threads,
        string TorchVersion,
        double DotnetImagesPerSecond,
        [property: JsonPropertyName("pytorch_images_per_second")] double PyTorchImagesPerSecond,
        IReadOnlyList<double> DotnetSamples,
        [property: JsonPropertyName("pytorch_samples")] IReadOnlyList<double> PyTorchSamples,
        string? WeightingScript = null,
        double? ScriptedImagesPerSecond = null,
        IReadOnlyList<double>? ScriptedSamples = null)
    {
        /// <summary>.NET images/s over PyTorch's (higher is better; the target is at least 1.0).</summary>
        public double Ratio => DotnetImagesPerSecond / PyTorchImagesPerSecond;

        /// <summary>The trainer with the script's weighting over the built-in one (1 = as fast; the target is within 5%).</summary>
        public double? ScriptedOverBuiltIn => ScriptedImagesPerSecond / DotnetImagesPerSecond;

        /// <summary>
        /// The median over repeats of each repeat's scripted / built-in ratio: the two runs of a repeat are next to each
        /// other in time, so a change in the machine's load between repeats cancels out.
        /// </summary>
        public double? ScriptedOverBuiltInPaired => ScriptedSamples is { } scripted
            ? Measure.Median(scripted.Zip(DotnetSamples, (s, d) => s / d))
            : null;
    }

    public const double Target = 1.0;

    public static Result Run(int width = 16, int batchSize = 128, int steps = 30, int warmup = 5, int repeats = 3,
        Action<string>? progress = null, string? weightingScript = null)
    {
        var scripted = weightingScript is null ? null : new Objective().WithWeighting(Schane.Scripting.WeightingScript.Load(weightingScript));
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(steps, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(warmup);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        var threads = get_num_threads();
        using var all = ImageDataset.FashionMnist("train");
        using var data = all.WhereClasses(ClassSplit.FashionMnistDefault.Base);
        var dotnet = new List<double>();
        var pytorch = new List<double>();
        var scriptedSamples = new List<double>();
        var torchVersion = "";
        for (var r = 0; r < repeats; r++)
        {
            // The built-in and the scripted weighting swap places every repeat, so that neither always runs first
            // (with the process's code least warmed up) or always right after the other.
            var scriptedFirst = r % 2 == 1;
            if (scripted is not null && scriptedFirst) scriptedSamples.Add(Scripted(r));
            progress?.Invoke($"repeat {r + 1}/{repeats}: .NET trainer, {warmup} + {steps} steps");
            dotnet.Add(Dotnet(data, width, batchSize, steps, warmup, null));
            if (scripted is not null && !scriptedFirst) scriptedSamples.Add(Scripted(r));
            progress?.Invoke($"repeat {r + 1}/{repeats}: PyTorch peer, {warmup} + {steps} steps");
            var peer = PythonPeer.Run("train.py", FashionMnist.DefaultRoot, width, batchSize, warmup, steps, threads);
            pytorch.Add(peer.GetProperty("images_per_second").GetDouble());
            torchVersion = peer.GetProperty("torch").GetString()!;
        }

        double Scripted(int r)
        {
            progress?.Invoke($"repeat {r + 1}/{repeats}: .NET trainer with {Path.GetFileName(weightingScript)}, {warmup} + {steps} steps");
            return Dotnet(data, width, batchSize, steps, warmup, scripted);
        }

        return new Result(width, batchSize, steps, warmup, repeats, threads, torchVersion, Measure.Median(dotnet), Measure.Median(pytorch),
            dotnet, pytorch, weightingScript, scripted is null ? null : Measure.Median(scriptedSamples), scripted is null ? null : scriptedSamples);
    }

    /// <summary>Images per second of <paramref name="steps"/> trainer steps after <paramref name="warmup"/> untimed ones, in a fresh run.</summary>
    private static double Dotnet(ImageDataset data, int width, int batchSize, int steps, int warmup, Objective? objective)
    {
        var total = warmup + steps;
        var stepsPerEpoch = (int)Math.Max(1, data.Count / batchSize);
        var options = new TrainingOptions { BatchSize = batchSize, Epochs = (total + stepsPerEpoch - 1) / stepsPerEpoch };
        using var trainer = new Trainer(new ModelSpec { Width = width, Classes = data.ClassCount }, data, options, objective);
        using var stop = new CancellationTokenSource();
        var clock = new Stopwatch();
        // Runs on the training thread between steps: the clock covers exactly the timed steps' work.
        trainer.StepCompleted += report =>
        {
            if (report.Step == warmup) clock.Start();
            if (report.Step != total) return;
            clock.Stop();
            stop.Cancel();
        };
        if (warmup == 0) clock.Start();
        trainer.Run(stop.Token);
        if (trainer.Step < total)
            throw new InvalidOperationException($"the trainer stopped after {trainer.Step} of {total} steps");
        return steps * (double)batchSize / clock.Elapsed.TotalSeconds;
    }
}
