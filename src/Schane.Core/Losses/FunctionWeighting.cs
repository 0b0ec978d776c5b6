using TorchSharp;
using static TorchSharp.torch;

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
        using var scope = NewDisposeScope();
        if (!result.shape.SequenceEqual(block.Logits.shape))
            throw new WeightingException($"weighting '{Label}' returned shape [{string.Join(", ", result.shape)}] at step " +
                $"{block.Step}; expected [{string.Join(", ", block.Logits.shape)}] (anchors × rows, like block.Logits)");
        var logWeights = TakesLog ? result.to(block.Logits.dtype) : result.to(block.Logits.dtype).log();
        // One reduction and one read per call (each check used to cost a pass and a read of its own): at the
        // negatives, a NaN or +Inf log-weight — NaN, negative or infinite weights included — makes the sum NaN or
        // +Inf, and −Inf (a weight of 0) is allowed. A finite sum that overflows only costs the entry-by-entry look.
        var sum = logWeights.where(block.Negatives, tensor(0.0, logWeights.dtype, logWeights.device)).sum().ToDouble();
        if (double.IsNaN(sum) || double.IsPositiveInfinity(sum)) ThrowIfBad(result, block);
        return logWeights.MoveToOuterDisposeScope();
    }

    /// <summary>Examines the function's output at the negatives and throws with what is wrong, if anything is.</summary>
    private void ThrowIfBad(Tensor result, SimilarityBlock block)
    {
        using var scope = NewDisposeScope();
        var atNegatives = result.masked_select(block.Negatives);
        if (atNegatives.isnan().any().ToBoolean())
            throw new WeightingException($"weighting '{Label}' returned NaN at step {block.Step}");
        if (TakesLog)
        {
            if (atNegatives.eq(double.PositiveInfinity).any().ToBoolean())
                throw new WeightingException($"weighting '{Label}' returned a log-weight of +Inf at step {block.Step}");
            return;
        }
        if (atNegatives.lt(0).any().ToBoolean())
            throw new WeightingException($"weighting '{Label}' returned a negative weight at step {block.Step}; weights must be ≥ 0");
        if (atNegatives.isinf().any().ToBoolean())
            throw new WeightingException($"weighting '{Label}' returned an infinite weight at step {block.Step}");
    }
}

/// <summary>A negative-weighting function failed or returned something unusable; the message names it and the step.</summary>
public sealed class WeightingException : Exception
{
    /// <summary>Creates the exception.</summary>
    public WeightingException(string message, Exception? inner = null) : base(message, inner) { }
}
