using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>
/// A contrastive loss as a TorchSharp loss module, as <c>nn.CrossEntropyLoss</c> is one:
/// <c>using var criterion = new SCHaNeLoss().AsModule(); var loss = criterion.call(z, y);</c>. The losses themselves
/// are records (so that <c>loss with { Temperature = 0.1 }</c> keeps working); this module holds one and forwards to
/// its <see cref="ContrastiveLoss.Compute"/>. It has no parameters or buffers.
/// </summary>
public sealed class ContrastiveLossModule : nn.Module<Tensor, Tensor, Tensor>
{
    private ContrastiveLoss loss;

    /// <summary>A module computing <paramref name="loss"/>.</summary>
    public ContrastiveLossModule(ContrastiveLoss loss) : base(nameof(ContrastiveLossModule)) =>
        this.loss = loss ?? throw new ArgumentNullException(nameof(loss));

    /// <summary>The loss computed; replace it (e.g. <c>module.Loss = module.Loss with { Temperature = 0.1 }</c>) between calls.</summary>
    public ContrastiveLoss Loss
    {
        get => loss;
        set => loss = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>The training step passed to the negative weighting (for schedules); 0 unless set.</summary>
    public int Step { get; set; }

    /// <summary><see cref="ContrastiveLoss.Compute"/>(<paramref name="embeddings"/>, <paramref name="labels"/>, <see cref="Step"/>): a scalar.</summary>
    public override Tensor forward(Tensor embeddings, Tensor labels) => loss.Compute(embeddings, labels, Step);

    /// <summary>The loss's description, e.g. "schane(τ=0.5, exponential(β=1))".</summary>
    public override string ToString() => loss.Name;
}
