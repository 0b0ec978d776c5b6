using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>A weighting defined by a user's function, checked on every call.</summary>
internal sealed class FunctionWeighting(Func<SimilarityBlock, Tensor> function, bool takesLog, string name) : NegativeWeighting
{
    public override string Name => name;

    public override Tensor LogWeights(SimilarityBlock block)
    {
        Tensor result;
        try
        {
            result = function(block);
        }
        catch (Exception e)
        {
            throw new WeightingException($"weighting '{name}' threw at step {block.Step}: {e.Message}", e);
        }
        if (result is null) throw new WeightingException($"weighting '{name}' returned null at step {block.Step}");
        using var scope = Torch.NewDisposeScope();
        if (!result.Shape.SequenceEqual(block.Logits.Shape))
            throw new WeightingException($"weighting '{name}' returned shape [{string.Join(", ", result.Shape)}] at step " +
                $"{block.Step}; expected [{string.Join(", ", block.Logits.Shape)}] (anchors × rows, like block.Logits)");
        using var atNegatives = result.MaskedSelect(block.Negatives);
        if (atNegatives.IsNan().Any().Item<bool>())
            throw new WeightingException($"weighting '{name}' returned NaN at step {block.Step}");
        if (takesLog)
        {
            if (atNegatives.Eq(double.PositiveInfinity).Any().Item<bool>())
                throw new WeightingException($"weighting '{name}' returned a log-weight of +Inf at step {block.Step}");
            return result.To(block.Logits.DType).DetachFromDisposeScope();
        }
        if (atNegatives.Lt(0).Any().Item<bool>())
            throw new WeightingException($"weighting '{name}' returned a negative weight at step {block.Step}; weights must be ≥ 0");
        if (atNegatives.IsInf().Any().Item<bool>())
            throw new WeightingException($"weighting '{name}' returned an infinite weight at step {block.Step}");
        return result.To(block.Logits.DType).Log().DetachFromDisposeScope();
    }
}

/// <summary>A negative-weighting function failed or returned something unusable; the message names it and the step.</summary>
public sealed class WeightingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightingException(string message, Exception? inner = null) : base(message, inner) { }
}
