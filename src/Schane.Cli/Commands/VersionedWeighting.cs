using Schane.Core.Losses;
using TorchSharp;

namespace Schane.Cli.Commands;

/// <summary>
/// A script's weighting named with the hash of the script's text. The ranks of a data-parallel run agree on an
/// objective by its description; two saved versions of a script that name their weighting alike would otherwise
/// read the same, and a rank could not tell that a newer one is waiting.
/// </summary>
internal sealed record VersionedWeighting : NegativeWeighting
{
    public VersionedWeighting(NegativeWeighting inner, string hash)
    {
        Inner = inner;
        Hash = hash;
        Detached = inner.Detached;
    }

    /// <summary>The script's weighting.</summary>
    public NegativeWeighting Inner { get; }

    /// <summary>The first 12 hex digits of the script's SHA-256.</summary>
    public string Hash { get; }

    /// <inheritdoc/>
    public override string Name => $"{Inner.Name} [sha256 {Hash}]";

    /// <inheritdoc/>
    public override torch.Tensor LogWeights(SimilarityBlock block) => Inner.LogWeights(block);
}
