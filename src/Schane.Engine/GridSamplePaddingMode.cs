namespace Schane.Engine;

/// <summary>The <c>padding_mode</c> argument of torch.nn.functional.grid_sample: what grid points outside the input read.</summary>
public enum GridSamplePaddingMode
{
    /// <summary>padding_mode='zeros': zero outside the input (the default).</summary>
    Zeros = 0,

    /// <summary>padding_mode='border': the nearest border pixel's value.</summary>
    Border = 1,

    /// <summary>padding_mode='reflection': the input reflected at its borders.</summary>
    Reflection = 2,
}
