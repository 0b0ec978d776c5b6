using Schane.Core.IO;
using Schane.Core.Losses;

namespace Schane.Distributed.Tests;

/// <summary>
/// The distributed loss on 2 and 3 ranks (mpirun, loopback) against one process on the concatenated batch: for each
/// loss, the value on every rank and the gradient of every rank's rows (float64 within 1e-10, float32 within 1e-5).
/// </summary>
public sealed class DistributedLossTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void TheLossAndEachRanksGradientAreThoseOfOneProcessOnTheWholeBatch(int ranks)
    {
        using var scope = NewDisposeScope();
        var generator = new Generator(seed: 11);
        var embeddings = randn([DistributedCases.Samples, DistributedCases.Views, DistributedCases.Dimension], ScalarType.Float64, generator: generator);
        var labels = arange(DistributedCases.Samples, ScalarType.Int64).remainder(3);
        Npy.Save(embeddings, dir.File("embeddings.npy"));
        Npy.Save(labels, dir.File("labels.npy"));
        var output = Directory.CreateDirectory(Path.Combine(dir.Path, "out")).FullName;

        var run = MpiRun.Run(ranks, MpiRun.Host, ["loss", dir.Path, output], Limit);
        Assert.True(run.ExitCode == 0, run.Output);

        foreach (var (name, loss) in DistributedCases.Losses)
            foreach (var (dtype, tolerance) in new[] { (ScalarType.Float64, 1e-10), (ScalarType.Float32, 1e-5) })
            {
                var z = embeddings.to(dtype).detach().requires_grad_();
                var expected = loss.Compute(z, labels);
                expected.backward();
                var expectedGradient = z.grad!.to(ScalarType.Float64);
                for (var rank = 0; rank < ranks; rank++)
                {
                    var stem = Path.Combine(output, $"{name}-{dtype}-rank{rank}");
                    var value = double.Parse(File.ReadAllText(stem + ".txt"));
                    Assert.True(Math.Abs(value - expected.ToDouble()) <= tolerance, $"{name} {dtype} rank {rank}: loss {value} vs {expected.ToDouble()}");
                    var gradient = Npy.Load(stem + ".npy");
                    var difference = (gradient - DistributedCases.Shard(expectedGradient, rank, ranks)).abs().max().ToDouble();
                    Assert.True(difference <= tolerance, $"{name} {dtype} rank {rank}: gradient differs by {difference}");
                    Assert.True(gradient.abs().max().ToDouble() > 1e-6, $"{name} {dtype} rank {rank}: the gradient is zero");
                }
            }
    }
}
