namespace Schane.Engine.Modules;

/// <summary>
/// 2-D convolution (torch.nn.Conv2d, zero padding). Parameters "weight" [out, in / groups, kH, kW] and "bias" [out]
/// (absent without bias), initialised as PyTorch does: U(−1/√fan_in, 1/√fan_in) with fan_in = in / groups · kH · kW.
/// </summary>
public sealed class Conv2d : Module<Tensor, Tensor>
{
    /// <summary>
    /// Creates the layer (torch.nn.Conv2d(in_channels, out_channels, kernel_size, stride=1, padding=0, dilation=1,
    /// groups=1, bias=True)).
    /// </summary>
    public Conv2d(long inChannels, long outChannels, Size2 kernelSize, Size2? stride = null, Size2? padding = null,
        Size2? dilation = null, long groups = 1, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(groups, 1);
        if (inChannels % groups != 0) throw new ArgumentException($"in_channels ({inChannels}) must be divisible by groups ({groups})", nameof(inChannels));
        if (outChannels % groups != 0) throw new ArgumentException($"out_channels ({outChannels}) must be divisible by groups ({groups})", nameof(outChannels));
        InChannels = inChannels;
        OutChannels = outChannels;
        KernelSize = kernelSize;
        Stride = stride ?? 1;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        Groups = groups;
        Weight = RegisterParameter("weight", Torch.Empty([outChannels, inChannels / groups, kernelSize.Height, kernelSize.Width]));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty([outChannels]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>Conv2d.in_channels</summary>
    public long InChannels { get; }

    /// <summary>Conv2d.out_channels</summary>
    public long OutChannels { get; }

    /// <summary>Conv2d.kernel_size</summary>
    public Size2 KernelSize { get; }

    /// <summary>Conv2d.stride</summary>
    public Size2 Stride { get; }

    /// <summary>Conv2d.padding (zeros on each side).</summary>
    public Size2 Padding { get; }

    /// <summary>Conv2d.dilation</summary>
    public Size2 Dilation { get; }

    /// <summary>Conv2d.groups</summary>
    public long Groups { get; }

    /// <summary>Conv2d.weight, [out, in / groups, kH, kW].</summary>
    public Tensor Weight { get; }

    /// <summary>Conv2d.bias, [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Conv2d.forward: [N, in, H, W] → [N, out, H', W'].</summary>
    public override Tensor Forward(Tensor input) => Functional.Conv2d(input, Weight, Bias, Stride, Padding, Dilation, Groups);

    /// <inheritdoc/>
    protected override string ExtraRepr()
    {
        var text = $"({InChannels}, {OutChannels}, kernel_size={KernelSize}, stride={Stride}";
        if (Padding != new Size2(0, 0)) text += $", padding={Padding}";
        if (Dilation != new Size2(1, 1)) text += $", dilation={Dilation}";
        if (Groups != 1) text += $", groups={Groups}";
        if (Bias is null) text += ", bias=False";
        return text + ")";
    }
}
