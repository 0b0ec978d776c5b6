namespace Schane.Core.Losses;

/// <summary>How a contrastive loss is evaluated. Both paths give the same values and gradients.</summary>
public enum LossPath
{
    /// <summary>Dense up to <see cref="ContrastiveLoss.DenseLimit"/> rows, blocked above.</summary>
    Auto,
    /// <summary>The whole N × N similarity matrix at once, with autograd through every step.</summary>
    Dense,
    /// <summary>Blocks of anchor rows: memory O(block · N + N · D); each block's backward is done at once and its graph freed.</summary>
    Blocked,
}
