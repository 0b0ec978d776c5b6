namespace Schane.Engine;

/// <summary>The <c>approximate</c> argument of torch.nn.functional.gelu.</summary>
public enum GeluApproximation
{
    /// <summary>approximate='none': x · Φ(x) with the exact normal CDF.</summary>
    None = 0,

    /// <summary>approximate='tanh': 0.5 · x · (1 + tanh(√(2/π) · (x + 0.044715 · x³))).</summary>
    Tanh = 1,
}
