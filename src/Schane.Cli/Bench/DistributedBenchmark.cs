using System.Diagnostics;
using System.Text.Json;
using Schane.Cli.Commands;
using Schane.Core.Data;
using Schane.Core.Distributed;
using Schane.Core.Models;
using Schane.Core.Training;
using static TorchSharp.torch;

namespace Schane.Cli.Bench;

/// <summary>
/// `schane bench distributed`: the data-parallel trainer's step at 1, 2, 3 … ranks on this machine (mpirun, loopback),
/// split into compute and communication (time inside collective calls, waiting for slower ranks included), with the
/// bytes each step hands to the collective; and, from those byte counts, what the communication of the same step would
/// cost on 8 and 64 GPUs over a link of a stated bandwidth (ring all-reduce and all-gather, the per-GPU batch kept).
/// </summary>
internal static class DistributedBenchmark
{
    /// <summary>One world size's measurement (means over ranks of per-step figures).</summary>
    public sealed record Row(int Ranks, int ThreadsPerRank, int GlobalBatch, double StepMs, double CommunicationMs, double ComputeMs,
        long AllGatherBytes, long AllReduceBytes, long BroadcastBytes, long CallsPerStep, double ImagesPerSecond);

    /// <summary>The communication of one step on <paramref name="Gpus"/> GPUs, on paper.</summary>
    public sealed record Projection(int Gpus, int GlobalBatch, double GatherWireBytes, double GradientWireBytes, double Milliseconds);

    public sealed record Result(int Width, int ShardBatch, int Cores, long Parameters, int ProjectionDimension, double LinkGigabitsPerSecond,
        double LatencyMicroseconds, IReadOnlyList<Row> Rows, IReadOnlyList<Projection> Projections, IReadOnlyList<string> Notes);

    /// <summary>The hidden option of the worker that each rank runs under mpirun.</summary>
    public const string WorkerOption = "--worker";

    /// <summary>Runs one mpirun job per world size and collects rank 0's JSON line from each.</summary>
    public static Result Run(int[] ranks, int width, int batchSize, int steps, int warmup, double linkGbps, double latencyUs, Action<string>? progress)
    {
        foreach (var n in ranks)
            if (n < 1 || batchSize % n != 0)
                throw new ArgumentException($"--batch-size {batchSize} must divide among every --ranks value ({n} does not)");
        var rows = new List<Row>();
        foreach (var n in ranks)
        {
            progress?.Invoke($"{n} rank(s): mpirun -np {n}, {warmup} + {steps} steps of a global batch of {batchSize}");
            rows.Add(Launch(n, width, batchSize, steps, warmup));
        }
        var parameters = CountParameters(width);
        const int projection = 128, views = 2;
        var shard = batchSize / ranks.Max();
        var bytesPerSecond = linkGbps * 1e9 / 8;
        var projections = new[] { 8, 64 }.Select(gpus =>
        {
            // Ring algorithms: all-gather moves (N−1)/N of the gathered tensor through each GPU's link, all-reduce twice that.
            var global = (long)shard * gpus;
            double gathered = global * views * projection * 4.0;
            var gather = gathered * (gpus - 1) / gpus + 2.0 * gathered * (gpus - 1) / gpus; // forward gather + backward all-reduce
            var gradient = 2.0 * parameters * 4.0 * (gpus - 1) / gpus;
            var latency = 3 * (gpus - 1) * latencyUs * 1e-6 * 2; // three ring collectives of N−1 steps each (two directions)
            return new Projection(gpus, (int)global, gather, gradient, ((gather + gradient) / bytesPerSecond + latency) * 1e3);
        }).ToList();
        List<string> notes =
        [
            $"this machine has {Environment.ProcessorCount} cores; each rank runs cores / ranks libtorch threads (at least 1), so at " +
            $"{Environment.ProcessorCount + 1}+ ranks the ranks share cores (mpirun --oversubscribe) and every rank's compute slows down",
            "communication is the time inside collective calls, including waiting for the slowest rank (on an oversubscribed host " +
            "that waiting dominates); compute is the rest of the step",
            "the projection keeps the per-GPU batch of the most ranks measured and counts link bytes only (NCCL/RDMA overlap and " +
            "compute are not modelled); the backward all-reduces the whole gathered gradient, which a reduce-scatter would halve",
        ];
        return new Result(width, shard, Environment.ProcessorCount, parameters, projection, linkGbps, latencyUs, rows, projections, notes);
    }

    private static Row Launch(int ranks, int width, int batchSize, int steps, int warmup)
    {
        var info = new ProcessStartInfo("mpirun") { RedirectStandardOutput = true, RedirectStandardError = true };
        // --bind-to none: Open MPI would pin each of up to 2 ranks to one core, and a lone rank would then run on one thread.
        foreach (var a in (string[])["--allow-run-as-root", "--oversubscribe", "--bind-to", "none", "-np", ranks.ToString(), "dotnet", typeof(DistributedBenchmark).Assembly.Location,
                     "bench", "distributed", WorkerOption, "--width", width.ToString(), "--batch-size", batchSize.ToString(),
                     "--steps", steps.ToString(), "--warmup", warmup.ToString()])
            info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException("mpirun did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(10))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        // A rank's stdout is a terminal of mpirun's: .NET may put a terminal control sequence before the line.
        var line = stdout.Split('\n').LastOrDefault(l => l.Contains("{\"Ranks\""));
        if (process.ExitCode != 0 || line is null)
            throw new InvalidOperationException($"mpirun -np {ranks} failed (exit {process.ExitCode}):\n{stdout}\n{stderr.Result}");
        return JsonSerializer.Deserialize<Row>(line[line.IndexOf('{')..])!;
    }

    private static long CountParameters(int width)
    {
        using var model = new ModelSpec { Width = width, Classes = ClassSplit.FashionMnistDefault.Base.Count }.Build();
        return model.parameters().Sum(p => p.numel());
    }

    /// <summary>One rank's part: a timed run of the trainer; rank 0 prints the ranks' mean figures as one JSON line.</summary>
    public static int Worker(int width, int batchSize, int steps, int warmup)
    {
        var collective = DistributedRun.Start();
        return DistributedRun.Guard("bench distributed", collective, () =>
        {
            var measured = new MeasuredCollective(collective);
            using var all = ImageDataset.FashionMnist("train");
            using var data = all.WhereClasses(ClassSplit.FashionMnistDefault.Base);
            var total = warmup + steps;
            var stepsPerEpoch = (int)(data.Count / batchSize);
            var options = new TrainingOptions { BatchSize = batchSize, Epochs = (total + stepsPerEpoch - 1) / stepsPerEpoch };
            using var trainer = new Trainer(new ModelSpec { Width = width, Classes = data.ClassCount }, data, options) { Collective = measured };
            using var stop = new CancellationTokenSource();
            var clock = new Stopwatch();
            long calls = 0, gather = 0, reduce = 0, broadcast = 0;
            double communication = 0;
            trainer.StepCompleted += report =>
            {
                if (report.Step == warmup)
                {
                    measured.Reset();
                    clock.Restart();
                }
                if (report.Step != total) return;
                clock.Stop();
                (communication, calls, gather, reduce, broadcast) = (measured.Seconds, measured.Calls, measured.AllGatherBytes, measured.AllReduceBytes, measured.BroadcastBytes);
                stop.Cancel();
            };
            trainer.Run(stop.Token);
            Span<double> sums = [clock.Elapsed.TotalSeconds, communication];
            collective.AllReduce(sums, ReduceOperation.Sum);
            var n = collective.WorldSize;
            var stepMs = sums[0] / n / steps * 1e3;
            var commMs = sums[1] / n / steps * 1e3;
            if (collective.Rank == 0)
                Console.WriteLine(JsonSerializer.Serialize(new Row(n, get_num_threads(), batchSize, stepMs, commMs, stepMs - commMs,
                    gather / steps, reduce / steps, broadcast / steps, calls / steps, batchSize / (stepMs / 1e3))));
            return 0;
        });
    }
}
