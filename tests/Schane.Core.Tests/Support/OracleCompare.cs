using Schane.Core.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Tests.Support;

/// <summary>Compares tensors written by the .NET side with PyTorch's answers, reporting the worst element.</summary>
public static class OracleCompare
{
    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise (exact equality for integer and bool tensors).</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        using var scope = NewDisposeScope();
        Assert.True(expected.shape.SequenceEqual(actual.shape),
            $"{what}: shape [{string.Join(", ", actual.shape)}], PyTorch [{string.Join(", ", expected.shape)}]");
        if (!is_floating_point(expected.dtype))
        {
            Assert.True(expected.Equals(actual.cpu().to(expected.dtype)), $"{what}: integer values differ from PyTorch's");
            return;
        }
        var e = expected.to(ScalarType.Float64);
        var a = actual.detach().cpu().to(ScalarType.Float64);
        var difference = (a - e).abs();
        var excess = difference - (e.abs() * rtol + atol);
        // An empty tensor has no worst element; NaN anywhere makes the comparison fail (max propagates NaN).
        var worst = excess.numel() == 0 ? double.NegativeInfinity : excess.max().ToDouble();
        var maxDiff = difference.numel() == 0 ? 0 : difference.max().ToDouble();
        Assert.True(worst <= 0 && !double.IsNaN(maxDiff), $"{what}: max |difference| from PyTorch {maxDiff:g4} exceeds atol {atol:g2} + rtol {rtol:g2}");
    }

    /// <summary>Loads two .npy files and compares them with <see cref="Close"/>.</summary>
    public static void CloseFiles(string expectedPath, string actualPath, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        using var expected = Npy.Load(expectedPath);
        using var actual = Npy.Load(actualPath);
        Close(expected, actual, what, atol, rtol);
    }
}
