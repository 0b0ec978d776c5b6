namespace Schane.Engine.Modules;

/// <summary>
/// Parameter initialisation (torch.nn.init), written with the same arithmetic as PyTorch so that, after the same
/// <see cref="Torch.ManualSeed"/>, a layer starts with the same numbers as its PyTorch twin.
/// </summary>
public static class Init
{
    /// <summary>
    /// Fan-in and fan-out of a weight (torch.nn.init._calculate_fan_in_and_fan_out): for [out, in, k…] they are
    /// in × ∏k and out × ∏k.
    /// </summary>
    public static (long FanIn, long FanOut) FanInAndFanOut(Tensor tensor)
    {
        var shape = tensor.Shape;
        if (shape.Length < 2)
            throw new ArgumentException($"fan in and fan out cannot be computed for a tensor with fewer than 2 dimensions (shape [{string.Join(", ", shape)}])", nameof(tensor));
        long receptive = 1;
        for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    /// <summary>Fills with U(low, high) without recording gradients (torch.nn.init.uniform_).</summary>
    public static Tensor Uniform_(Tensor tensor, double low = 0, double high = 1)
    {
        using var noGrad = Torch.NoGrad();
        return tensor.Uniform_(low, high);
    }

    /// <summary>
    /// He initialisation from a uniform distribution for a leaky-ReLU of negative slope <paramref name="a"/>, fan-in mode
    /// (torch.nn.init.kaiming_uniform_(tensor, a, mode='fan_in', nonlinearity='leaky_relu')): U(−b, b) with
    /// b = √3 · gain / √fan_in and gain = √(2 / (1 + a²)).
    /// </summary>
    public static Tensor KaimingUniform_(Tensor tensor, double a = 0)
    {
        var (fanIn, _) = FanInAndFanOut(tensor);
        if (fanIn == 0) return tensor;  // PyTorch warns and leaves a zero-element tensor alone.
        var gain = Math.Sqrt(2.0 / (1 + Math.Pow(a, 2)));
        var std = gain / Math.Sqrt(fanIn);
        var bound = Math.Sqrt(3.0) * std;
        return Uniform_(tensor, -bound, bound);
    }

    /// <summary>
    /// The default initialisation of Linear and Conv2d (their reset_parameters): weight by kaiming_uniform_ with
    /// a = √5, i.e. U(−1/√fan_in, 1/√fan_in), and bias by U(−1/√fan_in, 1/√fan_in).
    /// </summary>
    internal static void DefaultLayer(Tensor weight, Tensor? bias)
    {
        KaimingUniform_(weight, Math.Sqrt(5));
        if (bias is null) return;
        var (fanIn, _) = FanInAndFanOut(weight);
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        Uniform_(bias, -bound, bound);
    }
}
