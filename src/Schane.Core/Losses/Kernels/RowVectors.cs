using System.Numerics;
using System.Runtime.CompilerServices;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// One anchor's row seen as whole vectors: the first <see cref="Full"/> columns are read in place; the last, partial
/// vector is copied once into zero-padded vectors (<see cref="TailValues"/>, …), so that the passes' loops hold no
/// call and no length check. The live lanes of a vector are the columns other than the anchor's own (and, in the
/// tail, the columns that exist).
/// </summary>
internal readonly ref struct RowVectors<T, TV> where T : unmanaged, IFloatingPointIeee754<T> where TV : struct, ISimd<TV, T>
{
    /// <summary>The similarities s, the log-weights (empty without) and the labels as lane bits (<see cref="Element.LabelBits{T}"/>).</summary>
    public readonly ReadOnlySpan<T> Values, Weights, Labels;

    /// <summary>How many columns lie in whole vectors; where the whole vector that holds the anchor's column starts (or −1).</summary>
    public readonly int Full, SelfStart;

    /// <summary>The anchor's label in every lane; the live lanes of the anchor's vector and of the tail.</summary>
    public readonly TV Label, SelfLive, TailLive;

    /// <summary>The tail's values, log-weights and labels, zero-padded.</summary>
    public readonly TV TailValues, TailWeights, TailLabels;

    /// <summary>
    /// The row of <paramref name="values"/> (and <paramref name="weights"/>, or empty) whose own column is <paramref name="self"/>.
    /// </summary>
    public RowVectors(ReadOnlySpan<T> values, ReadOnlySpan<T> weights, ReadOnlySpan<T> labels, int self)
    {
        var (n, width) = (values.Length, TV.Count);
        Values = values;
        Weights = weights;
        Labels = labels;
        Full = n - n % width;
        var start = self - self % width;
        SelfStart = start < Full ? start : -1;
        Label = TV.Create(labels[self]);
        SelfLive = TV.Live(width, self - start);
        TailLive = TV.Live(n - Full, self - Full);
        TailValues = Tail(values, Full);
        TailWeights = weights.IsEmpty ? default : Tail(weights, Full);
        TailLabels = Tail(labels, Full);
    }

    /// <summary>Columns in all.</summary>
    public int Length => Values.Length;

    /// <summary>The live lanes of the whole vector at <paramref name="k"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static TV Live(int k, int selfStart, TV selfLive) => k == selfStart ? selfLive : TV.AllBitsSet;

    /// <summary>Stores the lanes of a tail vector that exist, from column <see cref="Full"/> on.</summary>
    public void StoreTail(TV value, Span<T> span)
    {
        Span<T> lanes = stackalloc T[TV.Count];
        TV.CopyTo(value, lanes);
        lanes[..(span.Length - Full)].CopyTo(span[Full..]);
    }

    private static TV Tail(ReadOnlySpan<T> source, int start)
    {
        Span<T> lanes = stackalloc T[TV.Count];
        lanes.Clear();
        source[start..].CopyTo(lanes);
        return TV.Load(lanes, 0);
    }
}
