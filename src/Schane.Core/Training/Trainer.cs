using System.Diagnostics;
using Schane.Core.Data;
using Schane.Core.Distributed;
using Schane.Core.Losses;
using Schane.Core.Models;
using TorchSharp;
using static TorchSharp.torch;
using AdamW = TorchSharp.Modules.AdamW;

namespace Schane.Core.Training;

/// <summary>
/// Fine-tunes a <see cref="ContrastiveModel"/> with the λ objective: each step draws a batch (shuffled per epoch by the
/// seed), augments every image into <see cref="TrainingOptions.Views"/> views, and takes one AdamW step on
/// λ·contrastive + (1 − λ)·cross-entropy with warmup-cosine learning rates and gradient clipping. Everything random
/// derives from the seed and the step number, so a run resumed from a checkpoint continues exactly as if it had not
/// stopped. Progress is reported through events; the objective can be swapped between steps from another thread.
/// </summary>
public sealed partial class Trainer : IDisposable
{
    private readonly ImageDataset data;
    private readonly Augmentation augmentation;
    private readonly BatchSampler sampler;
    private readonly AdamW optimizer;
    private readonly optim.lr_scheduler.LRScheduler schedule;
    private readonly Device device;
    private Objective objective;
    private Objective? proven; // the last objective that completed a step: where a failing new one falls back to
    private readonly int? savedWorldSize; // the ranks that wrote the checkpoint this run resumed from (null: a new run)

    /// <summary>
    /// A new run: seeds torch's generator with <see cref="TrainingOptions.Seed"/> and builds the model from
    /// <paramref name="model"/> for the classes of <paramref name="data"/>.
    /// </summary>
    public Trainer(ModelSpec model, ImageDataset data, TrainingOptions? options = null, Objective? objective = null,
        Augmentation? augmentation = null)
        : this(data, options ?? new TrainingOptions(), objective, augmentation, (model, BuildSeeded(model, data, options ?? new TrainingOptions())), checkpoint: null)
    {
    }

    private Trainer(ImageDataset data, TrainingOptions options, Objective? objective, Augmentation? augmentation,
        (ModelSpec Spec, ContrastiveModel Model) built, Checkpoint? checkpoint)
    {
        var model = built.Model;
        try
        {
            options.Validate();
            this.data = data;
            Options = options;
            this.objective = objective ?? new Objective();
            this.augmentation = augmentation ?? new Augmentation();
            Model = model;
            Spec = built.Spec;
            device = DeviceName.Parse(options.Device);
            if (device.type != DeviceType.CPU) Model.to(device);
            sampler = new BatchSampler(data.Count, options.BatchSize, options.Seed);
            StepsPerEpoch = sampler.BatchesPerEpoch;
            TotalSteps = StepsPerEpoch * options.Epochs;
            optimizer = optim.AdamW(Model.parameters(), lr: options.LearningRate, weight_decay: options.WeightDecay);
            if (checkpoint is not null)
            {
                checkpoint.OptimizerState.LoadInto(optimizer);
                Step = checkpoint.Metadata.Step;
                savedWorldSize = checkpoint.Metadata.WorldSize ?? 1;
            }
            // Positioned at the run's step: the rate of each step depends on the step alone, so a resumed run continues it.
            schedule = WarmupCosine.Scheduler(optimizer, (long)Math.Round(options.WarmupFraction * TotalSteps), TotalSteps,
                options.MinLearningRate, Step);
        }
        catch
        {
            optimizer?.Dispose();
            model.Dispose();
            throw;
        }
    }

    private static ContrastiveModel BuildSeeded(ModelSpec spec, ImageDataset data, TrainingOptions options)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(data);
        var image = new ImageShape(data.Channels, data.Height, data.Width);
        if (spec.Image != image)
            throw new ArgumentException($"the model takes images [{spec.Image}] but {data.Source} has images [{image}]", nameof(spec));
        if (spec.Classes != data.ClassCount)
            throw new ArgumentException($"the model has {spec.Classes} classes but {data.Source} has {data.ClassCount}", nameof(spec));
        options.Validate();
        manual_seed(options.Seed);
        return spec.Build();
    }

    /// <summary>
    /// Continues the run saved in <paramref name="checkpoint"/> on <paramref name="data"/> (the same training set: its
    /// size is checked) with the checkpoint's options, unless <paramref name="options"/> overrides them — only
    /// <see cref="TrainingOptions.Epochs"/> and <see cref="TrainingOptions.Device"/> may differ, the rest would not be
    /// the same run. The resumed trainer keeps writing its checkpoints to <paramref name="checkpoint"/> (as a full
    /// path), or to <paramref name="checkpointPath"/> when given: a resumed run that stops again must not lose what it
    /// trained since the resume.
    /// </summary>
    public static Trainer Resume(string checkpoint, ImageDataset data, Objective? objective = null, Augmentation? augmentation = null,
        TrainingOptions? options = null, string? checkpointPath = null, ICollective? collective = null)
    {
        using var saved = Checkpoint.Load(checkpoint);
        var meta = saved.Metadata;
        if (data.Count != meta.TrainingImages)
            throw new ArgumentException($"{checkpoint}: the run trained on {meta.TrainingImages} images; {data.Source} has {data.Count}", nameof(data));
        var resumed = options ?? meta.Options;
        if (resumed with { Epochs = meta.Options.Epochs, Device = meta.Options.Device } != meta.Options)
            throw new ArgumentException($"{checkpoint}: only the epoch count and the device of a resumed run may change; saved options: {meta.Options}", nameof(options));
        var model = saved.BuildModel();
        return new Trainer(data, resumed, objective, augmentation, (meta.Model, model), saved)
        {
            CheckpointPath = Path.GetFullPath(checkpointPath ?? checkpoint),
            Collective = collective ?? SingleProcess.Instance,
        };
    }

    /// <summary>The model being trained (owned by the trainer).</summary>
    public ContrastiveModel Model { get; }

    /// <summary>The architecture, as checkpoints record it.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The run's settings.</summary>
    public TrainingOptions Options { get; }

    /// <summary>Steps completed.</summary>
    public int Step { get; private set; }

    /// <summary>Steps per epoch (the last partial batch is dropped).</summary>
    public int StepsPerEpoch { get; }

    /// <summary>Steps in the whole run.</summary>
    public int TotalSteps { get; }

    /// <summary>The epoch the next step belongs to.</summary>
    public int Epoch => Step / StepsPerEpoch;

    /// <summary>
    /// The objective. Setting it (from any thread) takes effect at the next step boundary: a notebook can change the
    /// loss or its weighting while a run goes on. A new objective whose weighting fails on its first step is not
    /// fatal: the trainer goes back to the previous one (<see cref="ObjectiveRejected"/>).
    /// </summary>
    public Objective Objective
    {
        get => Volatile.Read(ref objective);
        set => Volatile.Write(ref objective, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// The negative weighting of the objective's contrastive loss (SCHaNe, HCL; null for losses without one). Setting
    /// it is <c>Objective = Objective.WithWeighting(value)</c>: it takes effect at the next step boundary, on
    /// probation like any new objective.
    /// </summary>
    /// <exception cref="ArgumentException">Set while the contrastive loss takes no weighting (SupCon, NT-Xent).</exception>
    public NegativeWeighting? Weighting
    {
        get => Objective.Contrastive switch
        {
            SCHaNeLoss schane => schane.Weighting,
            HCLLoss hcl => hcl.Weighting,
            _ => null,
        };
        set => Objective = Objective.WithWeighting(value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>
    /// Where <see cref="Run"/> writes a checkpoint after every epoch and when cancelled; null writes none. A trainer
    /// from <see cref="Resume"/> has the checkpoint it was resumed from (or the path given there).
    /// </summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// The ranks this trainer trains with, data-parallel (<see cref="SingleProcess.Instance"/> by default: one process,
    /// as before). With more than one, each rank encodes its shard of every global batch of
    /// <see cref="TrainingOptions.BatchSize"/> images, the contrastive term sees the whole global batch, gradients are
    /// averaged, and rank 0 alone writes checkpoints; see <c>Trainer.DataParallel.cs</c>.
    /// </summary>
    public ICollective Collective { get; init; } = SingleProcess.Instance;

    /// <summary>Raised after every step, on the training thread.</summary>
    public event Action<StepReport>? StepCompleted;

    /// <summary>Raised after every epoch, before its checkpoint is written.</summary>
    public event Action<EpochReport>? EpochCompleted;

    /// <summary>Raised after a checkpoint is written.</summary>
    public event Action<CheckpointReport>? CheckpointSaved;

    /// <summary>Raised when a newly set <see cref="Objective"/> has completed its first step.</summary>
    public event Action<ObjectiveChange>? ObjectiveChanged;

    /// <summary>Raised when a newly set <see cref="Objective"/> failed on its first step and the previous one took over.</summary>
    public event Action<ObjectiveRejection>? ObjectiveRejected;

    /// <summary>
    /// Trains until the run's last step, or for at most <paramref name="epochs"/> more epochs, or until
    /// <paramref name="cancellationToken"/> fires (then the current step finishes, a checkpoint is written, and the
    /// result is <see cref="TrainingOutcome.Cancelled"/>). A non-finite objective throws
    /// <see cref="TrainingDivergedException"/> without applying that step.
    /// </summary>
    public TrainingOutcome Run(CancellationToken cancellationToken = default, int? epochs = null)
    {
        var lastStep = epochs is { } e ? Math.Min(TotalSteps, (Epoch + e) * StepsPerEpoch) : TotalSteps;
        var clock = Stopwatch.StartNew();
        var epochClock = Stopwatch.StartNew();
        var firstStep = Step;
        var sums = new double[4];
        var epochSteps = 0;
        if (Collective.WorldSize > 1 || savedWorldSize > 1) StartDataParallel();
        Model.train();
        while (Step < lastStep)
        {
            var cancel = cancellationToken.IsCancellationRequested;
            if (Collective.WorldSize > 1) cancel = AgreeOnStep(cancel); // every rank stops, and swaps objectives, at the same step
            if (cancel)
            {
                SaveCheckpoint("cancelled");
                return TrainingOutcome.Cancelled;
            }
            var (loss, contrastive, crossEntropy, accuracy, learningRate, gradientNorm) = StepWithFallback();
            Step++;
            sums[0] += loss; sums[1] += contrastive; sums[2] += crossEntropy; sums[3] += accuracy;
            epochSteps++;
            var perSecond = (Step - firstStep) * (double)Options.BatchSize / clock.Elapsed.TotalSeconds;
            var remaining = TimeSpan.FromSeconds((lastStep - Step) * (double)Options.BatchSize / perSecond);
            StepCompleted?.Invoke(new StepReport(Step, TotalSteps, (Step - 1) / StepsPerEpoch, loss, contrastive, crossEntropy, accuracy,
                learningRate, gradientNorm, perSecond, remaining));
            if (Step % StepsPerEpoch == 0)
            {
                EpochCompleted?.Invoke(new EpochReport(Epoch - 1, Options.Epochs, sums[0] / epochSteps, sums[1] / epochSteps,
                    sums[2] / epochSteps, sums[3] / epochSteps, epochClock.Elapsed));
                Array.Clear(sums);
                epochSteps = 0;
                epochClock.Restart();
                SaveCheckpoint("epoch");
            }
        }
        return TrainingOutcome.Completed;
    }

    // A new objective is on probation for its first step: if its weighting fails there, the previous one runs the step.
    private (double Loss, double Contrastive, double CrossEntropy, double Accuracy, double LearningRate, double GradientNorm) StepWithFallback()
    {
        var parallel = Collective.WorldSize > 1;
        var current = parallel ? agreed! : Objective;
        (double, double, double, double, double, double) result;
        try
        {
            result = parallel ? TrainStepDataParallel(current) : TrainStep(current);
        }
        catch (WeightingException e) when (proven is not null && !ReferenceEquals(current, proven))
        {
            Interlocked.CompareExchange(ref objective, proven, current);
            ObjectiveRejected?.Invoke(new ObjectiveRejection(Step + 1, current, e));
            current = proven;
            if (parallel) agreed = proven;
            result = parallel ? TrainStepDataParallel(current) : TrainStep(current);
        }
        if (!ReferenceEquals(current, proven))
        {
            var first = proven is null;
            proven = current;
            if (!first) ObjectiveChanged?.Invoke(new ObjectiveChange(Step + 1, current));
        }
        return result;
    }

    private (double Loss, double Contrastive, double CrossEntropy, double Accuracy, double LearningRate, double GradientNorm) TrainStep(Objective current)
    {
        using var scope = NewDisposeScope();
        var (images, labels) = Batch(Epoch, Step % StepsPerEpoch);
        var learningRate = optimizer.ParamGroups.First().LearningRate;
        using var output = Model.call(images);
        var batch = Options.BatchSize;
        // Rows are view-major ([V·B, ·]); the objective takes [B, V, ·].
        var projections = output.Projections.view(Options.Views, batch, -1).transpose(0, 1);
        var logits = output.Logits.view(Options.Views, batch, -1).transpose(0, 1);
        using var terms = FirstOrder(current).Compute(projections, logits, labels, Step);
        var values = TensorData.ToArray<double>(stack([terms.Total.detach(), terms.Contrastive.detach(), terms.CrossEntropy.detach()]));
        if (!double.IsFinite(values[0]))
        {
            var term = !double.IsFinite(values[1]) ? "contrastive" : "cross-entropy";
            throw new TrainingDivergedException(Step + 1, term,
                $"step {Step + 1} (epoch {Epoch + 1}): the {term} term is {(double.IsNaN(values[term == "contrastive" ? 1 : 2]) ? "NaN" : "infinite")} " +
                $"(contrastive {values[1]:G4}, cross-entropy {values[2]:G4}); training stopped before applying it" +
                (CheckpointPath is null ? "" : $"; the last good checkpoint is {CheckpointPath}"));
        }
        Model.zero_grad(); // set_to_none, PyTorch 2's default (TorchSharp's optimizer.zero_grad fills zeros instead)
        terms.Total.backward();
        var gradientNorm = Options.ClipGradNorm is { } maxNorm ? nn.utils.clip_grad_norm_(Model.parameters(), maxNorm) : double.NaN;
        optimizer.step();
        schedule.step();
        var correct = output.Logits.argmax(1).eq(labels.repeat(Options.Views)).to(ScalarType.Float64).mean().ToDouble();
        return (values[0], values[1], values[2], correct, learningRate, gradientNorm);
    }

    /// <summary>
    /// A step needs first-order gradients only, so an Auto loss runs on the blocked path: the same values and gradients.
    /// Where a fused kernel applies (every built-in loss on the CPU, a script-defined weighting included) Auto takes it
    /// anyway; for the others per-block autograd costs about half of what the dense graph does.
    /// </summary>
    private static Objective FirstOrder(Objective objective) => objective.Contrastive.Path == LossPath.Auto
        ? objective with { Contrastive = objective.Contrastive with { Path = LossPath.Blocked } }
        : objective;

    /// <summary>The augmented views of batch <paramref name="index"/> of <paramref name="epoch"/> ([V·B, C, H, W], view-major) and its labels.</summary>
    private (Tensor Images, Tensor Labels) Batch(int epoch, int index)
    {
        using var rows = tensor(sampler.Batch(epoch, index));
        var raw = data.Images.index_select(0, rows);
        var labels = data.Labels.index_select(0, rows);
        var views = new Tensor[Options.Views];
        for (var v = 0; v < views.Length; v++) views[v] = augmentation.Apply(raw, ViewSeed(Step, v));
        var images = cat(views, 0);
        return device.type == DeviceType.CPU ? (images, labels) : (images.to(device), labels.to(device));
    }

    /// <summary>A seed for one view of one step, mixed from the run's seed (SplitMix64 finaliser) so nearby steps differ.</summary>
    private long ViewSeed(int step, int view)
    {
        var z = (ulong)Options.Seed * 0x9E3779B97F4A7C15UL + (ulong)step * 0xBF58476D1CE4E5B9UL + (ulong)view * 0x94D049BB133111EBUL + 1;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (long)(z ^ (z >> 31));
    }

    /// <summary>Writes a checkpoint to <see cref="CheckpointPath"/> now (no-op without one).</summary>
    public void SaveCheckpoint() => SaveCheckpoint("requested");

    private void SaveCheckpoint(string reason)
    {
        if (CheckpointPath is null || Collective.Rank != 0) return; // rank 0 writes; every rank holds the same weights
        var metadata = new CheckpointMetadata(CheckpointMetadata.CurrentFormat, Spec, Options, Describe(Objective), data.ClassNames,
            Step, StepsPerEpoch, data.Count) { WorldSize = Collective.WorldSize > 1 ? Collective.WorldSize : null };
        Checkpoint.Save(CheckpointPath, metadata, Model, optimizer);
        CheckpointSaved?.Invoke(new CheckpointReport(CheckpointPath, Step, reason));
    }

    /// <summary>"0.9·SCHaNeLoss + 0.1·CE" for the checkpoint and reports.</summary>
    public static string Describe(Objective objective) => objective.Lambda switch
    {
        0 => "CE",
        1 => objective.Contrastive.Name,
        var l => $"{l:0.###}·{objective.Contrastive.Name} + {1 - l:0.###}·CE",
    };

    /// <summary>Frees the model and the optimizer state.</summary>
    public void Dispose()
    {
        optimizer.Dispose(); // AdamW's state tensors
        Model.Dispose();
    }
}
