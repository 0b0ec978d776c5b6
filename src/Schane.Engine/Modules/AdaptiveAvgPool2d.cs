namespace Schane.Engine.Modules;

/// <summary>Averages [N, C, H, W] into a fixed [N, C, outH, outW] whatever H and W are (torch.nn.AdaptiveAvgPool2d).</summary>
public sealed class AdaptiveAvgPool2d : Module<Tensor, Tensor>
{
    /// <summary>torch.nn.AdaptiveAvgPool2d(output_size).</summary>
    public AdaptiveAvgPool2d(Size2 outputSize) => OutputSize = outputSize;

    /// <summary>output_size</summary>
    public Size2 OutputSize { get; }

    /// <summary>AdaptiveAvgPool2d.forward</summary>
    public override Tensor Forward(Tensor input) => Functional.AdaptiveAvgPool2d(input, OutputSize);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"(output_size={OutputSize.ToCompactString()})";
}
