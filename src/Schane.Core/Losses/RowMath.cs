using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Losses;

/// <summary>Row-wise pieces shared by the losses, safe for rows where a mask selects nothing.</summary>
internal static class RowMath
{
    /// <summary>
    /// −∞ as one Scalar that stays reachable. TorchSharp passes a Scalar argument's handle to libtorch without keeping
    /// the object alive, so an implicit temporary (<c>masked_fill(m, double.NegativeInfinity)</c>) can be finalized,
    /// and its native value freed, while the call still reads it: seen once as "toDouble ... Expected false to be true"
    /// from masked_fill in a parallel test run.
    /// </summary>
    internal static readonly Scalar NegativeInfinity = double.NegativeInfinity;

    /// <summary>
    /// log Σ_{k: mask_ik} exp(x_ik) per row ([R]), and whether the row selects any term that is not zero. Rows that
    /// select nothing — or only entries at −∞, such as negatives a weighting gave a weight of 0 — get a finite
    /// placeholder (so that gradients stay finite; a log-sum-exp of nothing but −∞ has a NaN gradient): callers must
    /// discard them with <c>any</c>.
    /// </summary>
    public static (Tensor Lse, Tensor Any) MaskedLogSumExp(Tensor x, Tensor mask)
    {
        using var scope = NewDisposeScope();
        // ne, not gt: a NaN entry stays selected, so that it shows in the result instead of being dropped.
        var any = mask.logical_and(x.ne(NegativeInfinity)).any(1);
        var safe = x.masked_fill(mask.logical_not(), NegativeInfinity).where(any.unsqueeze(1), x.zeros_like());
        var lse = safe.logsumexp(1);
        return (lse.MoveToOuterDisposeScope(), any.MoveToOuterDisposeScope());
    }

    /// <summary>log(exp(a) + exp(b)) elementwise, exactly differentiable (torch.logaddexp).</summary>
    public static Tensor LogAddExp(Tensor a, Tensor b)
    {
        using var stacked = stack([a, b], -1);
        return stacked.logsumexp(-1);
    }

    /// <summary>Number of true entries per row, as <paramref name="dtype"/>.</summary>
    public static Tensor Count(Tensor mask, ScalarType dtype)
    {
        using var sum = mask.sum(1);
        return sum.to(dtype);
    }
}
