namespace Schane.Engine.Modules;

/// <summary>2-D max pooling (torch.nn.MaxPool2d).</summary>
public sealed class MaxPool2d : Module<Tensor, Tensor>
{
    /// <summary>torch.nn.MaxPool2d(kernel_size, stride=None (= kernel_size), padding=0, dilation=1, ceil_mode=False).</summary>
    public MaxPool2d(Size2 kernelSize, Size2? stride = null, Size2? padding = null, Size2? dilation = null, bool ceilMode = false)
    {
        KernelSize = kernelSize;
        Stride = stride ?? kernelSize;
        Padding = padding ?? 0;
        Dilation = dilation ?? 1;
        CeilMode = ceilMode;
    }

    /// <summary>kernel_size</summary>
    public Size2 KernelSize { get; }

    /// <summary>stride</summary>
    public Size2 Stride { get; }

    /// <summary>padding (implicit −∞ on each side).</summary>
    public Size2 Padding { get; }

    /// <summary>dilation</summary>
    public Size2 Dilation { get; }

    /// <summary>ceil_mode: round the output size up.</summary>
    public bool CeilMode { get; }

    /// <summary>MaxPool2d.forward</summary>
    public override Tensor Forward(Tensor input) => Functional.MaxPool2d(input, KernelSize, Stride, Padding, Dilation, CeilMode);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"(kernel_size={KernelSize.ToCompactString()}, stride={Stride.ToCompactString()}, padding={Padding.ToCompactString()}, " +
        $"dilation={Dilation.ToCompactString()}, ceil_mode={(CeilMode ? "True" : "False")})";
}
