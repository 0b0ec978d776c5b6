using System.Buffers;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// The columns of each label, in ascending order, for SCHaNe outside the log, whose loss is a sum over an anchor's
/// positives: a scan of the whole row to find them costs a poorly predicted branch per column. Labels compare as
/// int32, as everywhere in the kernel. The arrays are rented: dispose the groups.
/// </summary>
internal sealed class LabelGroups : IDisposable
{
    private readonly int[] order, start, length;

    /// <summary>Groups the columns of <paramref name="labels"/>.</summary>
    public LabelGroups(ReadOnlySpan<long> labels)
    {
        var n = labels.Length;
        // Sorting (label, column) pairs packed into one long keeps each group's columns ascending.
        var keys = ArrayPool<long>.Shared.Rent(n);
        for (var k = 0; k < n; k++) keys[k] = ((long)(int)labels[k] << 32) | (uint)k;
        Array.Sort(keys, 0, n);
        (order, start, length) = (ArrayPool<int>.Shared.Rent(n), ArrayPool<int>.Shared.Rent(n), ArrayPool<int>.Shared.Rent(n));
        for (var i = 0; i < n;)
        {
            var j = i;
            while (j < n && keys[j] >> 32 == keys[i] >> 32) j++;
            for (var m = i; m < j; m++)
            {
                var column = (int)keys[m];
                (order[m], start[column], length[column]) = (column, i, j - i);
            }
            i = j;
        }
        ArrayPool<long>.Shared.Return(keys);
    }

    /// <summary>The columns whose label is that of <paramref name="column"/> (itself included), ascending.</summary>
    public ReadOnlySpan<int> Of(int column) => order.AsSpan(start[column], length[column]);

    /// <summary>Returns the arrays to the pool.</summary>
    public void Dispose()
    {
        ArrayPool<int>.Shared.Return(order);
        ArrayPool<int>.Shared.Return(start);
        ArrayPool<int>.Shared.Return(length);
    }
}
