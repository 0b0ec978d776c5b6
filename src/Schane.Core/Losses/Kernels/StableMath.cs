namespace Schane.Core.Losses.Kernels;

/// <summary>Scalar functions of the row math, accurate where their naive forms lose digits.</summary>
internal static class StableMath
{
    /// <summary>
    /// log(1 + x), accurate for small x. .NET's <c>double.LogP1</c> is log(x + 1), which rounds 1 + x first: for
    /// x = 1e-5 that costs 7e-12 of relative error, and a softplus of an easy anchor's margin is such a small number.
    /// (Goldberg's correction: log(u)·x / (u − 1) with u = 1 + x cancels the rounding of u.)
    /// </summary>
    public static double Log1P(double x)
    {
        var u = 1 + x;
        if (u == 1) return x;
        if (double.IsPositiveInfinity(u)) return u;
        return Math.Log(u) * x / (u - 1);
    }

    /// <summary>log(1 + e^x) without overflow.</summary>
    public static double Softplus(double x) => x > 0 ? x + Log1P(Math.Exp(-x)) : Log1P(Math.Exp(x));

    /// <summary>1 / (1 + e^{−x}) without overflow.</summary>
    public static double Sigmoid(double x) => x >= 0 ? 1 / (1 + Math.Exp(-x)) : Math.Exp(x) / (1 + Math.Exp(x));

    /// <summary>
    /// <see cref="Softplus"/>(x), with <see cref="Sigmoid"/>(x) in <paramref name="sigmoid"/>: both from one e^{−|x|}
    /// (the same values as the two calls; SCHaNe outside the log needs both at every positive).
    /// </summary>
    public static double SoftplusAndSigmoid(double x, out double sigmoid)
    {
        var e = Math.Exp(-Math.Abs(x));
        sigmoid = x >= 0 ? 1 / (1 + e) : e / (1 + e);
        return x > 0 ? x + Log1P(e) : Log1P(e);
    }
}
