namespace Schane.Engine.Modules;

/// <summary>
/// In training, zeroes each element with probability <see cref="P"/> and scales the rest by 1 / (1 − p); in
/// evaluation, the identity (torch.nn.Dropout).
/// </summary>
public sealed class Dropout : Module<Tensor, Tensor>
{
    /// <summary>torch.nn.Dropout(p=0.5).</summary>
    public Dropout(double p = 0.5)
    {
        if (!(p >= 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(p), p, "dropout probability has to be between 0 and 1");
        P = p;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double P { get; }

    /// <summary>Dropout.forward</summary>
    public override Tensor Forward(Tensor input) => Functional.Dropout(input, P, Training);

    /// <inheritdoc/>
    protected override string ExtraRepr() => $"(p={P.ToString(System.Globalization.CultureInfo.InvariantCulture)}, inplace=False)";
}
