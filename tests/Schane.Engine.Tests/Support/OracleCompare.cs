using Schane.Engine.Serialization;

namespace Schane.Engine.Tests.Support;

/// <summary>Compares tensors written by the .NET side with PyTorch's answers, reporting the worst element.</summary>
public static class OracleCompare
{
    /// <summary>Asserts |actual − expected| ≤ atol + rtol·|expected| elementwise (exact equality for integer tensors).</summary>
    public static void Close(Tensor expected, Tensor actual, string what, double atol = 1e-5, double rtol = 1e-4)
    {
        using var scope = Torch.NewDisposeScope();
        Assert.True(expected.Shape.SequenceEqual(actual.Shape),
            $"{what}: shape [{string.Join(", ", actual.Shape)}], PyTorch [{string.Join(", ", expected.Shape)}]");
        if (!expected.DType.IsFloatingPoint())
        {
            Assert.True(expected.Equal(actual.To(expected.DType)), $"{what}: integer values differ from PyTorch's");
            return;
        }
        var e = expected.To(DType.Float64);
        var a = actual.To(DType.Float64);
        var excess = (a - e).Abs() - (e.Abs() * rtol + atol);
        var worst = excess.NumElements == 0 ? double.NegativeInfinity : excess.Max().Item<double>();
        var maxDiff = excess.NumElements == 0 ? 0 : (a - e).Abs().Max().Item<double>();
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
