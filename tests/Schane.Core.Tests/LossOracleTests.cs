using System.Text.Json;
using System.Text.Json.Nodes;

namespace Schane.Core.Tests;

/// <summary>
/// Every loss, on randomized inputs (sizes, dims, τ, β, classes, views, float32 and float64), against the independent
/// PyTorch implementations in tests/reference/losses.py: values and gradients, on the dense path, the blocked path
/// with the fused kernel and the blocked path with per-block autograd; with the built-in weightings and with user
/// weightings written as C# functions (their PyTorch twins are losses.py's WEIGHTINGS).
/// </summary>
public sealed class LossOracleFixture : IDisposable
{
    public sealed record Case(string Id, string Name, JsonObject Options, ContrastiveLoss Loss, long[] Shape, int Classes, ScalarType DType);

    public sealed record Outcome(Case Case, double DenseLoss, double BlockedLoss, double GenericLoss, double OracleLoss,
        double[] DenseGrad, double[] BlockedGrad, double[] GenericGrad, double[] OracleGrad);

    private readonly TempDir dir = new();

    public LossOracleFixture()
    {
        var random = new Random(20231122);
        var cases = new List<Case>();
        var sizes = new long[] { 2, 3, 8, 33, 64, 256, 512 };
        var dims = new long[] { 3, 16, 128 };
        var temperatures = new[] { 0.1, 0.5, 1.0 };
        var betas = new[] { 0.0, 1.0, 2.5 };
        for (var i = 0; i < BuiltInCases; i++)
        {
            var dtype = i % 2 == 0 ? ScalarType.Float64 : ScalarType.Float32;
            var n = sizes[random.Next(sizes.Length)];
            var d = dims[random.Next(dims.Length)];
            var tau = temperatures[random.Next(temperatures.Length)];
            var beta = betas[random.Next(betas.Length)];
            var views = 1 + random.Next(3);
            var classes = 2 + random.Next(6);
            switch (i % 7)
            {
                case 0 or 1:
                    cases.Add(new Case($"c{i}", "schane", new JsonObject { ["temperature"] = tau, ["beta"] = beta },
                        Make<SCHaNeLoss>(tau, l => l with { Weighting = NegativeWeighting.Exponential(beta) }), Shape(n, views, d), classes, dtype));
                    break;
                case 2:
                    cases.Add(new Case($"c{i}", "schane", new JsonObject { ["temperature"] = tau, ["beta"] = beta, ["outside_log"] = true },
                        Make<SCHaNeLoss>(tau, l => l with { Weighting = NegativeWeighting.Exponential(beta), Positives = PositiveAveraging.OutsideLog }),
                        Shape(n, views, d), classes, dtype));
                    break;
                case 3 or 4:
                    var one = i % 7 == 4 && views > 1;
                    cases.Add(new Case($"c{i}", "supcon", new JsonObject
                        {
                            ["temperature"] = tau, ["base_temperature"] = 0.07, ["contrast_mode"] = one ? "one" : "all",
                        },
                        Make<SupConLoss>(tau, l => l with { ContrastMode = one ? ContrastMode.One : ContrastMode.All }), Shape(n, views, d), classes, dtype));
                    break;
                case 5:
                    var tauPlus = random.Next(2) == 0 ? 0.0 : 0.1;
                    cases.Add(new Case($"c{i}", "hcl", new JsonObject { ["temperature"] = tau, ["beta"] = beta, ["tau_plus"] = tauPlus },
                        Make<HCLLoss>(tau, l => l with { Weighting = NegativeWeighting.Exponential(beta), TauPlus = tauPlus }),
                        Shape(n, 2, d), classes, dtype));
                    break;
                default:
                    cases.Add(new Case($"c{i}", "ntxent", new JsonObject { ["temperature"] = tau }, Make<NTXentLoss>(tau, l => l),
                        random.Next(2) == 0 ? [n, 2, d] : [2 * n, d], classes, dtype));
                    break;
            }
        }
        // User weightings: SCHaNe (both averagings) and HCL, each weighting twice. A selection (top-k, a threshold) is
        // discontinuous in the similarities: float32 rounding may select another negative than the float64 truth does,
        // so those run in float64 only.
        foreach (var (weighting, smooth) in new[] { ("squared_cosine", true), ("detached_exponential", true), ("top3", false), ("cosine_threshold", false) })
        foreach (var name in new[] { "schane", "schane-outside", "hcl" })
        for (var repeat = 0; repeat < 2; repeat++)
        {
            var i = cases.Count;
            var dtype = smooth && repeat == 1 ? ScalarType.Float32 : ScalarType.Float64;
            var n = sizes[random.Next(sizes.Length)];
            var d = dims[random.Next(dims.Length)];
            var tau = temperatures[random.Next(temperatures.Length)];
            var views = name == "hcl" ? 2 : 1 + random.Next(3);
            var classes = 2 + random.Next(6);
            var options = new JsonObject { ["temperature"] = tau, ["weighting"] = weighting };
            ContrastiveLoss loss = name switch
            {
                "hcl" => new HCLLoss { Temperature = tau, Weighting = UserWeighting(weighting), TauPlus = repeat == 0 ? 0.1 : 0 },
                _ => new SCHaNeLoss
                {
                    Temperature = tau, Weighting = UserWeighting(weighting),
                    Positives = name == "schane-outside" ? PositiveAveraging.OutsideLog : PositiveAveraging.InsideLog,
                },
            };
            if (name == "schane-outside") options["outside_log"] = true;
            if (name == "hcl") options["tau_plus"] = repeat == 0 ? 0.1 : 0;
            cases.Add(new Case($"c{i}", name == "hcl" ? "hcl" : "schane", options, loss, Shape(n, views, d), classes, dtype));
        }
        Outcomes = Run(cases, random);
    }

    /// <summary>The number of cases (the theory's data).</summary>
    public const int CaseCount = BuiltInCases + 4 * 3 * 2;

    private const int BuiltInCases = 56;

    /// <summary>C# twins of losses.py's WEIGHTINGS, written as a user writes them.</summary>
    private static NegativeWeighting UserWeighting(string name) => name switch
    {
        "squared_cosine" => NegativeWeighting.FromWeights(b => (b.Logits * b.Temperature).pow(2) + 0.25, name),
        "detached_exponential" => NegativeWeighting.FromLogWeights(b => b.Logits * 0.5, name, detached: true),
        "top3" => NegativeWeighting.TopK(3),
        "cosine_threshold" => NegativeWeighting.FromWeights(b => (b.Logits * b.Temperature).gt(0.3).to(b.Logits.dtype), name),
        _ => throw new ArgumentException(name),
    };

    public IReadOnlyDictionary<string, Outcome> Outcomes { get; }

    private static long[] Shape(long n, int views, long d) => views == 1 ? [n, d] : [n, views, d];

    private static ContrastiveLoss Make<T>(double tau, Func<T, T> configure) where T : ContrastiveLoss, new() =>
        configure(new T { Temperature = tau });

    private Dictionary<string, Outcome> Run(List<Case> cases, Random random)
    {
        var manifest = new JsonArray();
        var local = new Dictionary<string, ((double Value, double[] Grad) Dense, (double Value, double[] Grad) Blocked, (double Value, double[] Grad) Generic)>();
        foreach (var c in cases)
        {
            using var scope = NewDisposeScope();
            var embeddings = TestData.Normal(random, c.Shape, c.DType);
            // Random classes, with rows 0 and 1 sharing one so that some anchor always has a positive.
            var classes = Enumerable.Range(0, (int)c.Shape[0]).Select(_ => (long)random.Next(c.Classes)).ToArray();
            classes[1] = classes[0];
            var labels = tensor(classes);
            Npy.Save(embeddings, dir.File($"{c.Id}.e.npy"));
            Npy.Save(labels, dir.File($"{c.Id}.y.npy"));
            var dense = Evaluate(c.Loss with { Path = LossPath.Dense }, embeddings, labels);
            var blocked = Evaluate(c.Loss with { Path = LossPath.Blocked, BlockRows = 5 }, embeddings, labels);
            var generic = Evaluate(c.Loss with { Path = LossPath.Blocked, BlockRows = 5, UseFusedKernel = false }, embeddings, labels);
            local[c.Id] = (dense, blocked, generic);
            manifest.Add(new JsonObject
            {
                ["id"] = c.Id, ["name"] = c.Name, ["options"] = c.Options.DeepClone(),
                ["embeddings"] = dir.File($"{c.Id}.e.npy"), ["labels"] = dir.File($"{c.Id}.y.npy"), ["grad"] = dir.File($"{c.Id}.g.npy"),
            });
        }
        var manifestPath = dir.File("manifest.json");
        File.WriteAllText(manifestPath, new JsonObject { ["cases"] = manifest, ["output"] = dir.File("out.json") }.ToJsonString());
        Python.Run("losses.py", manifestPath);
        var results = JsonNode.Parse(File.ReadAllText(dir.File("out.json")))!["results"]!.AsArray()
            .ToDictionary(r => (string)r!["id"]!, r => (double)r!["loss"]!);

        var outcomes = new Dictionary<string, Outcome>();
        foreach (var c in cases)
        {
            using var oracleGrad = Npy.Load(dir.File($"{c.Id}.g.npy"));
            using var oracle64 = oracleGrad.to(ScalarType.Float64);
            var (dense, blocked, generic) = local[c.Id];
            outcomes[c.Id] = new Outcome(c, dense.Value, blocked.Value, generic.Value, results[c.Id], dense.Grad, blocked.Grad, generic.Grad,
                oracle64.Values<double>());
        }
        return outcomes;
    }

    private static (double Value, double[] Grad) Evaluate(ContrastiveLoss loss, Tensor embeddings, Tensor labels)
    {
        using var scope = NewDisposeScope();
        var e = embeddings.detach().requires_grad_();
        var value = loss.Compute(e, labels);
        value.backward();
        return (value.ToDouble(), e.grad!.to(ScalarType.Float64).Values<double>());
    }

    public void Dispose() => dir.Dispose();
}

public class LossOracleTests(LossOracleFixture fixture) : IClassFixture<LossOracleFixture>
{
    public static TheoryData<string> CaseIds()
    {
        var data = new TheoryData<string>();
        for (var i = 0; i < LossOracleFixture.CaseCount; i++) data.Add($"c{i}");
        return data;
    }

    [Fact]
    public void EveryCaseIsATheoryCase() => Assert.Equal(LossOracleFixture.CaseCount, fixture.Outcomes.Count);

    [Theory]
    [MemberData(nameof(CaseIds))]
    public void ValueAndGradientMatchPyTorch(string id)
    {
        var o = fixture.Outcomes[id];
        var tolerance = LossAssert.Tolerance(o.Case.DType);
        var what = $"{o.Case.Loss} on [{string.Join(", ", o.Case.Shape)}] {o.Case.DType.TorchName()}, {o.Case.Classes} classes";
        LossAssert.Value(o.OracleLoss, o.DenseLoss, tolerance, $"dense loss, {what}");
        LossAssert.Value(o.OracleLoss, o.BlockedLoss, tolerance, $"blocked (fused kernel) loss, {what}");
        LossAssert.Value(o.OracleLoss, o.GenericLoss, tolerance, $"blocked (autograd) loss, {what}");
        LossAssert.Gradient(o.OracleGrad, o.DenseGrad, tolerance, $"dense gradient, {what}");
        LossAssert.Gradient(o.OracleGrad, o.BlockedGrad, tolerance, $"blocked (fused kernel) gradient, {what}");
        LossAssert.Gradient(o.OracleGrad, o.GenericGrad, tolerance, $"blocked (autograd) gradient, {what}");
    }
}
