using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>A weighting defined by a user's function, checked on every call.</summary>
internal sealed record FunctionWeighting(Func<SimilarityBlock, Tensor> Function, bool TakesLog, string Label) : NegativeWeighting
{
    public override string Name => Label;

    public override Tensor LogWeights(SimilarityBlock block)
    {
        Tensor result;
        try
        {
            result = Function(block);
        }
        catch (Exception e)
        {
            throw new WeightingException($"weighting '{Label}' threw at step {block.Step}: {e.Message}", e);
        }
        if (result is null) throw new WeightingException($"weighting '{Label}' returned null at step {block.Step}");
        using var scope = Torch.NewDisposeScope();
        if (!result.Shape.SequenceEqual(block.Logits.Shape))
            throw new WeightingException($"weighting '{Label}' returned shape [{string.Join(", ", result.Shape)}] at step " +
                $"{block.Step}; expected [{string.Join(", ", block.Logits.Shape)}] (anchors × rows, like block.Logits)");
        using var atNegatives = result.MaskedSelect(block.Negatives);
        if (atNegatives.IsNan().Any().Item<bool>())
            throw new WeightingException($"weighting '{Label}' returned NaN at step {block.Step}");
        if (TakesLog)
        {
            if (atNegatives.Eq(double.PositiveInfinity).Any().Item<bool>())
                throw new WeightingException($"weighting '{Label}' returned a log-weight of +Inf at step {block.Step}");
            return result.To(block.Logits.DType).DetachFromDisposeScope();
        }
        if (atNegatives.Lt(0).Any().Item<bool>())
            throw new WeightingException($"weighting '{Label}' returned a negative weight at step {block.Step}; weights must be ≥ 0");
        if (atNegatives.IsInf().Any().Item<bool>())
            throw new WeightingException($"weighting '{Label}' returned an infinite weight at step {block.Step}");
        return result.To(block.Logits.DType).Log().DetachFromDisposeScope();
    }
}

/// <summary>A negative-weighting function failed or returned something unusable; the message names it and the step.</summary>
public sealed class WeightingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightingException(string message, Exception? inner = null) : base(message, inner) { }
}
