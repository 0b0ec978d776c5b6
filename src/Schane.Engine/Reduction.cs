namespace Schane.Engine;

/// <summary>How a loss reduces its per-element values (the <c>reduction</c> argument of torch.nn.functional losses).</summary>
public enum Reduction
{
    /// <summary>reduction='none': one value per element.</summary>
    None = 0,

    /// <summary>reduction='mean' (the default).</summary>
    Mean = 1,

    /// <summary>reduction='sum'.</summary>
    Sum = 2,
}
