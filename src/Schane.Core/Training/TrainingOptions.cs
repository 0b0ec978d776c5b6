namespace Schane.Core.Training;

/// <summary>
/// The optimisation settings of a run: AdamW with linear warmup and cosine decay, gradient clipping, two augmented
/// views per image, and the seed every random choice derives from (initialisation, batch order, augmentation), so the
/// same options give the same run.
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Passes over the training set.</summary>
    public int Epochs { get; init; } = 5;

    /// <summary>Images per step (each seen in <see cref="Views"/> augmented views).</summary>
    public int BatchSize { get; init; } = 128;

    /// <summary>Augmented views per image (2, as SupCon and SCHaNe use).</summary>
    public int Views { get; init; } = 2;

    /// <summary>Peak learning rate, reached after warmup (AdamW lr).</summary>
    public double LearningRate { get; init; } = 2e-3;

    /// <summary>Learning rate at the end of the cosine decay.</summary>
    public double MinLearningRate { get; init; }

    /// <summary>Share of all steps spent in linear warmup from 0.</summary>
    public double WarmupFraction { get; init; } = 0.05;

    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.05;

    /// <summary>Maximal global L2 norm of the gradients (torch.nn.utils.clip_grad_norm_); null leaves them as they are.</summary>
    public double? ClipGradNorm { get; init; } = 5.0;

    /// <summary>The seed of the run.</summary>
    public int Seed { get; init; }

    /// <summary>Where the run's tensors live: "cpu" or "cuda[:i]".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        static void Check(bool ok, string name, object value, string expected)
        {
            if (!ok) throw new ArgumentException($"{name} = {value}: expected {expected}", name);
        }
        Check(Epochs >= 1, nameof(Epochs), Epochs, "at least 1");
        Check(BatchSize >= 2, nameof(BatchSize), BatchSize, "at least 2 (a contrastive batch needs pairs)");
        Check(Views >= 1, nameof(Views), Views, "at least 1");
        Check(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), LearningRate, "a positive number");
        Check(MinLearningRate >= 0 && MinLearningRate <= LearningRate, nameof(MinLearningRate), MinLearningRate, $"in [0, {LearningRate}]");
        Check(WarmupFraction is >= 0 and < 1, nameof(WarmupFraction), WarmupFraction, "in [0, 1)");
        Check(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), WeightDecay, "≥ 0");
        Check(ClipGradNorm is null || ClipGradNorm > 0, nameof(ClipGradNorm), ClipGradNorm ?? 0, "a positive norm, or none");
        _ = DeviceName.Parse(Device);
    }
}
