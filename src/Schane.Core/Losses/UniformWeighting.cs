using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>w_ik = 1 for every negative.</summary>
internal sealed record UniformWeighting : NegativeWeighting
{
    public override string Name => "uniform";

    public override Tensor LogWeights(SimilarityBlock block) => block.Logits.zeros_like();

    internal override double? FusedBeta(int step) => Detached ? null : 0;
}
