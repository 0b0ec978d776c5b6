using System.CommandLine;
using System.Text.Json;
using Schane.Cli.Bench;

namespace Schane.Cli.Commands;

/// <summary>`schane bench ...`: benchmarks measured against a PyTorch peer in the same run.</summary>
internal static class BenchCommand
{
    /// <summary>The hidden option of `bench engine` that runs its child measurement (one MLP step figure, as JSON).</summary>
    public const string MlpStepOnlyOption = "--mlp-step-only";

    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print machine-readable results (JSON) instead of a table." };
        var mlpStepOnly = new Option<bool>(MlpStepOnlyOption) { Hidden = true, Description = "Print only the MLP step time (the child process of each runtime setting)." };
        var rounds = new Option<int>("--rounds") { Description = "Rounds over the runtime settings (the median is reported).", DefaultValueFactory = _ => 1 };
        var engine = new Command("engine", "TorchSharp's per-op cost and an MLP training step next to PyTorch's, under each candidate runtime setting.") { json, rounds, mlpStepOnly };
        engine.SetAction(parse =>
        {
            if (parse.GetValue(mlpStepOnly))
            {
                Console.WriteLine(EngineBenchmark.ChildOutput());
                return 0;
            }
            var asJson = parse.GetValue(json);
            var result = EngineBenchmark.Run(parse.GetValue(rounds), progress: asJson ? null : message => Console.Error.WriteLine($"bench engine: {message}"));
            if (asJson) Console.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
            else PrintEngine(result);
            return 0;
        });
        var sizes = new Option<int[]>("--sizes") { Description = "Batch sizes (rows) to measure.", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => LossBenchmark.DefaultSizes };
        var repeats = new Option<int>("--repeats") { Description = "Timed runs per size (the median is reported; one above 8192 rows).", DefaultValueFactory = _ => 3 };
        var loss = new Command("loss", "Forward+backward time and peak memory of each loss, next to dense PyTorch references.") { json, sizes, repeats };
        loss.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var result = LossBenchmark.Run(parse.GetValue(sizes)!, parse.GetValue(repeats), asJson ? null : message => Console.Error.WriteLine($"bench loss: {message}"));
            if (asJson) Console.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
            else PrintLoss(result);
            return 0;
        });
        var width = new Option<int>("--width") { Description = "ResNet base width w (features are 4w).", DefaultValueFactory = _ => 16 };
        var batchSize = new Option<int>("--batch-size") { Description = "Images per step (each gives two views).", DefaultValueFactory = _ => 128 };
        var steps = new Option<int>("--steps") { Description = "Timed steps per measurement.", DefaultValueFactory = _ => 30 };
        var warmup = new Option<int>("--warmup") { Description = "Untimed steps before them.", DefaultValueFactory = _ => 5 };
        var trainRepeats = new Option<int>("--repeats") { Description = "Measurements of each side, alternating .NET and PyTorch (the median is reported).", DefaultValueFactory = _ => 3 };
        var weighting = new Option<FileInfo?>("--weighting") { Description = "Also time the .NET trainer with this script's weighting (e.g. scripts/weightings/exponential.csx) against the built-in one." };
        var train = new Command("train", "Training images/s of the .NET trainer next to the same step in a PyTorch loop.") { json, width, batchSize, steps, warmup, trainRepeats, weighting };
        train.SetAction(parse =>
        {
            var asJson = parse.GetValue(json);
            var result = TrainBenchmark.Run(parse.GetValue(width), parse.GetValue(batchSize), parse.GetValue(steps), parse.GetValue(warmup),
                parse.GetValue(trainRepeats), asJson ? null : message => Console.Error.WriteLine($"bench train: {message}"),
                parse.GetValue(weighting)?.FullName);
            if (asJson) Console.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
            else PrintTrain(result);
            return 0;
        });
        var ranks = new Option<int[]>("--ranks") { Description = "World sizes to measure (one mpirun job each).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [1, 2, 3] };
        var distributedSteps = new Option<int>("--steps") { Description = "Timed steps per world size.", DefaultValueFactory = _ => 10 };
        var distributedWarmup = new Option<int>("--warmup") { Description = "Untimed steps before them.", DefaultValueFactory = _ => 3 };
        var distributedBatch = new Option<int>("--batch-size") { Description = "Global images per step (a multiple of every --ranks value).", DefaultValueFactory = _ => 96 };
        var link = new Option<double>("--link-gbps") { Description = "Link bandwidth per GPU for the 8- and 64-GPU projection, in Gbit/s.", DefaultValueFactory = _ => 100 };
        var latency = new Option<double>("--latency-us") { Description = "Latency of one message on that link, in µs.", DefaultValueFactory = _ => 5 };
        var worker = new Option<bool>(DistributedBenchmark.WorkerOption) { Hidden = true, Description = "Run as one rank of the measurement (under mpirun)." };
        var distributed = new Command("distributed", "The data-parallel step at 1, 2, 3 ranks (mpirun on this machine): compute vs communication, bytes per step, and a projection to 8 and 64 GPUs.")
            { json, ranks, width, distributedBatch, distributedSteps, distributedWarmup, link, latency, worker };
        distributed.SetAction(parse =>
        {
            if (parse.GetValue(worker))
                return DistributedBenchmark.Worker(parse.GetValue(width), parse.GetValue(distributedBatch), parse.GetValue(distributedSteps), parse.GetValue(distributedWarmup));
            var asJson = parse.GetValue(json);
            return CommandErrors.Guard("bench distributed", () =>
            {
                var result = DistributedBenchmark.Run(parse.GetValue(ranks)!, parse.GetValue(width), parse.GetValue(distributedBatch), parse.GetValue(distributedSteps),
                    parse.GetValue(distributedWarmup), parse.GetValue(link), parse.GetValue(latency), asJson ? null : message => Console.Error.WriteLine($"bench distributed: {message}"));
                if (asJson) Console.WriteLine(JsonSerializer.Serialize(result, JsonOptions));
                else PrintDistributed(result);
                return 0;
            });
        });
        return new Command("bench", "Benchmarks, each measured next to a PyTorch peer in the same run.") { engine, loss, train, distributed };
    }

    private static void PrintEngine(EngineBenchmark.Result r)
    {
        Console.WriteLine($"engine benchmark: TorchSharp {r.TorchSharpVersion} on libtorch {r.LibTorchVersion}, {r.Threads} threads; " +
            $"PyTorch peer {r.PyTorchVersion}; this process's runtime settings: {r.ProcessSettings}");
        Console.WriteLine($"  tiny op a+b (1 element), from .NET         {r.TinyOpDotnetNs,10:F1} ns");
        Console.WriteLine($"  tiny op a+b (1 element), from PyTorch      {r.TinyOpPyTorchNs,10:F1} ns");
        Console.WriteLine($"  ratio .NET / PyTorch                       {r.TinyOpRatio,10:F3}");
        Console.WriteLine($"  MLP step 784-512-512-10, batch 256, AdamW:");
        Console.WriteLine($"    .NET, this process                       {r.MlpStepDotnetMs,10:F3} ms");
        Console.WriteLine($"    PyTorch, default settings                {r.MlpStepPyTorchDefaultMs,10:F3} ms");
        Console.WriteLine($"    ratio .NET / PyTorch                     {r.MlpRatio,10:F3}     (target <= 1.1)");
        Console.WriteLine($"  the MLP step under each runtime setting (each side in a new process, as they are read at load; " +
            $"median of {r.Settings[0].DotnetSamples.Count} round(s)):");
        Console.WriteLine("| settings | .NET ms | PyTorch ms | .NET / PyTorch, same settings | .NET / PyTorch default (above) |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        foreach (var row in r.Settings)
            Console.WriteLine($"| {row.Settings} | {row.DotnetMlpStepMs:F3} | {row.PyTorchMlpStepMs:F3} | {row.Ratio:F3} | " +
                $"{row.DotnetMlpStepMs / r.MlpStepPyTorchDefaultMs:F3} |");
    }

    private static void PrintLoss(LossBenchmark.Result r)
    {
        Console.WriteLine($"loss benchmark: forward + backward, D = {LossBenchmark.Dim}, float32, {r.Threads} threads; PyTorch peer {r.TorchVersion}, default settings");
        Console.WriteLine("| B | loss | .NET ms | .NET extra MiB | 3 matmuls ms | .NET / matmuls | PyTorch dense ms | PyTorch extra MiB | speedup |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
            Console.WriteLine($"| {row.Rows} | {row.Loss} | {row.Ms:F1} | {row.ExtraBytes / 1048576.0:F0} | {row.MatmulMs:F1} | {row.OverMatmuls:F2} | " +
                $"{(row.ReferenceMs is { } ms ? ms.ToString("F1") : "—")} | {(row.ReferenceExtraBytes is { } b ? (b / 1048576.0).ToString("F0") : "—")} | " +
                $"{(row.Speedup is { } x ? x.ToString("F1") + "×" : "—")} |");
        foreach (var note in r.Notes) Console.WriteLine($"note: {note}");
    }

    private static void PrintDistributed(DistributedBenchmark.Result r)
    {
        Console.WriteLine($"distributed benchmark: ResNet w={r.Width} ({r.Parameters:N0} parameters), 0.9·SCHaNe + 0.1·CE, projections of {r.ProjectionDimension}, " +
            $"2 views; {r.Cores} cores; mpirun on this machine");
        Console.WriteLine("| ranks | threads/rank | global batch | step ms | compute ms | communication ms | all-gather B/step | all-reduce B/step | broadcast B/step | calls/step | images/s |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var row in r.Rows)
            Console.WriteLine($"| {row.Ranks} | {row.ThreadsPerRank} | {row.GlobalBatch} | {row.StepMs:F1} | {row.ComputeMs:F1} | {row.CommunicationMs:F1} | " +
                $"{row.AllGatherBytes:N0} | {row.AllReduceBytes:N0} | {row.BroadcastBytes:N0} | {row.CallsPerStep} | {row.ImagesPerSecond:F0} |");
        Console.WriteLine($"on paper: the same step's communication on GPUs, {r.ShardBatch} images per GPU, a {r.LinkGigabitsPerSecond:G} Gbit/s link per GPU, {r.LatencyMicroseconds:G} µs per message (ring collectives):");
        Console.WriteLine("| GPUs | global batch | projections (gather + backward all-reduce), link MB | gradients (all-reduce), link MB | ms per step |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var p in r.Projections)
            Console.WriteLine($"| {p.Gpus} | {p.GlobalBatch} | {p.GatherWireBytes / 1e6:F2} | {p.GradientWireBytes / 1e6:F2} | {p.Milliseconds:F2} |");
        foreach (var note in r.Notes) Console.WriteLine($"note: {note}");
    }

    private static void PrintTrain(TrainBenchmark.Result r)
    {
        Console.WriteLine($"train benchmark: ResNet w={r.Width}, batch {r.BatchSize} × 2 views, 0.9·SCHaNe + 0.1·CE, AdamW, clip 5; " +
            $"{r.Threads} threads; PyTorch peer {r.TorchVersion}, default settings");
        Console.WriteLine($"  median of {r.Repeats} alternating runs of {r.Steps} steps (after {r.WarmupSteps} untimed)");
        Console.WriteLine($"  .NET trainer                         {r.DotnetImagesPerSecond,10:F1} images/s   ({string.Join(", ", r.DotnetSamples.Select(v => v.ToString("F1")))})");
        Console.WriteLine($"  PyTorch loop, default settings       {r.PyTorchImagesPerSecond,10:F1} images/s   ({string.Join(", ", r.PyTorchSamples.Select(v => v.ToString("F1")))})");
        Console.WriteLine($"  ratio .NET / PyTorch                 {r.Ratio,10:F3}     (target ≥ {TrainBenchmark.Target})");
        if (r.ScriptedImagesPerSecond is { } scripted)
        {
            Console.WriteLine($"  .NET trainer, {Path.GetFileName(r.WeightingScript)} weighting {scripted,10:F1} images/s   ({string.Join(", ", r.ScriptedSamples!.Select(v => v.ToString("F1")))})");
            Console.WriteLine($"  scripted / built-in weighting        {r.ScriptedOverBuiltIn,10:F3}     (target within 5%)");
            Console.WriteLine($"    median of the repeats' own ratios  {r.ScriptedOverBuiltInPaired,10:F3}     " +
                $"({string.Join(", ", r.ScriptedSamples!.Zip(r.DotnetSamples, (s, d) => (s / d).ToString("F3")))})");
        }
    }
}
