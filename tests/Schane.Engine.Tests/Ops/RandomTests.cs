namespace Schane.Engine.Tests.Ops;

/// <summary>
/// The random ops, seeded: ManualSeed makes them reproducible, the same seed gives the very numbers PyTorch draws
/// (same generator), and the samples have the distribution they promise.
/// </summary>
public sealed class RandomOracleFixture
{
    public OpOracle Oracle { get; } = new(RandomTests.Catalog);
}

[Collection(GlobalStateCollection.Name)]
public class RandomTests(RandomOracleFixture fixture) : IClassFixture<RandomOracleFixture>
{
    private static Func<object> Seeded(ulong seed, Func<object> draw) => () =>
    {
        Torch.ManualSeed(seed);
        return draw();
    };

    private static OpDefinition Op(string name, Action<CaseBuilder> define) => new(name, define);

    internal static IReadOnlyList<OpDefinition> Catalog { get; } =
    [
        Op("Torch.Randn", c =>
        {
            c.Value("torch.randn(4, 5)", Seeded(7, () => Torch.Randn([4, 5])), pre: "torch.manual_seed(7)");
            c.Value("torch.randn(40, dtype=torch.float64)", Seeded(8, () => Torch.Randn([40], DType.Float64)), pre: "torch.manual_seed(8)");
            c.Value("torch.randn(3, requires_grad=True).requires_grad", Seeded(1, () => Torch.Randn([3], requiresGrad: true).RequiresGrad));
        }),
        Op("Torch.Rand", c =>
        {
            c.Value("torch.rand(3, 7)", Seeded(9, () => Torch.Rand([3, 7])), pre: "torch.manual_seed(9)");
            c.Value("torch.rand(20, dtype=torch.float64)", Seeded(10, () => Torch.Rand([20], DType.Float64)), pre: "torch.manual_seed(10)");
        }),
        Op("Torch.Randint", c =>
        {
            c.Value("torch.randint(-3, 9, (50,))", Seeded(11, () => Torch.Randint(-3, 9, [50])), pre: "torch.manual_seed(11)");
            c.Value("torch.randint(0, 5, (2, 3), dtype=torch.int32)", Seeded(12, () => Torch.Randint(0, 5, [2, 3], DType.Int32)), pre: "torch.manual_seed(12)");
        }),
        Op("Torch.Randperm", c =>
        {
            c.Value("torch.randperm(20)", Seeded(13, () => Torch.Randperm(20)), pre: "torch.manual_seed(13)");
        }),
        Op("Normal_", c =>
        {
            c.Value("torch.empty(30).normal_(2, 0.5)", Seeded(14, () => Torch.Empty([30]).Normal_(2, 0.5)), pre: "torch.manual_seed(14)");
        }),
        Op("Uniform_", c =>
        {
            c.Value("torch.empty(30).uniform_(-1, 3)", Seeded(15, () => Torch.Empty([30]).Uniform_(-1, 3)), pre: "torch.manual_seed(15)");
        }),
        Op("Bernoulli_", c =>
        {
            c.Value("torch.empty(40).bernoulli_(0.3)", Seeded(16, () => Torch.Empty([40]).Bernoulli_(0.3)), pre: "torch.manual_seed(16)");
        }),
        Op("RandnLike", c =>
        {
            var a = c.Normal([3, 4], DType.Float64);
            c.Value("torch.randn_like(a)", Seeded(17, () => a.RandnLike()), pre: "torch.manual_seed(17)");
        }),
    ];

    public static TheoryData<string> Ops()
    {
        var data = new TheoryData<string>();
        foreach (var op in Catalog) data.Add(op.Op);
        return data;
    }

    [Theory]
    [MemberData(nameof(Ops))]
    public void SameSeedDrawsWhatPyTorchDraws(string op) => fixture.Oracle.AssertAgrees(op);

    [Fact]
    public void ManualSeedMakesDrawsReproducible()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(123);
        var a = Torch.Randn([50]);
        var r = Torch.Rand([5]);
        Torch.ManualSeed(123);
        var b = Torch.Randn([50]);
        var s = Torch.Rand([5]);
        Torch.ManualSeed(124);
        var c = Torch.Randn([50]);
        Assert.True(a.Equal(b));
        Assert.True(r.Equal(s));
        Assert.False(a.Equal(c));
        Assert.False(a.Equal(Torch.Randn([50])));
    }

    [Fact]
    public void RandnIsStandardNormal()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(1);
        foreach (var dtype in new[] { DType.Float32, DType.Float64 })
        {
            var x = Torch.Randn([200_000], dtype);
            Assert.Equal(dtype, x.DType);
            Assert.InRange(x.Mean().Item<double>(), -0.01, 0.01);
            Assert.InRange(x.Std().Item<double>(), 0.99, 1.01);
            // About 68.3% within one standard deviation.
            Assert.InRange(x.Abs().Lt(1).To(DType.Float64).Mean().Item<double>(), 0.678, 0.688);
        }
        var like = Torch.Zeros([300, 300], DType.Float64).RandnLike();
        Assert.Equal([300L, 300], like.Shape);
        Assert.Equal(DType.Float64, like.DType);
        Assert.InRange(like.Std().Item<double>(), 0.99, 1.01);
    }

    [Fact]
    public void RandIsUniformOnTheUnitInterval()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(2);
        var x = Torch.Rand([200_000]);
        Assert.True(x.Min().Item<double>() >= 0);
        Assert.True(x.Max().Item<double>() < 1);
        Assert.InRange(x.Mean().Item<double>(), 0.498, 0.502);
        Assert.InRange(x.Var().Item<double>(), 1 / 12.0 - 0.001, 1 / 12.0 + 0.001);
    }

    [Fact]
    public void RandintCoversItsRangeEvenly()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(3);
        var x = Torch.Randint(-3, 4, [70_000]);
        Assert.Equal(DType.Int64, x.DType);
        Assert.Equal(-3, x.Min().Item<long>());
        Assert.Equal(3, x.Max().Item<long>());
        var counts = (x + 3L).Bincount().ToArray<long>();
        Assert.Equal(7, counts.Length);
        Assert.All(counts, n => Assert.InRange(n, 9_500, 10_500));
    }

    [Fact]
    public void RandpermIsAPermutation()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(4);
        var p = Torch.Randperm(1000);
        Assert.True(p.Sort().Values.Equal(Torch.Arange(1000)));
        Assert.False(p.Equal(Torch.Arange(1000)));
    }

    [Fact]
    public void InPlaceSamplersFollowTheirParameters()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(5);
        var u = Torch.Empty([100_000], DType.Float64);
        Assert.Same(u, u.Uniform_(-2, 3));
        Assert.True(u.Min().Item<double>() >= -2);
        Assert.True(u.Max().Item<double>() < 3);
        Assert.InRange(u.Mean().Item<double>(), 0.47, 0.53);

        var n = Torch.Empty([100_000]);
        Assert.Same(n, n.Normal_(5, 2));
        Assert.InRange(n.Mean().Item<double>(), 4.98, 5.02);
        Assert.InRange(n.Std().Item<double>(), 1.98, 2.02);

        var b = Torch.Empty([100_000]);
        Assert.Same(b, b.Bernoulli_(0.3));
        Assert.Equal(100_000, b.Eq(0).LogicalOr(b.Eq(1)).Sum().Item<long>());
        Assert.InRange(b.Mean().Item<double>(), 0.295, 0.305);
    }

    [Fact]
    public void ThreadsCanBeReadAndSet()
    {
        var before = Torch.Threads;
        Assert.True(before >= 1);
        try
        {
            Torch.Threads = 1;
            Assert.Equal(1, Torch.Threads);
        }
        finally
        {
            Torch.Threads = before;
        }
        Assert.Equal(before, Torch.Threads);
    }
}
