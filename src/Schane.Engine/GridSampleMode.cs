namespace Schane.Engine;

/// <summary>The <c>mode</c> argument of torch.nn.functional.grid_sample: how values between pixels are interpolated.</summary>
public enum GridSampleMode
{
    /// <summary>mode='bilinear' (trilinear for 5-D input): the default.</summary>
    Bilinear = 0,

    /// <summary>mode='nearest': the nearest pixel's value.</summary>
    Nearest = 1,

    /// <summary>mode='bicubic' (4-D input only).</summary>
    Bicubic = 2,
}
