namespace Schane.Engine.Modules;

/// <summary>Gaussian error linear unit (torch.nn.GELU), exact or with the tanh approximation.</summary>
public sealed class GELU : Module<Tensor, Tensor>
{
    /// <summary>torch.nn.GELU(approximate='none').</summary>
    public GELU(GeluApproximation approximate = GeluApproximation.None) => Approximate = approximate;

    /// <summary>approximate</summary>
    public GeluApproximation Approximate { get; }

    /// <summary>GELU.forward</summary>
    public override Tensor Forward(Tensor input) => Functional.Gelu(input, Approximate);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"(approximate='{Approximate.ToString().ToLowerInvariant()}')";
}
