namespace Schane.Core.Tests;

/// <summary>
/// The numeric bar for the losses: float32 within 1e-5 relative of the float64 truth, float64 within 1e-10.
/// Values compare relative to at least 1e-3 (a loss that is zero up to rounding compares sanely); gradients compare as
/// vectors, max |difference| relative to max |expected| (elementwise relative error means nothing for entries that
/// are zero up to rounding).
/// </summary>
internal static class LossAssert
{
    /// <summary>The tolerance for results computed in <paramref name="dtype"/>.</summary>
    public static double Tolerance(ScalarType dtype) => dtype == ScalarType.Float32 ? 1e-5 : 1e-10;

    public static void Value(double expected, double actual, double tolerance, string what)
    {
        var error = Math.Abs(actual - expected) / Math.Max(Math.Abs(expected), 1e-3);
        Assert.True(error <= tolerance, $"{what}: expected {expected:R}, got {actual:R} (relative error {error:E2} > {tolerance:E0})");
    }

    public static void Gradient(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance, string what)
    {
        Assert.Equal(expected.Count, actual.Count);
        double scale = 0, worst = 0;
        for (var i = 0; i < expected.Count; i++)
        {
            scale = Math.Max(scale, Math.Abs(expected[i]));
            worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        }
        Assert.True(!double.IsNaN(worst) && worst <= tolerance * Math.Max(scale, 1e-6),
            $"{what}: max |Δ| {worst:E2} vs max |g| {scale:E2} (tolerance {tolerance:E0})");
    }
}
