using System.Text.Json;
using Schane.Core.Losses;
using static TorchSharp.torch;

namespace Schane.Cli.Bench;

/// <summary>
/// `schane bench loss`: forward + backward time and peak extra memory of each loss at growing batch sizes (rows of
/// the similarity matrix, D = 128, float32, 10 classes), next to dense PyTorch references (SCHaNe as DESIGN.md
/// writes it, HobbitLong's SupCon) timed in the same invocation under PyTorch's default settings, and next to the three B×B×D matrix products every
/// such loss needs (computed block by block into a reused buffer: the floor).
/// </summary>
internal static class LossBenchmark
{
    public const int Dim = 128;

    /// <summary>Above this many rows the dense PyTorch references are skipped: about 48·B² bytes would not fit.</summary>
    public const int DenseReferenceLimit = 8192;

    public sealed record Row(int Rows, string Loss, double Ms, long ExtraBytes, double? MatmulMs, double? ReferenceMs, long? ReferenceExtraBytes)
    {
        /// <summary>Reference time over ours: how many times faster .NET is.</summary>
        public double? Speedup => ReferenceMs / Ms;

        /// <summary>Our time over the three matrix products' (the target at B = 4096 is at most 1.5).</summary>
        public double? OverMatmuls => Ms / MatmulMs;
    }

    public sealed record Result(int Threads, string TorchVersion, IReadOnlyList<Row> Rows, IReadOnlyList<string> Notes);

    public static readonly int[] DefaultSizes = [256, 1024, 4096, 16384, 65536];

    private static readonly (string Name, ContrastiveLoss Loss)[] Losses =
    [
        ("schane", new SCHaNeLoss()), ("supcon", new SupConLoss()), ("hcl", new HCLLoss()), ("ntxent", new NTXentLoss()),
    ];

    public static Result Run(IReadOnlyList<int> sizes, int repeats, Action<string>? progress)
    {
        var rows = new List<Row>();
        var notes = new List<string>();
        var referenceSizes = sizes.Where(n => n <= DenseReferenceLimit).ToList();
        foreach (var n in sizes.Where(n => n > DenseReferenceLimit))
            notes.Add($"B={n}: dense PyTorch references skipped (the B×B intermediates need about {48.0 * n * n / (1L << 30):F0} GiB)");

        JsonElement? peer = null;
        if (referenceSizes.Count > 0)
        {
            progress?.Invoke($"PyTorch dense references at B = {string.Join(", ", referenceSizes)}");
            peer = PythonPeer.Run("loss.py", get_num_threads(), repeats, string.Join(",", referenceSizes));
        }

        foreach (var n in sizes)
        {
            var times = n >= 16384 ? 1 : repeats;
            progress?.Invoke($"B={n}: matrix products");
            var matmulMs = MatmulFloor(n, times);
            foreach (var (name, loss) in Losses)
            {
                progress?.Invoke($"B={n}: {name}");
                var (ms, extra) = Measure(loss, n, times);
                var reference = peer?.GetProperty("results").EnumerateArray()
                    .FirstOrDefault(r => r.GetProperty("loss").GetString() == name && r.GetProperty("rows").GetInt32() == n);
                double? referenceMs = reference is { ValueKind: JsonValueKind.Object } r1 ? r1.GetProperty("ms").GetDouble() : null;
                long? referenceExtra = reference is { ValueKind: JsonValueKind.Object } r2 ? r2.GetProperty("extra_bytes").GetInt64() : null;
                rows.Add(new Row(n, name, ms, extra, matmulMs, referenceMs, referenceExtra));
            }
        }
        return new Result(get_num_threads(), peer?.GetProperty("torch").GetString() ?? "not run", rows, notes);
    }

    private static (double Ms, long ExtraBytes) Measure(ContrastiveLoss loss, int n, int repeats)
    {
        using var e = randn(n, Dim);
        using var labels = randint(0, 10, [(long)n]);
        void Once()
        {
            using var scope = NewDisposeScope();
            var x = e.detach().requires_grad_();
            loss.Compute(x, labels).backward();
        }
        Once();
        var samples = new List<double>();
        var extra = PeakMemory.ExtraBytesOf(() =>
        {
            for (var i = 0; i < repeats; i++)
            {
                var watch = System.Diagnostics.Stopwatch.StartNew();
                Once();
                samples.Add(watch.Elapsed.TotalMilliseconds);
            }
        });
        return (global::Schane.Cli.Bench.Measure.Median(samples), extra);
    }

    /// <summary>S_I = z_I zᵀ, then dS_I z and dS_Iᵀ z_I, block by block into reused buffers: the products any exact loss needs.</summary>
    private static double MatmulFloor(int n, int repeats)
    {
        var block = Math.Min(n, 1024);
        using var z = randn(n, Dim);
        using var zT = z.t().contiguous();
        using var s = empty(block, n);
        using var rowGrad = empty(block, Dim);
        using var colGrad = empty(n, Dim);
        void Once()
        {
            for (var first = 0; first < n; first += block)
            {
                // addmm_ with beta = 0 is an in-place matrix product: out = a·b, into the reused buffer.
                using var zBlock = z.narrow(0, first, block);
                s.addmm_(zBlock, zT, beta: 0);
                rowGrad.addmm_(s, z, beta: 0);
                using var sT = s.t();
                colGrad.addmm_(sT, zBlock, beta: 0);
            }
        }
        Once();
        return global::Schane.Cli.Bench.Measure.Median(Enumerable.Range(0, repeats).Select(_ =>
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            Once();
            return watch.Elapsed.TotalMilliseconds;
        }));
    }
}
