using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Distributed;

/// <summary>
/// The all-gather as a TorchSharp autograd function (torch.autograd.Function): forward concatenates every rank's rows,
/// backward sums the gathered gradient over ranks and returns this rank's slice of it.
/// </summary>
internal sealed class AllGatherFunction : autograd.SingleTensorFunction<AllGatherFunction>
{
    /// <summary>The collective and the backward's scaling, passed to <c>apply</c> as its non-tensor argument.</summary>
    internal sealed record Settings(ICollective Collective, bool AverageGradient);

    public override string Name => "AllGather";

    public override Tensor forward(autograd.AutogradContext ctx, params object[] vars)
    {
        var input = (Tensor)vars[0];
        var settings = (Settings)vars[1];
        ctx.save_data("settings", settings);
        ctx.save_data("rows", input.size(0));
        return settings.Collective.AllGather(input);
    }

    public override List<Tensor> backward(autograd.AutogradContext ctx, Tensor grad_output)
    {
        var settings = (Settings)ctx.get_data("settings");
        var rows = (long)ctx.get_data("rows");
        var collective = settings.Collective;
        using var summed = grad_output.contiguous().clone();
        collective.AllReduce(summed, ReduceOperation.Sum);
        var mine = summed.narrow(0, collective.Rank * rows, rows).clone();
        if (settings.AverageGradient) mine.div_(collective.WorldSize);
        return [mine, null!];
    }
}
