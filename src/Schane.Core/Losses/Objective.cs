using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// The fine-tuning objective: L = λ · contrastive + (1 − λ) · cross-entropy, λ = 0.9 as in the official SCHaNe code
/// (loss = alpha · cl + (1 − alpha) · ce). Cross-entropy is taken on every view's logits, with optional label
/// smoothing (torch.nn.functional.cross_entropy). λ = 0 is plain cross-entropy fine-tuning, the paper's baseline.
/// </summary>
public sealed record Objective
{
    /// <summary>The contrastive term; <see cref="SCHaNeLoss"/> by default.</summary>
    public ContrastiveLoss Contrastive { get; init; } = new SCHaNeLoss();

    /// <summary>λ, the contrastive term's share in [0, 1].</summary>
    public double Lambda { get; init; } = 0.9;

    /// <summary>Label smoothing of the cross-entropy term, in [0, 1).</summary>
    public double LabelSmoothing { get; init; }

    /// <summary>
    /// This objective with <paramref name="weighting"/> as its contrastive term's negative weighting (SCHaNe or HCL);
    /// a loss without one (SupCon, NT-Xent) raises <see cref="ArgumentException"/>.
    /// </summary>
    public Objective WithWeighting(NegativeWeighting weighting)
    {
        ArgumentNullException.ThrowIfNull(weighting);
        return this with
        {
            Contrastive = Contrastive switch
            {
                SCHaNeLoss schane => schane with { Weighting = weighting },
                HCLLoss hcl => hcl with { Weighting = weighting },
                var other => throw new ArgumentException($"{other.Name} has no negative weighting to replace (SCHaNe and HCL have one)", nameof(weighting)),
            },
        };
    }

    /// <summary>The objective and its two terms (scalar tensors; the total backpropagates into both inputs).</summary>
    public sealed record Terms(Tensor Total, Tensor Contrastive, Tensor CrossEntropy) : IDisposable
    {
        /// <inheritdoc/>
        public void Dispose()
        {
            Total.Dispose();
            Contrastive.Dispose();
            CrossEntropy.Dispose();
        }
    }

    /// <summary>
    /// Evaluates the objective on projections <paramref name="embeddings"/> ([B, V, D] or [N, D]) and classifier
    /// <paramref name="logits"/> ([B, V, C] or [N, C], the same rows) for <paramref name="labels"/> ([B] or [N]).
    /// With λ = 0 the contrastive term is not computed (it is reported as 0).
    /// </summary>
    public Terms Compute(Tensor embeddings, Tensor logits, Tensor labels, int step = 0)
    {
        CheckSettings();
        if (embeddings.dim() != logits.dim() || embeddings.size(0) != logits.size(0) || (embeddings.dim() == 3 && embeddings.size(1) != logits.size(1)))
            throw new ArgumentException($"logits [{string.Join(", ", logits.shape)}] must have the rows of embeddings " +
                $"[{string.Join(", ", embeddings.shape)}]: [B, V, C] with [B, V, D], or [N, C] with [N, D]", nameof(logits));
        return Compute(embeddings, labels, logits, labels, step);
    }

    /// <summary>
    /// The objective with its two terms on different rows: the contrastive term on <paramref name="embeddings"/> with
    /// <paramref name="embeddingLabels"/> (e.g. the global batch gathered from every rank of a data-parallel job), the
    /// cross-entropy on <paramref name="logits"/> ([B, V, C] or [N, C]) with <paramref name="logitLabels"/> (that
    /// rank's own shard). With the same rows it is <see cref="Compute(Tensor, Tensor, Tensor, int)"/>.
    /// </summary>
    public Terms Compute(Tensor embeddings, Tensor embeddingLabels, Tensor logits, Tensor logitLabels, int step)
    {
        CheckSettings();
        using var scope = NewDisposeScope();
        var labels = logitLabels;
        var views = logits.dim() == 3 ? logits.size(1) : 1;
        // Rows view-major, as the contrastive term flattens them: logits [B, V, C] → [V·B, C], labels repeated per view.
        var flatLogits = views == 1 ? logits : logits.transpose(0, 1).reshape(-1, logits.size(2));
        var flatLabels = views == 1 ? labels : labels.repeat(views);
        var crossEntropy = nn.functional.cross_entropy(flatLogits, flatLabels, label_smoothing: LabelSmoothing);
        var contrastive = Lambda > 0 ? Contrastive.Compute(embeddings, embeddingLabels, step) : crossEntropy.zeros_like();
        var total = contrastive * Lambda + crossEntropy * (1 - Lambda);
        return new Terms(total.MoveToOuterDisposeScope(), contrastive.MoveToOuterDisposeScope(), crossEntropy.MoveToOuterDisposeScope());
    }

    private void CheckSettings()
    {
        if (Lambda is < 0 or > 1) throw new ArgumentOutOfRangeException(nameof(Lambda), Lambda, "λ must be in [0, 1]");
        // Checked here as torch.nn.functional.cross_entropy checks it in Python (libtorch's message names no argument).
        if (!(LabelSmoothing is >= 0 and <= 1))
            throw new ArgumentOutOfRangeException(nameof(LabelSmoothing), LabelSmoothing, "label smoothing has to be between 0 and 1");
    }
}
