using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// The contrastive projection head of the official SCHaNe/SupCon code: Linear(d, d) → ReLU → Linear(d, out), out = 128
/// by default (nn.Sequential(nn.Linear(dim_in, dim_in), nn.ReLU(inplace=True), nn.Linear(dim_in, feat_dim))).
/// The loss normalises its output; the head is dropped after training.
/// </summary>
public sealed class ProjectionHead : nn.Module<Tensor, Tensor>
{
    private readonly Sequential head;

    /// <summary>A head from <paramref name="inFeatures"/> to <paramref name="outFeatures"/>.</summary>
    public ProjectionHead(long inFeatures, long outFeatures = 128) : base(nameof(ProjectionHead))
    {
        OutFeatures = outFeatures;
        head = nn.Sequential(nn.Linear(inFeatures, inFeatures), nn.ReLU(), nn.Linear(inFeatures, outFeatures));
        RegisterComponents();
    }

    /// <summary>Width of a projection.</summary>
    public long OutFeatures { get; }

    /// <summary>[N, d] → [N, out].</summary>
    public override Tensor forward(Tensor input) => head.call(input);
}
