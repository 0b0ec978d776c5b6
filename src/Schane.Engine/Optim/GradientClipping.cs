using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Optim;

/// <summary>Gradient clipping (torch.nn.utils.clip_grad_norm_).</summary>
public static unsafe class GradientClipping
{
    /// <summary>
    /// Scales the gradients of <paramref name="parameters"/> in place so that their joint norm (as if concatenated into
    /// one vector) is at most <paramref name="maxNorm"/>, and returns that norm before scaling
    /// (torch.nn.utils.clip_grad_norm_). <paramref name="normType"/> may be <see cref="double.PositiveInfinity"/>.
    /// Parameters without a gradient are ignored; with none at all the norm is 0.
    /// </summary>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2, bool errorIfNonfinite = false)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var handles = parameters.Select(p => p.Handle).ToArray();
        double total;
        fixed (IntPtr* p = handles)
            NativeError.Check(sch_clip_grad_norm(p, handles.Length, maxNorm, normType, errorIfNonfinite ? 1 : 0, &total));
        return total;
    }
}
