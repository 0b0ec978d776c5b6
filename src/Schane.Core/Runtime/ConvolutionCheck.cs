using static TorchSharp.torch;

namespace Schane.Core.Runtime;

/// <summary>What <see cref="ConvolutionCheck.Ensure"/> found for a channel count.</summary>
public enum ConvolutionCheckOutcome
{
    /// <summary>libtorch's convolution input gradients are right as it is set up; nothing was changed.</summary>
    Correct,

    /// <summary>They were wrong with oneDNN and are right without it: oneDNN is off for the rest of the process.</summary>
    OneDnnDisabled,

    /// <summary>They are wrong and turning oneDNN off did not help (or was not possible here): training is not to be trusted.</summary>
    Wrong,
}

/// <summary>The outcome of a check and what it means, in a sentence (for logs and <c>schane info</c>).</summary>
public sealed record ConvolutionCheckResult(ConvolutionCheckOutcome Outcome, string Message);

/// <summary>
/// Checks that libtorch's CPU convolution computes the gradient with respect to its input correctly for the channel
/// counts a model uses, and turns oneDNN off for the process where it does not. <see cref="Models.SmallResNet"/> and
/// <see cref="Models.TorchScriptBackbone"/> call it when they are built.
/// <para>
/// Why: on some CPUs (seen on an AVX-512 AMD EPYC with libtorch 2.10, oneDNN 3.7.1) the oneDNN backward-data kernel of
/// a 3×3 convolution with few channels (4 and 8 measured; 16 and more right) returns wrong values and NaN, differently
/// from call to call and with one thread as with several — while the forward pass and the weight gradient are right,
/// so a narrow model trains on garbage or stops with NaN a few steps in. ATen's own convolution (PyTorch's
/// <c>torch.backends.mkldnn.enabled = False</c>) is right there, but about 4× slower for our width-16 ResNet, so oneDNN
/// is turned off only when a model's own channel count fails the check, not for every model on such a CPU.
/// </para>
/// <para>
/// The check compares a small convolution's input gradient with the adjoint identity ⟨∂L/∂x, v⟩ = ⟨g, conv(v)⟩ in
/// double precision, three times per channel count (the faulty kernel was wrong in most calls, not all); a few
/// milliseconds, once per channel count and process.
/// </para>
/// </summary>
public static class ConvolutionCheck
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(int Channels, bool? OneDnn), ConvolutionCheckResult> Checked = [];
    private static bool announced;

    /// <summary>
    /// Makes sure convolutions with <paramref name="channels"/> input and output channels get right input gradients:
    /// checks them with libtorch as it is set up now and, when they are wrong with oneDNN, turns oneDNN off for the
    /// process (saying so once on standard error) and checks again.
    /// </summary>
    public static ConvolutionCheckResult Ensure(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        lock (Gate)
        {
            if (Checked.TryGetValue((channels, LibTorchContext.MkldnnEnabled), out var known)) return known;
            var result = Decide(channels);
            Checked[(channels, LibTorchContext.MkldnnEnabled)] = result; // a result holds while oneDNN's switch stays as it left it
            if (result.Outcome != ConvolutionCheckOutcome.Correct && !announced)
            {
                announced = true;
                Console.Error.WriteLine($"schane: {result.Message}");
            }
            return result;
        }
    }

    /// <summary>
    /// Whether convolutions with <paramref name="channels"/> channels get right input gradients with oneDNN as libtorch
    /// ships (on), whatever the process has set; changes nothing. Null where oneDNN's switch cannot be reached.
    /// </summary>
    public static bool? OneDnnRightFor(int channels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        lock (Gate)
        {
            if (LibTorchContext.MkldnnEnabled is not { } enabled) return null;
            LibTorchContext.MkldnnEnabled = true;
            try { return InputGradientsAreRight(channels); }
            finally { LibTorchContext.MkldnnEnabled = enabled; }
        }
    }

    private static ConvolutionCheckResult Decide(int channels)
    {
        var oneDnn = LibTorchContext.MkldnnEnabled;
        if (InputGradientsAreRight(channels))
            return new(ConvolutionCheckOutcome.Correct, $"input gradients of {channels}-channel convolutions checked, oneDNN {(oneDnn == false ? "off" : "on")}");
        if (oneDnn != true)
            return new(ConvolutionCheckOutcome.Wrong, $"libtorch's convolution gives wrong input gradients with {channels} channels on this machine " +
                "and oneDNN cannot be turned off here: do not trust training of this model in this process");
        LibTorchContext.MkldnnEnabled = false;
        // Without oneDNN libtorch tries NNPACK for each convolution; where NNPACK cannot start on this CPU, every try
        // warns ("Could not initialize NNPACK!"), thousands of lines a run, before falling back: stop it trying.
        LibTorchContext.DisableUnavailableNnpack();
        return InputGradientsAreRight(channels)
            ? new(ConvolutionCheckOutcome.OneDnnDisabled, $"libtorch's oneDNN convolution gives wrong input gradients with {channels} channels " +
                "on this CPU; oneDNN is off for this process (torch.backends.mkldnn.enabled = False): gradients right, convolutions slower")
            : new(ConvolutionCheckOutcome.Wrong, $"libtorch's convolution gives wrong input gradients with {channels} channels on this machine, " +
                "with oneDNN and without: do not trust training of this model in this process");
    }

    private static bool InputGradientsAreRight(int channels)
    {
        using var scope = NewDisposeScope();
        using var grad = enable_grad();
        for (var trial = 0; trial < 3; trial++)
        {
            PoisonFreedMemory();
            if (!AdjointHolds(channels, trial)) return false;
        }
        return true;
    }

    // The faulty kernel reads memory it never wrote, so in a fresh process (pages still zero) it can come out right and
    // then go wrong later, once freed buffers hold other values. So the check first leaves NaN in freed blocks of the
    // sizes its own buffers take (the allocator hands them out again; blocks past ~128 KB are unmapped, not reused).
    private static void PoisonFreedMemory()
    {
        using var scope = NewDisposeScope();
        for (var elements = 64L; elements <= 32768; elements *= 2)
            for (var copy = 0; copy < 4; copy++)
                full(elements, float.NaN, dtype: float32);
    }

    private static bool AdjointHolds(int channels, int trial)
    {
        var input = Wave([8, channels, 8, 8], 0.37 + trial).requires_grad_();
        var weight = Wave([channels, channels, 3, 3], 0.53 + trial);
        var output = nn.functional.conv2d(input, weight, padding: [1, 1]);
        var outputGrad = Wave(output.shape, 0.71 + trial);
        var inputGrad = autograd.grad([output], [input], [outputGrad])[0];
        var direction = Wave(input.shape, 0.29 + trial).to(float64);
        var lhs = (inputGrad.to(float64) * direction).sum().item<double>();
        var rhs = (outputGrad.to(float64) * nn.functional.conv2d(direction, weight.to(float64), padding: [1, 1])).sum().item<double>();
        return double.IsFinite(lhs) && Math.Abs(lhs - rhs) <= 1e-4 * (1 + Math.Abs(rhs));
    }

    // Deterministic inputs (no generator: the check must not move torch's global random state, which seeds models).
    private static Tensor Wave(long[] shape, double frequency) =>
        arange(shape.Aggregate(1L, (a, b) => a * b), dtype: float32).mul_(frequency).sin_().reshape(shape);
}
