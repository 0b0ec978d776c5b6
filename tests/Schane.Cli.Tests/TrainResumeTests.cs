using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Schane.Core.IO;
using Schane.Core.Training;

namespace Schane.Cli.Tests;

/// <summary>
/// `schane train --resume` as a user meets it: a run SIGKILLed at moments after it wrote a checkpoint, resumed until it
/// completes, ends with the same checkpoint, bit for bit, as the same run left alone — and a resumed run keeps writing
/// its checkpoint, so a second kill loses nothing from before it either. (An in-process resume test cannot see a
/// resumed trainer that never writes: here the checkpoint on disk is all there is.)
/// </summary>
public sealed class TrainResumeTests : IDisposable
{
    private const int StepsPerEpoch = 6; // 5 base classes × 20 images / 16 per batch
    private const int Epochs = 3;
    private const int TotalSteps = StepsPerEpoch * Epochs;
    private static readonly TimeSpan Patience = TimeSpan.FromMinutes(3); // per process: the test ends even if one hangs

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    private string[] Tiny(string name) =>
    [
        "--runs-dir", dir.Path, "--name", name, "--train-per-class", "20", "--test-per-class", "20", "--width", "4",
        "--batch-size", "16", "--episodes", "5", "--shots", "1", "--epochs", Epochs.ToString(),
    ];

    [Fact]
    public void ARunKilledTwiceAndResumedEndsWithTheCheckpointOfAnUninterruptedRun()
    {
        var straight = Cli.Run(["train", .. Tiny("straight")]);
        Assert.True(straight.ExitCode == 0, straight.Stderr);
        var expected = Path.Combine(dir.Path, "straight", "checkpoint.pt");
        Assert.Equal(TotalSteps, SavedStep(expected));

        var checkpoint = Path.Combine(dir.Path, "killed", "checkpoint.pt");
        // Killed right after its first checkpoint (end of epoch 1)…
        var killedAt = RunUntilKilled(["train", .. Tiny("killed")], checkpoint, after: 0);
        Assert.Equal(StepsPerEpoch, killedAt);
        // …resumed, and killed again once the resumed run has written a checkpoint of its own (end of epoch 2)…
        var resumedKilledAt = RunUntilKilled(["train", "--resume", checkpoint], checkpoint, after: StepsPerEpoch);
        Assert.True(resumedKilledAt == 2 * StepsPerEpoch,
            $"the resumed run never wrote a checkpoint past step {StepsPerEpoch}: it ended with checkpoint step {resumedKilledAt}");
        // …then resumed to the end.
        var last = Cli.Run("train", "--resume", checkpoint);
        Assert.True(last.ExitCode == 0, last.Stderr);
        Assert.Equal("completed", Json(Path.Combine(dir.Path, "killed", "metrics.json")).GetProperty("outcome").GetString());

        Assert.Equal(TotalSteps, SavedStep(checkpoint));
        AssertSameTensors(expected, checkpoint);
        // The same weights evaluate the same: `schane eval` of the resumed run is not of stale weights.
        Assert.Equal(Json(Path.Combine(dir.Path, "straight", "metrics.json")).GetProperty("metrics").GetProperty("top1").GetDouble(),
            Json(Path.Combine(dir.Path, "killed", "metrics.json")).GetProperty("metrics").GetProperty("top1").GetDouble());
    }

    /// <summary>
    /// Starts the CLI with <paramref name="args"/>, SIGKILLs it as soon as <paramref name="checkpoint"/> holds a step
    /// past <paramref name="after"/>, and returns the checkpoint's step then; if the run ends first, the step it left.
    /// </summary>
    private static int? RunUntilKilled(string[] args, string checkpoint, int after)
    {
        var output = new ConcurrentQueue<string>();
        using var process = Cli.Start(args);
        process.OutputDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) output.Enqueue(line); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var clock = Stopwatch.StartNew();
        try
        {
            while (!process.HasExited)
            {
                if (SavedStep(checkpoint) is { } step && step > after)
                {
                    process.Kill(); // SIGKILL: no handler runs, no checkpoint on the way out
                    process.WaitForExit();
                    return step;
                }
                if (clock.Elapsed > Patience)
                    throw new Xunit.Sdk.XunitException($"no checkpoint past step {after} within {Patience}:\n{string.Join('\n', output)}");
                Thread.Sleep(10);
            }
            process.WaitForExit();
            Assert.True(process.ExitCode == 0, string.Join('\n', output));
            return SavedStep(checkpoint);
        }
        finally
        {
            if (!process.HasExited) process.Kill();
        }
    }

    /// <summary>The step recorded in a checkpoint; null while there is none (it is replaced atomically, so never half-written).</summary>
    private static int? SavedStep(string path)
    {
        if (!File.Exists(path)) return null;
        using var saved = Checkpoint.Load(path);
        return saved.Metadata.Step;
    }

    /// <summary>The model's and the optimizer's tensors of two checkpoints: the same names, dtypes, shapes and bytes.</summary>
    private static void AssertSameTensors(string expectedPath, string actualPath)
    {
        var expected = TorchSaveFile.Read(expectedPath);
        var actual = TorchSaveFile.Read(actualPath);
        try
        {
            var tensors = expected.Keys.Where(k => k != "meta.json").Order(StringComparer.Ordinal).ToList();
            Assert.Contains(tensors, k => k.StartsWith("model.", StringComparison.Ordinal));
            Assert.Equal(tensors, actual.Keys.Where(k => k != "meta.json").Order(StringComparer.Ordinal));
            foreach (var key in tensors)
            {
                using var scope = NewDisposeScope();
                var (e, a) = (expected[key], actual[key]);
                Assert.Equal(e.dtype, a.dtype);
                Assert.Equal(e.shape, a.shape);
                Assert.True(e.contiguous().bytes.SequenceEqual(a.contiguous().bytes), $"{key} differs");
            }
        }
        finally
        {
            foreach (var t in expected.Values.Concat(actual.Values)) t.Dispose();
        }
    }

    private static JsonElement Json(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;
}
