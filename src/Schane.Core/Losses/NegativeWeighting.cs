using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// How much each negative counts: the seam a researcher redefines. Given a <see cref="SimilarityBlock"/> it returns
/// log w_ik, the natural log of each negative's weight, as a tensor shaped like the block's logits (entries that are
/// not negatives are ignored). The loss then uses Ng_i = Σ_{k∈N(i)} w_ik · exp(s_ik).
/// Uniform weights are log w = 0; SCHaNe's are log(|N(i)| · softmax_{N(i)}(β s_ik)), see <see cref="NormalizeOverNegatives"/>.
/// Gradients flow through the weights unless <see cref="Detached"/> is set.
/// </summary>
public abstract record NegativeWeighting
{
    /// <summary>When true, the loss evaluates the weights without recording gradients (they act as constants).</summary>
    public bool Detached { get; init; }

    /// <summary>A short description for logs and reports, e.g. "exponential(β=1)".</summary>
    public abstract string Name { get; }

    /// <summary>log w_ik for the block's anchors and all rows, [R, N]; only entries at negatives are used.</summary>
    public abstract Tensor LogWeights(SimilarityBlock block);

    /// <summary>
    /// The β of an equivalent exponential weighting at <paramref name="step"/> (0 for uniform), or null: lets the
    /// blocked path use the fused kernel. Weights that are detached change the gradient, so they never qualify.
    /// </summary>
    internal virtual double? FusedBeta(int step) => null;

    /// <inheritdoc/>
    public sealed override string ToString() => Name;

    /// <summary>
    /// Turns per-negative scores a_ik into log-weights that average to one over each anchor's negatives:
    /// log w_ik = log|N(i)| + a_ik − logsumexp_{k'∈N(i)} a_ik' (i.e. w = |N(i)| · softmax over N(i)). Rows with no
    /// negatives get 0.
    /// </summary>
    public static Tensor NormalizeOverNegatives(Tensor scores, Tensor negatives)
    {
        using var scope = NewDisposeScope();
        // a_ik − logsumexp_{N(i)} a is log_softmax over the row once the other entries are pushed to the lowest finite
        // value: one fused pass (forward and backward) instead of a masked log-sum-exp and a subtraction, and a row
        // without negatives stays finite.
        var masked = scores.where(negatives, tensor(finfo(scores.dtype).min, scores.dtype, scores.device));
        var count = RowMath.Count(negatives, scores.dtype).clamp_min(1);
        var result = masked.log_softmax(1) + count.log().unsqueeze(1);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>Every negative weighs 1 (β = 0): plain supervised contrastive with positives averaged inside the log.</summary>
    public static NegativeWeighting Uniform { get; } = new UniformWeighting();

    /// <summary>SCHaNe's and HCL's weighting: w_ik = |N(i)| · softmax_{N(i)}(β s_ik); harder negatives weigh more.</summary>
    public static NegativeWeighting Exponential(double beta = 1.0) => new ExponentialWeighting(_ => beta, $"exponential(β={beta})");

    /// <summary>Exponential weighting whose β follows a schedule over training steps (e.g. a curriculum from 0 up).</summary>
    public static NegativeWeighting ExponentialSchedule(Func<int, double> beta, string? name = null) =>
        new ExponentialWeighting(beta, name ?? "exponential(β scheduled)");

    /// <summary>Only the k hardest negatives of each anchor count, each with weight |N(i)| / k (ties broken by index).</summary>
    public static NegativeWeighting TopK(int k) => new TopKWeighting(k);

    /// <summary>A user's function returning log-weights (see <see cref="LogWeights"/>).</summary>
    public static NegativeWeighting FromLogWeights(Func<SimilarityBlock, Tensor> logWeights, string name = "custom", bool detached = false) =>
        new FunctionWeighting(logWeights, TakesLog: true, name) { Detached = detached };

    /// <summary>A user's function returning weights w_ik ≥ 0 (their log is taken; negative or NaN weights are an error).</summary>
    public static NegativeWeighting FromWeights(Func<SimilarityBlock, Tensor> weights, string name = "custom", bool detached = false) =>
        new FunctionWeighting(weights, TakesLog: false, name) { Detached = detached };
}
