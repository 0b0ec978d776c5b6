using System.Text.Json;
using Schane.Engine.Optim;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

/// <summary>
/// SGD and AdamW trajectories and clip_grad_norm_ against torch.optim and torch.nn.utils (tests/reference/optim_oracle.py):
/// identical initial parameters and gradients, several steps, every intermediate parameter compared. One Python call.
/// </summary>
public sealed class OptimizerOracle : IDisposable
{
    public const int Steps = 5;
    public static readonly long[][] Shapes = [[4, 3], [3], [2, 2, 2]];

    /// <summary>A trajectory: the optimizer in .NET and in PyTorch, optional per-step learning rates, and gradients left out.</summary>
    public sealed record Case(string Name, string Python, Func<Tensor[], Optimizer> Create, double[]? Rates = null, (int Step, int Param)[]? Missing = null);

    private static readonly double[] Schedule = Enumerable.Range(0, Steps)
        .Select(s => new WarmupCosineSchedule(0.05, warmupSteps: 2, totalSteps: Steps, minLearningRate: 0.001).LearningRateAt(s)).ToArray();

    public static readonly Case[] Cases =
    [
        new("sgd_plain", "torch.optim.SGD(ps, lr=0.1)", p => new SGD(p, 0.1)),
        new("sgd_momentum_dampening_decay", "torch.optim.SGD(ps, lr=0.05, momentum=0.9, dampening=0.1, weight_decay=0.01)",
            p => new SGD(p, 0.05, momentum: 0.9, dampening: 0.1, weightDecay: 0.01)),
        new("sgd_nesterov_decay", "torch.optim.SGD(ps, lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.05)",
            p => new SGD(p, 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.05)),
        new("sgd_momentum_maximize_missing", "torch.optim.SGD(ps, lr=0.02, momentum=0.5, maximize=True)",
            p => new SGD(p, 0.02, momentum: 0.5, maximize: true), Missing: [(0, 2), (3, 0)]),
        new("adamw_defaults", "torch.optim.AdamW(ps, lr=0.01)", p => new AdamW(p, 0.01)),
        new("adamw_amsgrad_decay", "torch.optim.AdamW(ps, lr=0.01, betas=(0.8, 0.95), eps=1e-6, weight_decay=0.05, amsgrad=True)",
            p => new AdamW(p, 0.01, beta1: 0.8, beta2: 0.95, eps: 1e-6, weightDecay: 0.05, amsgrad: true)),
        new("adamw_no_decay_maximize_missing", "torch.optim.AdamW(ps, lr=0.003, weight_decay=0, maximize=True)",
            p => new AdamW(p, 0.003, weightDecay: 0, maximize: true), Missing: [(0, 1), (1, 1), (2, 0)]),
        new("adamw_warmup_cosine", "torch.optim.AdamW(ps, lr=0.05, weight_decay=0.05)", p => new AdamW(p, 0.05, weightDecay: 0.05), Rates: Schedule),
    ];

    public static readonly (string Name, double MaxNorm, double NormType)[] Clips =
    [
        ("l2", 1.0, 2), ("l1", 0.5, 1), ("linf", 0.1, double.PositiveInfinity), ("l3", 1.0, 3), ("no_clipping", 1000.0, 2),
    ];

    public TempDir Dir { get; } = new();

    /// <summary>The total norm each clip returned in .NET.</summary>
    public Dictionary<string, double> ClipNorms { get; } = new();

    public OptimizerOracle()
    {
        using var scope = Torch.NewDisposeScope();
        Torch.ManualSeed(4242);
        for (var i = 0; i < Shapes.Length; i++)
        {
            Npy.Save(Torch.Randn(Shapes[i]), Dir.File($"p0.{i}.npy"));
            Npy.Save(Torch.Randn(Shapes[i]) * 3, Dir.File($"cg.{i}.npy"));
            for (var s = 0; s < Steps; s++) Npy.Save(Torch.Randn(Shapes[i]), Dir.File($"g{s}.{i}.npy"));
        }
        foreach (var c in Cases) Run(c);
        foreach (var clip in Clips) Clip(clip);
        var manifest = new
        {
            @params = Shapes.Length,
            steps = Steps,
            cases = Cases.Select(c => new
            {
                name = c.Name,
                python = c.Python,
                lrs = c.Rates,
                missing = (c.Missing ?? []).Select(m => new[] { m.Step, m.Param }),
            }),
            clips = Clips.Select(c => new { name = c.Name, max_norm = c.MaxNorm, norm_type = double.IsInfinity(c.NormType) ? "inf" : (object)c.NormType }),
        };
        File.WriteAllText(Dir.File("manifest.json"), JsonSerializer.Serialize(manifest));
        Python.Run("optim_oracle.py", Dir.Path);
    }

    private Tensor[] InitialParameters() =>
        Enumerable.Range(0, Shapes.Length).Select(i => Npy.Load(Dir.File($"p0.{i}.npy")).RequiresGrad_()).ToArray();

    private void Run(Case c)
    {
        using var scope = Torch.NewDisposeScope();
        var parameters = InitialParameters();
        using var optimizer = c.Create(parameters);
        for (var s = 0; s < Steps; s++)
        {
            optimizer.ZeroGrad();
            for (var i = 0; i < parameters.Length; i++)
                if (!(c.Missing ?? []).Contains((s, i)))
                    parameters[i].Grad = Npy.Load(Dir.File($"g{s}.{i}.npy"));
            if (c.Rates is not null) optimizer.LearningRate = c.Rates[s];
            optimizer.Step();
            for (var i = 0; i < parameters.Length; i++) Npy.Save(parameters[i], Dir.File($"{c.Name}.cs.p{s}.{i}.npy"));
        }
    }

    private void Clip((string Name, double MaxNorm, double NormType) clip)
    {
        using var scope = Torch.NewDisposeScope();
        var parameters = InitialParameters();
        for (var i = 0; i < parameters.Length; i++) parameters[i].Grad = Npy.Load(Dir.File($"cg.{i}.npy"));
        ClipNorms[clip.Name] = GradientClipping.ClipGradNorm(parameters, clip.MaxNorm, clip.NormType);
        for (var i = 0; i < parameters.Length; i++) Npy.Save(parameters[i].Grad!, Dir.File($"{clip.Name}.cs.g.{i}.npy"));
    }

    public void Dispose() => Dir.Dispose();
}

public class OptimizerTests(OptimizerOracle oracle) : IClassFixture<OptimizerOracle>
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in OptimizerOracle.Cases) data.Add(c.Name);
        return data;
    }

    public static TheoryData<string> ClipNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in OptimizerOracle.Clips) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void TrajectoryMatchesTorchOptim(string name)
    {
        // Same libtorch, same ops in the same order: expect agreement to float32 rounding.
        for (var s = 0; s < OptimizerOracle.Steps; s++)
        for (var i = 0; i < OptimizerOracle.Shapes.Length; i++)
            OracleCompare.CloseFiles(oracle.Dir.File($"{name}.py.p{s}.{i}.npy"), oracle.Dir.File($"{name}.cs.p{s}.{i}.npy"),
                $"{name}: parameter {i} after step {s}", atol: 1e-6, rtol: 1e-6);
    }

    [Theory]
    [MemberData(nameof(ClipNames))]
    public void ClipGradNormMatchesPyTorch(string name)
    {
        var norms = JsonSerializer.Deserialize<Dictionary<string, double>>(File.ReadAllText(oracle.Dir.File("clips.json")))!;
        Assert.Equal(norms[name], oracle.ClipNorms[name], 5);
        for (var i = 0; i < OptimizerOracle.Shapes.Length; i++)
            OracleCompare.CloseFiles(oracle.Dir.File($"{name}.py.g.{i}.npy"), oracle.Dir.File($"{name}.cs.g.{i}.npy"),
                $"{name}: clipped gradient {i}", atol: 1e-6, rtol: 1e-6);
    }

    [Fact]
    public void ClipGradNormWithoutGradientsReturnsZeroAndScalesToMaxNorm()
    {
        using var scope = Torch.NewDisposeScope();
        var p = Torch.Zeros([3]).RequiresGrad_();
        Assert.Equal(0, GradientClipping.ClipGradNorm([p], 1.0));
        p.Grad = Torch.FromArray(new[] { 3f, 4f, 0f });
        Assert.Equal(5, GradientClipping.ClipGradNorm([p], 1.0), 5);
        Assert.Equal(1, p.Grad!.Norm().Item<double>(), 5);
        p.Grad = Torch.FromArray(new[] { float.NaN, 1f, 0f });
        Assert.Throws<TorchException>(() => GradientClipping.ClipGradNorm([p], 1.0, errorIfNonfinite: true));
    }

    [Fact]
    public void ConstructorsRejectWhatPyTorchRejects()
    {
        using var scope = Torch.NewDisposeScope();
        var p = Torch.Zeros([2]).RequiresGrad_();
        Assert.Throws<ArgumentException>(() => new SGD([], 0.1));
        Assert.Throws<ArgumentException>(() => new SGD([p, p], 0.1));
        Assert.Throws<ArgumentException>(() => new SGD([p * 2], 0.1));
        Assert.Throws<ArgumentException>(() => new SGD([p], 0.1, nesterov: true));
        Assert.Throws<ArgumentException>(() => new SGD([p], 0.1, momentum: 0.9, dampening: 0.1, nesterov: true));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD([p], -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], beta2: 1.0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new AdamW([p], eps: -1));
        using var sgd = new SGD([p], 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => sgd.LearningRate = double.NaN);
    }
}
