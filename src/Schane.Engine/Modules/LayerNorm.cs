namespace Schane.Engine.Modules;

/// <summary>
/// Normalises over the trailing <see cref="NormalizedShape"/> dimensions (torch.nn.LayerNorm). With an elementwise
/// affine, parameters "weight" (ones) and "bias" (zeros) of that shape.
/// </summary>
public sealed class LayerNorm : Module<Tensor, Tensor>
{
    private readonly long[] normalizedShape;

    /// <summary>torch.nn.LayerNorm(normalized_shape, eps=1e-5, elementwise_affine=True).</summary>
    public LayerNorm(long[] normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
    {
        if (normalizedShape.Length == 0 || normalizedShape.Any(n => n < 1))
            throw new ArgumentException($"normalized_shape must be one or more positive sizes, got [{string.Join(", ", normalizedShape)}]", nameof(normalizedShape));
        this.normalizedShape = (long[])normalizedShape.Clone();
        Eps = eps;
        if (elementwiseAffine)
        {
            Weight = RegisterParameter("weight", Torch.Ones(normalizedShape));
            Bias = RegisterParameter("bias", Torch.Zeros(normalizedShape));
        }
    }

    /// <summary>torch.nn.LayerNorm(normalized_shape) for the last dimension only.</summary>
    public LayerNorm(long normalizedShape, double eps = 1e-5, bool elementwiseAffine = true)
        : this([normalizedShape], eps, elementwiseAffine) { }

    /// <summary>normalized_shape</summary>
    public IReadOnlyList<long> NormalizedShape => normalizedShape;

    /// <summary>eps</summary>
    public double Eps { get; }

    /// <summary>weight (γ), or null without an elementwise affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>bias (β), or null without an elementwise affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>LayerNorm.forward</summary>
    public override Tensor Forward(Tensor input) => Functional.LayerNorm(input, normalizedShape, Weight, Bias, Eps);

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"(({string.Join(", ", normalizedShape)}{(normalizedShape.Length == 1 ? "," : "")}), " +
        $"eps={Eps.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e")}, " +
        $"elementwise_affine={(Weight is null ? "False" : "True")})";
}
