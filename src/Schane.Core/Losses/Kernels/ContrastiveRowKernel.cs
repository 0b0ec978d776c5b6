using System.Buffers;
using System.Numerics;
using System.Runtime.Intrinsics;

namespace Schane.Core.Losses.Kernels;

/// <summary>
/// The fused row kernel of the contrastive losses on raw buffers (a CPU tensor's data, an array): for a block of
/// anchor rows of S = z_I zᵀ / τ, each anchor's loss and dL/dS, in three vectorised passes per row and without any
/// R × N temporary (see <see cref="FusedContrastive"/> for the math). Rows are spread over the processors in
/// contiguous ranges, one per processor. Managed code, so that it runs wherever .NET does, with no native build.
/// </summary>
internal static class ContrastiveRowKernel
{
    /// <summary>
    /// Exponential weighting (|N| · softmax_N(βs)). <paramref name="block"/>: <paramref name="rows"/> × <paramref name="n"/>
    /// similarities (row-major) of the anchors <paramref name="first"/> … first + rows − 1 (anchor r's own column is
    /// first + r), overwritten with d(Σ valid losses)/dS. <paramref name="labels"/>: the n labels (compared as int32).
    /// Writes <paramref name="losses"/>[r] and <paramref name="valid"/>[r] (the anchor has a positive) for each row.
    /// </summary>
    public static void Rows<T>(Span<T> block, int rows, int n, ReadOnlySpan<long> labels, long first, ContrastiveKind kind,
        double beta, double tauPlus, double scale, double clamp, Span<double> losses, Span<bool> valid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckShape(rows, n, labels, first, losses, valid);
        CheckBlock(block.Length, rows, n, nameof(block));
        if (!Enum.IsDefined(kind)) throw new ArgumentException($"unknown contrastive kernel {(int)kind}", nameof(kind));
        var p = new RowParameters(beta, tauPlus, scale, clamp);
        switch (kind)
        {
            case ContrastiveKind.SCHaNeInsideLog: Run<T, InsideLogRows>(block, rows, n, labels, first, p, losses, valid); break;
            case ContrastiveKind.SCHaNeOutsideLog: Run<T, OutsideLogRows>(block, rows, n, labels, first, p, losses, valid); break;
            case ContrastiveKind.SupCon: Run<T, SupConRows>(block, rows, n, labels, first, p, losses, valid); break;
            default: Run<T, HCLRows>(block, rows, n, labels, first, p, losses, valid); break;
        }
    }

    /// <summary>
    /// SCHaNe or HCL with the negatives weighted by <paramref name="logWeights"/> (log w, rows × n like the block, read
    /// at the negatives only; −∞ is a weight of 0). <paramref name="block"/> is only read; <paramref name="gradBlock"/>
    /// receives d(Σ valid losses)/dS with the weights held fixed and <paramref name="gradWeights"/> the derivative with
    /// respect to the log-weights (zero off the negatives). The rest as in <see cref="Rows{T}"/>.
    /// </summary>
    public static void RowsWeighted<T>(ReadOnlySpan<T> block, ReadOnlySpan<T> logWeights, Span<T> gradBlock, Span<T> gradWeights, int rows,
        int n, ReadOnlySpan<long> labels, long first, ContrastiveKind kind, double tauPlus, double clamp, Span<double> losses, Span<bool> valid)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        CheckElementType<T>();
        CheckShape(rows, n, labels, first, losses, valid);
        CheckBlock(block.Length, rows, n, nameof(block));
        CheckBlock(logWeights.Length, rows, n, nameof(logWeights));
        CheckBlock(gradBlock.Length, rows, n, nameof(gradBlock));
        CheckBlock(gradWeights.Length, rows, n, nameof(gradWeights));
        if (gradBlock.Overlaps(block) || gradBlock.Overlaps(logWeights))
            throw new ArgumentException("gradBlock must not overlap block or logWeights", nameof(gradBlock));
        if (gradWeights.Overlaps(block) || gradWeights.Overlaps(logWeights) || gradWeights.Overlaps(gradBlock))
            throw new ArgumentException("gradWeights must not overlap block, logWeights or gradBlock", nameof(gradWeights));
        var p = new RowParameters(0, tauPlus, 1, clamp);
        switch (kind)
        {
            case ContrastiveKind.SCHaNeInsideLog:
                RunWeighted<T, InsideLogRows>(block, logWeights, gradBlock, gradWeights, rows, n, labels, first, p, losses, valid);
                break;
            case ContrastiveKind.SCHaNeOutsideLog:
                RunWeighted<T, OutsideLogRows>(block, logWeights, gradBlock, gradWeights, rows, n, labels, first, p, losses, valid);
                break;
            case ContrastiveKind.HCL:
                RunWeighted<T, HCLRows>(block, logWeights, gradBlock, gradWeights, rows, n, labels, first, p, losses, valid);
                break;
            default:
                throw new ArgumentException($"log-weights apply to SCHaNe and HCL, not {kind}", nameof(kind));
        }
    }

    /// <summary>
    /// The widest vectors the runtime finds fast: 512 bits where it says so (<see cref="Vector{T}"/> stays at 256 bits
    /// on such machines), else <see cref="Vector{T}"/>.
    /// </summary>
    private static bool Wide => Vector512.IsHardwareAccelerated && Vector512<float>.Count > Vector<float>.Count;

    private static void Run<T, TKind>(Span<T> block, int rows, int n, ReadOnlySpan<long> labels, long first, RowParameters p,
        Span<double> losses, Span<bool> valid) where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind
    {
        if (Wide) Run<T, TKind, Simd512<T>>(block, rows, n, labels, first, p, losses, valid);
        else Run<T, TKind, SimdVector<T>>(block, rows, n, labels, first, p, losses, valid);
    }

    private static void RunWeighted<T, TKind>(ReadOnlySpan<T> block, ReadOnlySpan<T> logWeights, Span<T> gradBlock, Span<T> gradWeights,
        int rows, int n, ReadOnlySpan<long> labels, long first, RowParameters p, Span<double> losses, Span<bool> valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind
    {
        if (Wide) RunWeighted<T, TKind, Simd512<T>>(block, logWeights, gradBlock, gradWeights, rows, n, labels, first, p, losses, valid);
        else RunWeighted<T, TKind, SimdVector<T>>(block, logWeights, gradBlock, gradWeights, rows, n, labels, first, p, losses, valid);
    }

    private static unsafe void Run<T, TKind, TV>(Span<T> block, int rows, int n, ReadOnlySpan<long> labels, long first, RowParameters p,
        Span<double> losses, Span<bool> valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        using var groups = TKind.Kind == ContrastiveKind.SCHaNeOutsideLog ? new LabelGroups(labels) : null;
        var lanes = LabelBits<T>(labels);
        // The worker threads see the spans through their addresses (a span cannot be captured); fixed keeps them put.
        fixed (T* blockAt = block)
        fixed (double* lossesAt = losses)
        fixed (bool* validAt = valid)
        {
            var (s, l, v) = ((nint)blockAt, (nint)lossesAt, (nint)validAt);
            InRanges(rows, (begin, end) =>
            {
                var all = new Span<T>((T*)s, rows * n);
                for (var r = begin; r < end; r++)
                {
                    var self = (int)(first + r);
                    ((double*)l)[r] = ExponentialRow.Run<T, TKind, TV>(all.Slice(r * n, n), lanes.AsSpan(0, n),
                        groups is null ? default : groups.Of(self), self, p, out ((bool*)v)[r]);
                }
            });
        }
        ArrayPool<T>.Shared.Return(lanes);
    }

    private static unsafe void RunWeighted<T, TKind, TV>(ReadOnlySpan<T> block, ReadOnlySpan<T> logWeights, Span<T> gradBlock,
        Span<T> gradWeights, int rows, int n, ReadOnlySpan<long> labels, long first, RowParameters p, Span<double> losses, Span<bool> valid)
        where T : unmanaged, IFloatingPointIeee754<T> where TKind : struct, IRowKind where TV : struct, ISimd<TV, T>
    {
        using var groups = TKind.Kind == ContrastiveKind.SCHaNeOutsideLog ? new LabelGroups(labels) : null;
        var lanes = LabelBits<T>(labels);
        fixed (T* blockAt = block)
        fixed (T* weightsAt = logWeights)
        fixed (T* gradBlockAt = gradBlock)
        fixed (T* gradWeightsAt = gradWeights)
        fixed (double* lossesAt = losses)
        fixed (bool* validAt = valid)
        {
            var (s, w, gs, gw) = ((nint)blockAt, (nint)weightsAt, (nint)gradBlockAt, (nint)gradWeightsAt);
            var (l, v) = ((nint)lossesAt, (nint)validAt);
            InRanges(rows, (begin, end) =>
            {
                var size = rows * n;
                var sAll = new ReadOnlySpan<T>((T*)s, size);
                var wAll = new ReadOnlySpan<T>((T*)w, size);
                var gsAll = new Span<T>((T*)gs, size);
                var gwAll = new Span<T>((T*)gw, size);
                for (var r = begin; r < end; r++)
                {
                    var self = (int)(first + r);
                    ((double*)l)[r] = WeightedRow.Run<T, TKind, TV>(sAll.Slice(r * n, n), wAll.Slice(r * n, n), gsAll.Slice(r * n, n),
                        gwAll.Slice(r * n, n), lanes.AsSpan(0, n), groups is null ? default : groups.Of(self), self, p, out ((bool*)v)[r]);
                }
            });
        }
        ArrayPool<T>.Shared.Return(lanes);
    }

    /// <summary>The labels as lane bits (<see cref="Element.LabelBits{T}"/>), in a rented array (n long at least).</summary>
    private static T[] LabelBits<T>(ReadOnlySpan<long> labels) where T : unmanaged, IFloatingPointIeee754<T>
    {
        var lanes = ArrayPool<T>.Shared.Rent(labels.Length);
        for (var k = 0; k < labels.Length; k++) lanes[k] = Element.LabelBits<T>(labels[k]);
        return lanes;
    }

    /// <summary>
    /// Calls <paramref name="range"/>(begin, end) on contiguous ranges of the rows, one per processor, in parallel (as
    /// the C++ kernel's OpenMP loop did); on the calling thread alone when there is one processor or one row.
    /// </summary>
    private static void InRanges(int rows, Action<int, int> range)
    {
        var parts = Math.Min(Environment.ProcessorCount, rows);
        if (parts <= 1)
        {
            range(0, rows);
            return;
        }
        Parallel.For(0, parts, i => range((int)((long)rows * i / parts), (int)((long)rows * (i + 1) / parts)));
    }

    private static void CheckElementType<T>()
    {
        if (typeof(T) != typeof(float) && typeof(T) != typeof(double))
            throw new ArgumentException($"the contrastive row kernel takes float or double elements, not {typeof(T).Name}", "T");
    }

    private static void CheckShape(int rows, int n, ReadOnlySpan<long> labels, long first, Span<double> losses, Span<bool> valid)
    {
        if (rows < 0) throw new ArgumentOutOfRangeException(nameof(rows), rows, "rows must be 0 or more");
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n), n, "n must be 0 or more");
        if (first < 0 || first + rows > n)
            throw new ArgumentOutOfRangeException(nameof(first), first, $"the anchors first … first + {rows} − 1 must be columns of the {n}");
        if (labels.Length != n) throw new ArgumentException($"labels must hold n = {n} entries, not {labels.Length}", nameof(labels));
        if (losses.Length < rows)
            throw new ArgumentException($"losses must hold at least rows = {rows} entries, not {losses.Length}", nameof(losses));
        if (valid.Length < rows)
            throw new ArgumentException($"valid must hold at least rows = {rows} entries, not {valid.Length}", nameof(valid));
    }

    private static void CheckBlock(int length, int rows, int n, string name)
    {
        if (length != (long)rows * n)
            throw new ArgumentException($"{name} must hold rows × n = {rows} × {n} = {(long)rows * n} entries, not {length}", name);
    }
}
