using Schane.Core.Losses;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Distributed;

/// <summary>
/// A contrastive loss over the global batch of a data-parallel job, for a TorchSharp user's own training loop (what
/// pytorch-metric-learning's DistributedLossWrapper is for PyTorch): each rank calls it with its own shard's
/// embeddings ([N, D] or [B, V, D]) and labels; it gathers both from every rank (in rank order, along dim 0) and
/// returns the loss of the concatenated batch, so each anchor's positives and negatives come from every rank.
/// <para>
/// The value is the same on every rank. The gradient that reaches a rank's embeddings is exactly what one process
/// would get for those rows on the concatenated batch; a parameter's gradient on one rank is therefore its shard's
/// share, and <c>collective.SumGradients(model.parameters())</c> before the optimizer step gives every rank the
/// global batch's gradient. (A loop that averages gradients, as DDP does, multiplies this loss by
/// <see cref="ICollective.WorldSize"/> first.)
/// </para>
/// <code>using var criterion = new DistributedContrastiveLoss(new SCHaNeLoss(), collective);
/// var loss = criterion.call(z, y); loss.backward(); collective.SumGradients(model.parameters()); optimizer.step();</code>
/// </summary>
public sealed class DistributedContrastiveLoss : nn.Module<Tensor, Tensor, Tensor>
{
    private ContrastiveLoss loss;

    /// <summary>A module computing <paramref name="loss"/> over the batch gathered by <paramref name="collective"/>.</summary>
    public DistributedContrastiveLoss(ContrastiveLoss loss, ICollective collective) : base(nameof(DistributedContrastiveLoss))
    {
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));
        Collective = collective ?? throw new ArgumentNullException(nameof(collective));
    }

    /// <summary>The ranks the batch is gathered from.</summary>
    public ICollective Collective { get; }

    /// <summary>The loss computed on the gathered batch; replace it between calls (the same on every rank).</summary>
    public ContrastiveLoss Loss
    {
        get => loss;
        set => loss = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The training step passed to the negative weighting (for schedules); 0 unless set.</summary>
    public int Step { get; set; }

    /// <summary>The global-batch loss of this rank's <paramref name="embeddings"/> and <paramref name="labels"/> with every other rank's.</summary>
    public override Tensor forward(Tensor embeddings, Tensor labels)
    {
        ArgumentNullException.ThrowIfNull(embeddings);
        ArgumentNullException.ThrowIfNull(labels);
        if (labels.dim() != 1 || embeddings.dim() < 2 || labels.size(0) != embeddings.size(0))
            throw new ArgumentException($"labels [{string.Join(", ", labels.shape)}] must be [N] for embeddings [N, D] or [B, V, D]; " +
                $"embeddings are [{string.Join(", ", embeddings.shape)}]", nameof(labels));
        using var scope = NewDisposeScope();
        // Every rank computes the same loss, so the backward's sum over ranks is averaged back to this loss's own gradient.
        var all = Collective.AllGatherWithGradient(embeddings, averageGradient: true);
        var allLabels = Collective.AllGather(labels);
        return loss.Compute(all, allLabels, Step).MoveToOuterDisposeScope();
    }

    /// <inheritdoc/>
    public override string ToString() => $"{loss.Name} over {Collective.WorldSize} rank(s)";
}
