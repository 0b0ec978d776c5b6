// The program the MPI tests start under mpirun (one process per rank): the distributed loss on shards of a saved
// batch, or a small data-parallel training run. Each rank writes what the tests compare into the output folder.
using Schane.Core.Distributed;
using Schane.Core.IO;
using Schane.Core.Losses;
using Schane.Core.Training;
using Schane.Distributed;
using Schane.Distributed.Tests;
using TorchSharp;
using static TorchSharp.torch;

using var mpi = MpiCollective.Initialize();
torch.set_num_threads(MpiLaunch.ThreadsPerRank);
try
{
    switch (args[0])
    {
        case "loss": Loss(mpi, args[1], args[2]); break;
        case "train": Train(mpi, args[1], args.Skip(2).ToHashSet()); break;
        default: throw new ArgumentException($"unknown mode {args[0]}: expected loss or train");
    }
}
catch (Exception e)
{
    Console.Error.WriteLine($"rank {mpi.Rank}: {e.GetType().Name}: {e.Message}");
    mpi.Abort(3);
}
return 0;

// Each loss on this rank's shard, in float64 and float32: the loss value and the gradient of this rank's rows.
static void Loss(ICollective collective, string input, string output)
{
    using var embeddings = Npy.Load(Path.Combine(input, "embeddings.npy"));
    using var labels = Npy.Load(Path.Combine(input, "labels.npy"));
    foreach (var (name, loss) in DistributedCases.Losses)
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            using var scope = NewDisposeScope();
            var z = DistributedCases.Shard(embeddings, collective.Rank, collective.WorldSize).to(dtype).detach().requires_grad_();
            var y = DistributedCases.Shard(labels, collective.Rank, collective.WorldSize);
            using var criterion = new DistributedContrastiveLoss(loss, collective);
            var value = criterion.call(z, y);
            value.backward();
            var stem = Path.Combine(output, $"{name}-{dtype}-rank{collective.Rank}");
            File.WriteAllText(stem + ".txt", value.ToDouble().ToString("R"));
            Npy.Save(z.grad!.to(ScalarType.Float64), stem + ".npy");
        }
}

// A data-parallel run on the tests' 50 images; rank 0 writes checkpoint.pt after each epoch, every rank its final state.
static void Train(ICollective collective, string output, HashSet<string> flags)
{
    File.WriteAllText(Path.Combine(output, $"pid{collective.Rank}"), Environment.ProcessId.ToString());
    var epochs = flags.Contains("--long") ? 1000 : 2;
    var options = DistributedCases.Options(epochs);
    if (flags.Contains("--rank-seed")) options = options with { Seed = collective.Rank }; // a bad launch: ranks disagree
    if (flags.Contains("--batch-10")) options = options with { BatchSize = 10 };
    using var data = DistributedCases.Data();
    var checkpoint = Path.Combine(output, "checkpoint.pt");
    using var trainer = flags.Contains("--resume")
        ? Trainer.Resume(checkpoint, data, options: options, collective: collective)
        : new Trainer(DistributedCases.Spec(flags.Contains("--batchnorm")), data, options) { CheckpointPath = checkpoint, Collective = collective };
    if (flags.Contains("--swap"))
    {
        // Each rank sets a new weighting at a different step (as two file watchers would see a save): they must agree on one.
        trainer.StepCompleted += s => { if (s.Step == 2 + 2 * collective.Rank) trainer.Weighting = NegativeWeighting.TopK(4); };
        trainer.ObjectiveChanged += c => File.WriteAllText(Path.Combine(output, $"swap{collective.Rank}"), $"{c.Step} {c.Objective.Contrastive.Name}");
    }
    trainer.Run(epochs: flags.Contains("--one-epoch") ? 1 : null);
    var state = trainer.Model.state_dict().ToDictionary(p => p.Key, p => p.Value);
    TorchSaveFile.Write(state, Path.Combine(output, $"rank{collective.Rank}.pt"));
}
