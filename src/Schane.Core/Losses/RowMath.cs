using Schane.Engine;

namespace Schane.Core.Losses;

/// <summary>Row-wise pieces shared by the losses, safe for rows where a mask selects nothing.</summary>
internal static class RowMath
{
    /// <summary>
    /// log Σ_{k: mask_ik} exp(x_ik) per row ([R]), and whether the row selects anything. Rows that select nothing get a
    /// finite placeholder (so that gradients stay finite): callers must discard them with <c>any</c>.
    /// </summary>
    public static (Tensor Lse, Tensor Any) MaskedLogSumExp(Tensor x, Tensor mask)
    {
        using var scope = Torch.NewDisposeScope();
        var any = mask.Any(1);
        var safe = x.MaskedFill(mask.LogicalNot(), double.NegativeInfinity).Where(any.Unsqueeze(1), x.ZerosLike());
        var lse = safe.LogSumExp(1);
        return (lse.MoveToOuterDisposeScope(), any.MoveToOuterDisposeScope());
    }

    /// <summary>log(exp(a) + exp(b)) elementwise, exactly differentiable (torch.logaddexp).</summary>
    public static Tensor LogAddExp(Tensor a, Tensor b)
    {
        using var stacked = Torch.Stack([a, b], -1);
        return stacked.LogSumExp(-1);
    }

    /// <summary>The most negative finite value of a floating-point <paramref name="dtype"/> (torch.finfo(dtype).min).</summary>
    public static double LowestFinite(DType dtype) => dtype switch
    {
        DType.Float64 => double.MinValue,
        DType.Float16 => -65504,
        DType.BFloat16 => -3.3895313892515355e38,
        _ => float.MinValue,
    };

    /// <summary>Number of true entries per row, as <paramref name="dtype"/>.</summary>
    public static Tensor Count(Tensor mask, DType dtype)
    {
        using var sum = mask.Sum(1);
        return sum.To(dtype);
    }
}
