using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Schane.Core.Distributed;
using Schane.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Training;

/// <summary>
/// The data-parallel part of the trainer (a <see cref="Collective"/> of more than one rank), as PyTorch's DDP and
/// Horovod do it: the same start on every rank (checked settings, rank 0's weights broadcast), a deterministic shard of
/// the single-process global batch per rank, the projections all-gathered with autograd so that the contrastive term
/// is the global batch's, gradients averaged by all-reduce before the optimizer step, and every decision that could
/// differ between ranks (stop, swap the objective, reject a weighting, diverge) taken on all of them together.
/// BatchNorm normalises each rank's shard with its own batch statistics (DDP's default; SyncBatchNorm is not done),
/// and rank 0's running statistics are broadcast after every step (as DDP's broadcast_buffers=True does before each
/// forward): all ranks hold identical buffers between steps, so rank 0's checkpoint is every rank's state.
/// </summary>
public sealed partial class Trainer
{
    private bool dataParallelStarted;
    private Objective? agreed; // the objective every rank trains the next step with
    private ulong agreedKey;

    // Before the first step: every check that could fail on one rank only fails on all of them, before any training.
    private void StartDataParallel()
    {
        var world = Collective.WorldSize;
        if (savedWorldSize is { } saved && saved != world)
            throw new ArgumentException($"the checkpoint was written by a run on {saved} rank(s); it resumes on {saved}, " +
                $"not {world} (start it with {(saved == 1 ? "one process, without mpirun" : $"mpirun -np {saved}")})");
        if (dataParallelStarted) return;
        if (Options.BatchSize % world != 0)
            throw new ArgumentException($"the global batch of {Options.BatchSize} images does not divide among {world} ranks: choose a batch size " +
                $"that is a multiple of {world} (e.g. --batch-size {Options.BatchSize / world * world} or {(Options.BatchSize / world + 1) * world}) or another -np");
        if (Options.BatchSize / world < 1)
            throw new ArgumentException($"the global batch of {Options.BatchSize} images leaves no image for some of the {world} ranks");
        AgreeOnSettings();
        // Rank 0's weights on every rank (a new run: each seeded the same, but nothing relies on that).
        using (var scope = NewDisposeScope())
            Collective.Broadcast(Model.parameters().Concat(Model.buffers()).ToList());
        agreed = Objective;
        agreedKey = KeyOf(agreed);
        dataParallelStarted = true;
    }

    // Gathers every rank's settings (as JSON) and names the first one that differs: ranks started with different
    // flags, data or checkpoints would otherwise train different models and average their gradients.
    private void AgreeOnSettings()
    {
        var settings = JsonSerializer.Serialize(new
        {
            Model = Spec.ToString(),
            Options,
            Objective = Objective.ToString(),
            Augmentation = augmentation.ToString(),
            Images = data.Count,
            Classes = data.ClassNames,
            LabelSum = data.Labels.sum().ToInt64(),
            Step,
        }, Checkpoint.Json);
        var mine = Encoding.UTF8.GetBytes(settings);
        var lengths = new long[Collective.WorldSize];
        Span<long> myLength = [mine.Length];
        Collective.AllGather(MemoryMarshal.AsBytes(myLength), MemoryMarshal.AsBytes(lengths.AsSpan()));
        var width = (int)lengths.Max();
        var padded = new byte[width];
        mine.CopyTo(padded, 0);
        var all = new byte[width * Collective.WorldSize];
        Collective.AllGather(padded, all);
        var texts = Enumerable.Range(0, Collective.WorldSize)
            .Select(r => Encoding.UTF8.GetString(all, r * width, (int)lengths[r])).ToList();
        var differing = Enumerable.Range(1, texts.Count - 1).Where(r => texts[r] != texts[0]).ToList();
        if (differing.Count == 0) return;
        var rank = differing[0];
        var line0 = texts[0].Split('\n');
        var lineR = texts[rank].Split('\n');
        var at = Enumerable.Range(0, Math.Min(line0.Length, lineR.Length)).FirstOrDefault(i => line0[i] != lineR[i], Math.Min(line0.Length, lineR.Length) - 1);
        throw new ArgumentException($"the ranks were started with different settings (rank {string.Join(", ", differing)} differ from rank 0); " +
            $"first difference: rank 0 has `{line0[at].Trim()}`, rank {rank} has `{lineR[at].Trim()}`. Every rank must run the same command " +
            "on the same data (and resume the same checkpoint)");
    }

    // At each step boundary: stop if any rank was cancelled; swap in a newly set objective once every rank has it.
    private bool AgreeOnStep(bool cancel)
    {
        var latest = Objective;
        Span<ulong> mine = [cancel ? 1UL : 0UL, KeyOf(latest)];
        var all = new ulong[2 * Collective.WorldSize];
        Collective.AllGather(MemoryMarshal.AsBytes(mine), MemoryMarshal.AsBytes(all.AsSpan()));
        var anyCancel = false;
        var sameObjective = true;
        for (var r = 0; r < Collective.WorldSize; r++)
        {
            anyCancel |= all[2 * r] != 0;
            sameObjective &= all[2 * r + 1] == mine[1];
        }
        // A rank that has not yet seen the new objective (a file watcher a little behind) keeps everybody on the old one.
        if (sameObjective && mine[1] != agreedKey)
        {
            agreed = latest;
            agreedKey = mine[1];
        }
        return anyCancel;
    }

    // What identifies an objective across ranks: its description (loss, τ, β, weighting's name, λ, smoothing).
    private static ulong KeyOf(Objective objective) =>
        BitConverter.ToUInt64(SHA256.HashData(Encoding.UTF8.GetBytes(objective.ToString())), 0);

    private (double Loss, double Contrastive, double CrossEntropy, double Accuracy, double LearningRate, double GradientNorm) TrainStepDataParallel(Objective current)
    {
        using var scope = NewDisposeScope();
        var world = Collective.WorldSize;
        var rank = Collective.Rank;
        var shard = Options.BatchSize / world;
        var (images, labels, allLabels) = ShardBatch(Epoch, Step % StepsPerEpoch, rank * shard, shard);
        var learningRate = optimizer.ParamGroups.First().LearningRate;
        using var output = Model.call(images);
        // Rows are view-major ([V·b, ·]); [b, V, ·] per rank gathers into the global [B, V, ·] in sample order.
        var projections = output.Projections.view(Options.Views, shard, -1).transpose(0, 1);
        var logits = output.Logits.view(Options.Views, shard, -1).transpose(0, 1);
        var all = Collective.AllGatherWithGradient(projections);
        Objective.Terms? terms = null;
        WeightingException? failure = null;
        try
        {
            terms = FirstOrder(current).Compute(all, allLabels, logits, labels, Step);
        }
        catch (WeightingException e)
        {
            failure = e;
        }
        var correct = output.Logits.argmax(1).eq(labels.repeat(Options.Views)).to(ScalarType.Float64).mean().ToDouble();
        var local = terms is null ? new double[3] : TensorData.ToArray<double>(stack([terms.Contrastive.detach(), terms.CrossEntropy.detach()]));
        // One all-reduce for the step's figures and for "did the weighting fail on any rank".
        Span<double> sums = [local[0], local[1], correct, failure is null ? 0 : 1];
        Collective.AllReduce(sums, ReduceOperation.Sum);
        if (sums[3] > 0)
        {
            terms?.Dispose();
            throw failure ?? new WeightingException($"step {Step + 1}: the weighting failed on {sums[3]:0} other rank(s)");
        }
        using (terms)
        {
            var contrastive = sums[0] / world; // the same global-batch value on every rank
            var crossEntropy = sums[1] / world; // equal shards: the mean of the ranks' means is the global mean
            var loss = current.Lambda * contrastive + (1 - current.Lambda) * crossEntropy;
            if (!double.IsFinite(loss))
            {
                var term = !double.IsFinite(contrastive) ? "contrastive" : "cross-entropy";
                throw new TrainingDivergedException(Step + 1, term,
                    $"step {Step + 1} (epoch {Epoch + 1}): the {term} term is {(double.IsNaN(term == "contrastive" ? contrastive : crossEntropy) ? "NaN" : "infinite")} " +
                    $"on the global batch of {world} ranks (contrastive {contrastive:G4}, cross-entropy {crossEntropy:G4}); training stopped before applying it" +
                    (CheckpointPath is null ? "" : $"; the last good checkpoint is {CheckpointPath}"));
            }
            Model.zero_grad();
            // Each rank's λ·C + (1−λ)·CE_r: the gather's backward sums ∂C/∂z over ranks (world × this rank's share), so
            // the mean over ranks below is exactly the gradient of λ·C + (1−λ)·mean_r CE_r, the single-process objective.
            terms!.Total.backward();
            Collective.AverageGradients(Model.parameters());
            var gradientNorm = Options.ClipGradNorm is { } maxNorm ? nn.utils.clip_grad_norm_(Model.parameters(), maxNorm) : double.NaN;
            optimizer.step();
            schedule.step();
            Collective.Broadcast(Model.buffers().ToList()); // rank 0's BatchNorm running statistics, so that every rank ends the step alike
            return (loss, contrastive, crossEntropy, sums[2] / world, learningRate, gradientNorm);
        }
    }

    /// <summary>
    /// This rank's <paramref name="count"/> images of batch <paramref name="index"/> from position
    /// <paramref name="first"/>, augmented exactly as in the whole batch ([V·count, C, H, W], view-major), their
    /// labels, and the labels of the whole global batch.
    /// </summary>
    private (Tensor Images, Tensor Labels, Tensor AllLabels) ShardBatch(int epoch, int index, int first, int count)
    {
        var batch = sampler.Batch(epoch, index);
        using var all = tensor(batch);
        using var rows = tensor(batch.AsSpan(first, count).ToArray());
        var raw = data.Images.index_select(0, rows);
        var labels = data.Labels.index_select(0, rows);
        var allLabels = data.Labels.index_select(0, all);
        var views = new Tensor[Options.Views];
        for (var v = 0; v < views.Length; v++) views[v] = augmentation.Apply(raw, ViewSeed(Step, v), first);
        var images = cat(views, 0);
        return device.type == DeviceType.CPU ? (images, labels, allLabels) : (images.to(device), labels.to(device), allLabels.to(device));
    }
}
