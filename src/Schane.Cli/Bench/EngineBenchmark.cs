using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Schane.Cli.Commands;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Cli.Bench;

/// <summary>
/// `schane bench engine`: TorchSharp's per-op cost (a one-element <c>a + b</c> from .NET next to the same op from
/// PyTorch), and one training step of a 3-layer MLP next to the same step in PyTorch under PyTorch's default settings.
/// Then the same step under each candidate runtime setting (<see cref="RuntimeSettings.Candidates"/>), on both sides,
/// each in a fresh child process because these settings are read when the process starts or libtorch loads: the
/// settings the product runs under are chosen by this table, not carried over from another libtorch.
/// </summary>
internal static class EngineBenchmark
{
    /// <summary>
    /// The MLP step under one runtime setting, .NET and PyTorch each in a fresh process: the median over the rounds,
    /// and each round's figure.
    /// </summary>
    public sealed record SettingsRow(
        string Settings,
        double DotnetMlpStepMs,
        [property: JsonPropertyName("pytorch_mlp_step_ms")] double PyTorchMlpStepMs,
        IReadOnlyList<double> DotnetSamples,
        [property: JsonPropertyName("pytorch_samples")] IReadOnlyList<double> PyTorchSamples)
    {
        /// <summary>.NET over PyTorch under the same setting.</summary>
        public double Ratio => DotnetMlpStepMs / PyTorchMlpStepMs;
    }

    public sealed record Result(
        int Threads,
        string TorchSharpVersion,
        string LibTorchVersion,
        [property: JsonPropertyName("pytorch_version")] string PyTorchVersion,
        string ProcessSettings,
        double TinyOpDotnetNs,
        [property: JsonPropertyName("tiny_op_pytorch_ns")] double TinyOpPyTorchNs,
        double MlpStepDotnetMs,
        [property: JsonPropertyName("mlp_step_pytorch_default_ms")] double MlpStepPyTorchDefaultMs,
        IReadOnlyList<SettingsRow> Settings)
    {
        /// <summary>What a TorchSharp call costs next to the same call from Python (below 1: cheaper).</summary>
        public double TinyOpRatio => TinyOpDotnetNs / TinyOpPyTorchNs;

        /// <summary>.NET step time (this process) over PyTorch's under its default settings (lower is better; the target is at most 1.1).</summary>
        public double MlpRatio => MlpStepDotnetMs / MlpStepPyTorchDefaultMs;
    }

    /// <summary>The JSON the hidden <c>--mlp-step-only</c> child prints: one figure.</summary>
    public sealed record ChildResult(double MlpStepMs);

    private static readonly JsonSerializerOptions ChildJson = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>
    /// Measures everything; the settings table takes <paramref name="rounds"/> rounds over the candidates (in reverse
    /// order every other round, so that a change in the machine's load does not always hit the same candidate).
    /// </summary>
    public static Result Run(int rounds = 1, int calls = 200_000, int steps = 20, int repeats = 5, Action<string>? progress = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        var threads = get_num_threads();
        progress?.Invoke("tiny op a+b from .NET");
        var dotnetNs = TinyOpNanoseconds(calls);
        progress?.Invoke("MLP step: .NET, this process");
        var mlpMs = MlpStepMilliseconds(steps, repeats);
        progress?.Invoke("PyTorch peer, default settings");
        var peer = PythonPeer.Run("engine.py", RuntimeSettings.Default, threads, calls, steps, repeats);
        var samples = RuntimeSettings.Candidates.ToDictionary(c => c, _ => (Dotnet: new List<double>(), PyTorch: new List<double>()));
        for (var round = 0; round < rounds; round++)
        {
            var order = round % 2 == 0 ? RuntimeSettings.Candidates : RuntimeSettings.Candidates.Reverse();
            foreach (var settings in order)
            {
                progress?.Invoke($"round {round + 1}/{rounds}: MLP step under {settings.Name}, .NET and PyTorch each in a new process");
                samples[settings].Dotnet.Add(ChildMlpStep(settings));
                samples[settings].PyTorch.Add(PythonPeer.Run("engine.py", settings, threads, 0, steps, repeats).GetProperty("mlp_step_ms").GetDouble());
            }
        }
        var rows = RuntimeSettings.Candidates.Select(c => new SettingsRow(c.Name, Measure.Median(samples[c].Dotnet),
            Measure.Median(samples[c].PyTorch), samples[c].Dotnet, samples[c].PyTorch)).ToList();
        return new Result(threads, TorchSharpInfo.Version(), __version__, peer.GetProperty("torch").GetString()!, RuntimeSettings.OfThisProcess(),
            dotnetNs, peer.GetProperty("tiny_op_ns").GetDouble(), mlpMs, peer.GetProperty("mlp_step_ms").GetDouble(), rows);
    }

    /// <summary>Median nanoseconds of one <c>a + b</c> on one-element tensors, allocation and dispose of the result included.</summary>
    private static double TinyOpNanoseconds(int calls)
    {
        using var a = ones(1);
        using var b = ones(1);
        var (ms, _) = Measure.MillisecondsPerCall(() =>
        {
            using var c = a + b;
        }, calls, repeats: 5, warmup: calls / 10);
        return ms * 1e6;
    }

    /// <summary>
    /// Median milliseconds of one step of the 784→512→512→10 MLP (batch 256, cross-entropy, AdamW), as engine.py
    /// writes it; gradients are set to none (PyTorch 2's default) by the module's zero_grad.
    /// </summary>
    public static double MlpStepMilliseconds(int steps = 20, int repeats = 5)
    {
        manual_seed(0);
        using var model = nn.Sequential(
            nn.Linear(784, 512), nn.ReLU(),
            nn.Linear(512, 512), nn.ReLU(),
            nn.Linear(512, 10));
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-3);
        using var x = randn(256, 784);
        using var y = randint(0, 10, [256L]);
        var (ms, _) = Measure.MillisecondsPerCall(() =>
        {
            using var scope = NewDisposeScope();
            model.zero_grad();
            var loss = nn.functional.cross_entropy(model.call(x), y);
            loss.backward();
            optimizer.step();
        }, steps, repeats, warmup: steps / 2);
        return ms;
    }

    /// <summary>What the hidden child mode prints: the MLP step under the settings this process started with.</summary>
    public static string ChildOutput() => JsonSerializer.Serialize(new ChildResult(MlpStepMilliseconds()), ChildJson);

    // The step in a fresh process of this program started under the settings (they are read at load, so not in-process).
    private static double ChildMlpStep(RuntimeSettings settings)
    {
        var command = SelfCommand.With("bench", "engine", BenchCommand.MlpStepOnlyOption);
        var info = new ProcessStartInfo(command[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in command.Skip(1)) info.ArgumentList.Add(argument);
        settings.ApplyTo(info);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {command[0]}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"the .NET child under {settings.Name} failed (exit {process.ExitCode}):\n{stderr}");
        var lastLine = stdout.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
        return JsonSerializer.Deserialize<ChildResult>(lastLine, ChildJson)?.MlpStepMs
            ?? throw new InvalidDataException($"the .NET child under {settings.Name} printed no result: {lastLine}");
    }
}
