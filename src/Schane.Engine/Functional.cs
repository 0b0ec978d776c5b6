using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>
/// Stateless neural-network ops (torch.nn.functional): the computations behind the layers in Schane.Engine.Modules,
/// usable directly with tensors the caller owns. Optional tensors are passed as null.
/// Errors from libtorch are thrown as <see cref="TorchException"/> naming the call, e.g. "Functional.Linear: ...".
/// </summary>
public static unsafe partial class Functional
{
    private static IntPtr Optional(Tensor? tensor) => tensor?.Handle ?? IntPtr.Zero;

    // ---- layers ----------------------------------------------------------------------------------------

    /// <summary>
    /// y = x Wᵀ + b (torch.nn.functional.linear): <paramref name="input"/> is [..., in], <paramref name="weight"/>
    /// [out, in], <paramref name="bias"/> [out] or null.
    /// </summary>
    public static Tensor Linear(Tensor input, Tensor weight, Tensor? bias = null) =>
        Tensor.Wrap(sch_linear(input.Handle, weight.Handle, Optional(bias)));

    /// <summary>
    /// 2-D convolution (torch.nn.functional.conv2d): <paramref name="input"/> [N, C, H, W] or [C, H, W],
    /// <paramref name="weight"/> [out, C / groups, kH, kW]. Stride and dilation default to 1, padding to 0.
    /// </summary>
    public static Tensor Conv2d(Tensor input, Tensor weight, Tensor? bias = null, Size2? stride = null, Size2? padding = null,
        Size2? dilation = null, long groups = 1)
    {
        var s = stride ?? 1;
        var p = padding ?? 0;
        var d = dilation ?? 1;
        long* strides = stackalloc long[] { s.Height, s.Width };
        long* paddings = stackalloc long[] { p.Height, p.Width };
        long* dilations = stackalloc long[] { d.Height, d.Width };
        return Tensor.Wrap(sch_conv2d(input.Handle, weight.Handle, Optional(bias), strides, paddings, dilations, groups));
    }

    /// <summary>
    /// Batch normalisation over dimension 1 (torch.nn.functional.batch_norm). With <paramref name="training"/>, it
    /// normalises with the batch's statistics and, when given, updates <paramref name="runningMean"/> and
    /// <paramref name="runningVar"/> in place by <paramref name="momentum"/> (the variance unbiased); otherwise it
    /// normalises with the running statistics, which are then required.
    /// </summary>
    public static Tensor BatchNorm(Tensor input, Tensor? runningMean, Tensor? runningVar, Tensor? weight = null, Tensor? bias = null,
        bool training = false, double momentum = 0.1, double eps = 1e-5)
    {
        if (training)
        {
            // One value per channel has no variance: PyTorch refuses it rather than produce NaN running statistics.
            var shape = input.Shape;
            var values = shape.Length < 2 ? 0 : shape.Where((_, i) => i != 1).Aggregate(1L, (a, b) => a * b);
            if (values == 1)
                throw new ArgumentException($"Expected more than 1 value per channel when training, got input size [{string.Join(", ", shape)}]", nameof(input));
        }
        return Tensor.Wrap(sch_batch_norm(input.Handle, Optional(runningMean), Optional(runningVar), Optional(weight), Optional(bias),
            training ? 1 : 0, momentum, eps));
    }

    /// <summary>
    /// Normalises over the trailing dimensions given by <paramref name="normalizedShape"/>, then scales and shifts
    /// (torch.nn.functional.layer_norm).
    /// </summary>
    public static Tensor LayerNorm(Tensor input, ReadOnlySpan<long> normalizedShape, Tensor? weight = null, Tensor? bias = null,
        double eps = 1e-5)
    {
        fixed (long* shape = normalizedShape)
            return Tensor.Wrap(sch_layer_norm(input.Handle, shape, normalizedShape.Length, Optional(weight), Optional(bias), eps));
    }

    /// <summary>
    /// Zeroes each element with probability <paramref name="p"/> and scales the rest by 1 / (1 − p) when
    /// <paramref name="training"/>; the identity otherwise (torch.nn.functional.dropout). Draws from libtorch's
    /// generator (<see cref="Torch.ManualSeed"/>).
    /// </summary>
    public static Tensor Dropout(Tensor input, double p = 0.5, bool training = true)
    {
        if (!(p >= 0 && p <= 1))
            throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1");
        return Tensor.Wrap(sch_dropout(input.Handle, p, training ? 1 : 0));
    }

    // ---- pooling and activations -----------------------------------------------------------------------

    /// <summary>
    /// 2-D max pooling (torch.nn.functional.max_pool2d). The stride defaults to the kernel size, padding to 0,
    /// dilation to 1; <paramref name="ceilMode"/> rounds the output size up.
    /// </summary>
    public static Tensor MaxPool2d(Tensor input, Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null,
        bool ceilMode = false)
    {
        var s = stride ?? kernelSize;
        var p = padding ?? 0;
        var d = dilation ?? 1;
        long* kernel = stackalloc long[] { kernelSize.Height, kernelSize.Width };
        long* strides = stackalloc long[] { s.Height, s.Width };
        long* paddings = stackalloc long[] { p.Height, p.Width };
        long* dilations = stackalloc long[] { d.Height, d.Width };
        return Tensor.Wrap(sch_max_pool2d(input.Handle, kernel, strides, paddings, dilations, ceilMode ? 1 : 0));
    }

    /// <summary>Averages [N, C, H, W] into [N, C, outH, outW] with adaptive windows (torch.nn.functional.adaptive_avg_pool2d).</summary>
    public static Tensor AdaptiveAvgPool2d(Tensor input, Size2 outputSize)
    {
        long* size = stackalloc long[] { outputSize.Height, outputSize.Width };
        return Tensor.Wrap(sch_adaptive_avg_pool2d(input.Handle, size));
    }

    /// <summary>max(x, 0) (torch.nn.functional.relu).</summary>
    public static Tensor Relu(Tensor input) => input.Relu();

    /// <summary>Gaussian error linear unit (torch.nn.functional.gelu), exact or with the tanh approximation.</summary>
    public static Tensor Gelu(Tensor input, GeluApproximation approximate = GeluApproximation.None) =>
        Tensor.Wrap(sch_gelu(input.Handle, (int)approximate));

    // ---- losses ----------------------------------------------------------------------------------------

    /// <summary>
    /// Cross entropy between logits [N, C] (or [N, C, d…], or [C]) and targets (torch.nn.functional.cross_entropy).
    /// <paramref name="target"/> holds class indices (int64, [N]) or class probabilities (the input's shape).
    /// <paramref name="weight"/> [C] rescales classes; targets equal to <paramref name="ignoreIndex"/> contribute
    /// nothing (and are left out of the mean); <paramref name="labelSmoothing"/> mixes the targets with the uniform distribution.
    /// </summary>
    public static Tensor CrossEntropy(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        long ignoreIndex = -100, double labelSmoothing = 0)
    {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1))
            throw new ArgumentOutOfRangeException(nameof(labelSmoothing), labelSmoothing, "label smoothing has to be between 0 and 1");
        return Tensor.Wrap(sch_cross_entropy(input.Handle, target.Handle, Optional(weight), (int)reduction, ignoreIndex, labelSmoothing));
    }

    /// <summary>
    /// Negative log-likelihood of log-probabilities [N, C] at int64 class indices [N] (torch.nn.functional.nll_loss),
    /// with optional class weights and an ignored index.
    /// </summary>
    public static Tensor NllLoss(Tensor input, Tensor target, Tensor? weight = null, Reduction reduction = Reduction.Mean,
        long ignoreIndex = -100) =>
        Tensor.Wrap(sch_nll_loss(input.Handle, target.Handle, Optional(weight), (int)reduction, ignoreIndex));

    /// <summary>Squared error (input − target)² reduced by <paramref name="reduction"/> (torch.nn.functional.mse_loss).</summary>
    public static Tensor MseLoss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean) =>
        Tensor.Wrap(sch_mse_loss(input.Handle, target.Handle, (int)reduction));
}
