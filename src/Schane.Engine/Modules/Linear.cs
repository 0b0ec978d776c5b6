namespace Schane.Engine.Modules;

/// <summary>
/// y = x Wᵀ + b (torch.nn.Linear). Parameters "weight" [out, in] and "bias" [out] (absent without bias), initialised as
/// PyTorch does: U(−1/√in, 1/√in).
/// </summary>
public sealed class Linear : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer with freshly initialised parameters (torch.nn.Linear(in_features, out_features, bias)).</summary>
    public Linear(long inFeatures, long outFeatures, bool bias = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegative(outFeatures);
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        Weight = RegisterParameter("weight", Torch.Empty([outFeatures, inFeatures]));
        if (bias) Bias = RegisterParameter("bias", Torch.Empty([outFeatures]));
        Init.DefaultLayer(Weight, Bias);
    }

    /// <summary>Linear.in_features</summary>
    public long InFeatures { get; }

    /// <summary>Linear.out_features</summary>
    public long OutFeatures { get; }

    /// <summary>Linear.weight, [out, in].</summary>
    public Tensor Weight { get; }

    /// <summary>Linear.bias, [out], or null.</summary>
    public Tensor? Bias { get; }

    /// <summary>Linear.forward: [..., in] → [..., out].</summary>
    public override Tensor Forward(Tensor input) => Functional.Linear(input, Weight, Bias);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"(in_features={InFeatures}, out_features={OutFeatures}, bias={(Bias is null ? "False" : "True")})";
}
