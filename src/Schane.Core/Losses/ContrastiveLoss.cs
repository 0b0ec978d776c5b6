using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// The family: a contrastive loss over the similarities s_ik = z_i · z_k / τ of L2-normalised embeddings, defined
/// anchor by anchor (<see cref="AnchorLosses"/>). This base class validates and flattens the inputs, builds the
/// positive and negative masks, and evaluates the anchors either all at once (dense) or in blocks of rows (blocked:
/// each block's similarities, loss and gradient are computed and freed before the next, so memory stays
/// O(block · N)). The result is the mean over anchors that have at least one positive; anchors without one are left
/// out (not NaN). Gradients reach the embeddings through autograd in both paths.
/// </summary>
public abstract record ContrastiveLoss
{
    /// <summary>τ in s_ik = z_i · z_k / τ.</summary>
    public double Temperature { get; init; } = 0.5;

    /// <summary>L2-normalise the embeddings first (on by default; F.normalize(dim=-1)).</summary>
    public bool Normalize { get; init; } = true;

    /// <summary>Dense, blocked, or chosen by size (default).</summary>
    public LossPath Path { get; init; } = LossPath.Auto;

    /// <summary>
    /// Above this many rows, <see cref="LossPath.Auto"/> switches to the blocked path; at any size it takes the blocked
    /// path when the fused kernel applies (it is the fastest everywhere).
    /// </summary>
    public long DenseLimit { get; init; } = 1024;

    /// <summary>Anchor rows per block in the blocked path; 0 chooses about 2M similarities per block.</summary>
    public int BlockRows { get; init; }

    /// <summary>
    /// Let the blocked path use the fused CPU kernel: built-in exponential or uniform weights are computed inside it, any
    /// other weighting's log-weights are its input (SCHaNe, HCL); off forces per-block autograd, e.g. to cross-check it.
    /// </summary>
    public bool UseFusedKernel { get; init; } = true;

    /// <summary>Short description for logs, e.g. "schane(τ=0.5, exponential(β=1))".</summary>
    public abstract string Name { get; }

    /// <inheritdoc/>
    public sealed override string ToString() => Name;

    /// <summary>
    /// The loss of a batch: <paramref name="embeddings"/> [N, D] with <paramref name="labels"/> [N], or [B, V, D] with
    /// labels [B]. Returns a scalar tensor that backpropagates into <paramref name="embeddings"/>.
    /// <paramref name="step"/> is passed to the weighting function (for schedules).
    /// </summary>
    public Tensor Compute(Tensor embeddings, Tensor labels, int step = 0)
    {
        using var batch = ContrastiveBatch.From(embeddings, labels);
        Validate(batch);
        using var scope = NewDisposeScope();
        var z = Normalize ? nn.functional.normalize(batch.Rows, 2, 1) : batch.Rows.alias();
        var maskLabels = MaskLabels(batch);
        var anchors = AnchorCount(batch);
        var fused = FusedSpecFor(z, step);
        var blocked = Path == LossPath.Blocked || (Path == LossPath.Auto && (batch.Count > DenseLimit || fused != null));
        var loss = blocked ? Blocked(z, maskLabels, anchors, step, fused) : Dense(z, maskLabels, anchors, step);
        return loss.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// This loss as a TorchSharp module whose <c>forward(embeddings, labels)</c> is <see cref="Compute"/>:
    /// <c>using var criterion = new SCHaNeLoss().AsModule(); var loss = criterion.call(z, y);</c>.
    /// </summary>
    public ContrastiveLossModule AsModule() => new(this);

    /// <summary>Per-anchor losses [R] for a block of anchors, and which of them count (bool [R]).</summary>
    protected internal abstract (Tensor Loss, Tensor Valid) AnchorLosses(SimilarityBlock block);

    /// <summary>Checks loss-specific requirements (e.g. exactly two views); throws <see cref="ArgumentException"/>.</summary>
    protected virtual void Validate(ContrastiveBatch batch) { }

    /// <summary>The labels that define positives and negatives: the class labels, or instance ids for instance losses.</summary>
    protected virtual Tensor MaskLabels(ContrastiveBatch batch) => batch.Labels.alias();

    /// <summary>How many leading rows are anchors (all rows unless a loss anchors on one view only).</summary>
    protected virtual long AnchorCount(ContrastiveBatch batch) => batch.Count;

    private Tensor Dense(Tensor z, Tensor labels, long anchors, int step)
    {
        var anchorRows = anchors == z.size(0) ? z : z.narrow(0, 0, anchors);
        var logits = anchorRows.mm(z.T) / Temperature;
        var (loss, valid) = Evaluate(logits, labels, 0, step);
        var count = valid.sum().ToInt64();
        if (count == 0) throw NoPositives(labels);
        return loss.where(valid, loss.zeros_like()).sum() / count;
    }

    /// <summary>The fused kernel's settings for this loss at <paramref name="step"/>, or null when only the generic path applies.</summary>
    internal virtual FusedContrastive.Spec? Fused(int step) => null;

    /// <summary>The fused kernel's settings when it applies (allowed, a loss that has one, float32/64 embeddings on the CPU), else null.</summary>
    private FusedContrastive.Spec? FusedSpecFor(Tensor z, int step) =>
        UseFusedKernel && z.device_type == DeviceType.CPU && z.dtype is ScalarType.Float32 or ScalarType.Float64 ? Fused(step) : null;

    private Tensor Blocked(Tensor z, Tensor labels, long anchors, int step, FusedContrastive.Spec? fused)
    {
        var rows = z.size(0);
        var constant = z.detach();
        var gradient = constant.zeros_like();
        // About 2M similarities per block (8M measured 1.6× slower at B = 4096), but at least 256 rows so that the
        // matrix products stay efficient at large B.
        var blockRows = BlockRows > 0 ? BlockRows : (int)Math.Clamp((2L << 20) / rows, 256, 1024);
        var (total, count) = fused switch
        {
            { Weighting: not null } spec => FusedContrastive.RunWeighted(spec, constant, labels, anchors, Temperature, blockRows, step, gradient),
            { } spec => FusedContrastive.Run(spec, constant, labels, anchors, Temperature, blockRows, gradient),
            null => BlockedGeneric(constant, labels, anchors, step, blockRows, gradient),
        };
        if (count == 0) throw NoPositives(labels);
        gradient.div_(count);
        // value + (a − a.detach()): exactly the value, and exactly `gradient` as the derivative with respect to z.
        var surrogate = (z * gradient).sum();
        var value = tensor(total / count, z.dtype, z.device);
        return value + (surrogate - surrogate.detach());
    }

    /// <summary>Any weighting: each block's loss is differentiated by autograd with respect to its similarities.</summary>
    private (double Sum, long Count) BlockedGeneric(Tensor constant, Tensor labels, long anchors, int step, int blockRows, Tensor gradient)
    {
        double total = 0;
        long count = 0;
        for (long first = 0; first < anchors; first += blockRows)
        {
            using var scope = NewDisposeScope();
            var size = Math.Min(blockRows, anchors - first);
            var block = constant.narrow(0, first, size);
            // The block's similarities are a leaf: its loss is differentiated with respect to them alone, and the
            // chain rule through s = z zᵀ / τ is applied by hand (two products), so no graph outlives the block.
            Tensor logits;
            using (no_grad()) logits = block.mm(constant.T) / Temperature;
            logits.requires_grad = true;
            var (loss, valid) = Evaluate(logits, labels, first, step);
            var sum = loss.where(valid, loss.zeros_like()).sum();
            total += sum.ToDouble();
            count += valid.sum().ToInt64();
            var dLogits = autograd.grad([sum], [logits])[0] / Temperature;
            using (no_grad())
            {
                gradient.narrow(0, first, size).add_(dLogits.mm(constant));
                gradient.add_(dLogits.T.mm(block));
            }
        }
        return (total, count);
    }

    private (Tensor Loss, Tensor Valid) Evaluate(Tensor logits, Tensor labels, long first, int step)
    {
        var size = logits.size(0);
        var block = new SimilarityBlock(logits, PositivesOf(labels, first, size), NegativesOf(labels, first, size), first, step, Temperature);
        return AnchorLosses(block);
    }

    /// <summary>Bool [R, N]: row k is a positive of anchor first + r (same label, not itself).</summary>
    internal static Tensor PositivesOf(Tensor labels, long first, long size)
    {
        var positives = labels.narrow(0, first, size).unsqueeze(1).eq(labels.unsqueeze(0));
        // Anchor first + r is column first + r of its row: the diagonal at offset `first`.
        using (var self = positives.diagonal(first)) self.fill_(0);
        return positives;
    }

    /// <summary>Bool [R, N]: row k is a negative of anchor first + r (another label).</summary>
    internal static Tensor NegativesOf(Tensor labels, long first, long size) =>
        labels.narrow(0, first, size).unsqueeze(1).ne(labels.unsqueeze(0));

    /// <summary>log-weights from <paramref name="weighting"/>, evaluated without gradient when it is detached.</summary>
    protected internal static Tensor WeightsOf(NegativeWeighting weighting, SimilarityBlock block)
    {
        if (!weighting.Detached) return weighting.LogWeights(block);
        using var noGrad = no_grad();
        using var logits = block.Logits.detach();
        var detachedBlock = new SimilarityBlock(logits, block.Positives, block.Negatives, block.FirstAnchor, block.Step, block.Temperature);
        return weighting.LogWeights(detachedBlock);
    }

    private static ArgumentException NoPositives(Tensor labels) =>
        new($"no anchor has a positive: every one of the {labels.size(0)} rows has a label of its own. Give each " +
            "sample two or more views, or batch several samples per class.", "labels");
}
