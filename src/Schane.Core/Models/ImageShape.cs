namespace Schane.Core.Models;

/// <summary>The shape of one image, channels first (as a batch [B, C, H, W] has it).</summary>
public readonly record struct ImageShape(int Channels, int Height, int Width)
{
    /// <summary>C · H · W.</summary>
    public long Pixels => (long)Channels * Height * Width;

    /// <summary>"C, H, W".</summary>
    public override string ToString() => $"{Channels}, {Height}, {Width}";
}
