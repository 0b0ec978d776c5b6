namespace Schane.Core.Distributed;

/// <summary>How <see cref="ICollective.AllReduce{T}"/> combines the ranks' elements.</summary>
public enum ReduceOperation
{
    /// <summary>The sum (gradients: divide by the world size for the mean).</summary>
    Sum,

    /// <summary>The largest value (e.g. "has any rank failed?").</summary>
    Max,

    /// <summary>The smallest value.</summary>
    Min,
}
