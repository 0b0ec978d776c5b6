using System.Text.Json;
using Schane.Engine.Modules;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;
using F = Schane.Engine.Functional;

namespace Schane.Engine.Tests;

/// <summary>
/// Every layer and functional op, run in .NET and in PyTorch with the same weights, inputs and output gradients:
/// the .NET module's state dict is loaded strictly into the PyTorch module (so its keys and shapes must be PyTorch's),
/// then outputs, input gradients, parameter gradients and the state after the forward pass (BatchNorm's running
/// statistics) are compared. All cases run in one Python call.
/// </summary>
public sealed class NnLayerOracle : IDisposable
{
    /// <summary>One case: a module (with its PyTorch constructor) or a function (with its PyTorch lambda).</summary>
    public sealed record Case(string Name, string Python, Func<Module<Tensor, Tensor>>? Module, Func<Tensor[], Tensor>? Function,
        (string Name, Func<Tensor> Make, bool Grad)[] Inputs, bool Train = true, ulong? Seed = null,
        Action<Module<Tensor, Tensor>>? Prepare = null);

    private static (string, Func<Tensor>, bool)[] X(params long[] shape) => [("x", () => Torch.Randn(shape), true)];

    private static Func<Tensor> Targets(long classes, params long[] shape) => () => Torch.Randint(0, classes, shape);

    private static Module<Tensor, Tensor> Cnn() => new Sequential(
        new Conv2d(1, 4, 3, padding: 1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
        new Conv2d(4, 6, 3, stride: 2, bias: false), new BatchNorm2d(6), new GELU(), new AdaptiveAvgPool2d(1),
        new Flatten(), new Dropout(0.2), new Linear(6, 3));

    private const string CnnPython = "nn.Sequential(nn.Conv2d(1, 4, 3, padding=1), nn.BatchNorm2d(4), nn.ReLU(), nn.MaxPool2d(2), " +
        "nn.Conv2d(4, 6, 3, stride=2, bias=False), nn.BatchNorm2d(6), nn.GELU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), " +
        "nn.Dropout(0.2), nn.Linear(6, 3))";

    // Running statistics that are not the defaults, so that evaluation mode has something to use.
    private static void RandomRunningStats(Module<Tensor, Tensor> module)
    {
        var bn = (BatchNorm)module;
        using var noGrad = Torch.NoGrad();
        using var mean = Torch.Randn([bn.NumFeatures]);
        using var var = Torch.Rand([bn.NumFeatures]);
        bn.RunningMean!.Copy_(mean);
        bn.RunningVar!.Copy_(var.Add_(0.5));
        bn.Weight?.Uniform_(0.5, 1.5);
        bn.Bias?.Uniform_(-0.5, 0.5);
    }

    public static readonly Case[] Cases =
    [
        new("linear", "nn.Linear(5, 3)", () => new Linear(5, 3), null, X(4, 5)),
        new("linear_nobias_3d", "nn.Linear(5, 3, bias=False)", () => new Linear(5, 3, bias: false), null, X(2, 3, 5)),
        new("conv2d", "nn.Conv2d(3, 4, 3, stride=2, padding=1)", () => new Conv2d(3, 4, 3, stride: 2, padding: 1), null, X(2, 3, 7, 7)),
        new("conv2d_groups_dilation", "nn.Conv2d(4, 6, (3, 2), stride=(1, 2), padding=(2, 1), dilation=2, groups=2, bias=False)",
            () => new Conv2d(4, 6, (3, 2), stride: (1, 2), padding: (2, 1), dilation: 2, groups: 2, bias: false), null, X(2, 4, 8, 9)),
        new("batchnorm1d_train", "nn.BatchNorm1d(4)", () => new BatchNorm1d(4), null, X(6, 4)),
        new("batchnorm1d_3d_cumulative", "nn.BatchNorm1d(3, momentum=None)", () => new BatchNorm1d(3, momentum: null), null, X(4, 3, 5)),
        new("batchnorm1d_eval", "nn.BatchNorm1d(4)", () => new BatchNorm1d(4), null, X(6, 4), Train: false, Prepare: RandomRunningStats),
        new("batchnorm2d_train", "nn.BatchNorm2d(3, eps=1e-3, momentum=0.2)", () => new BatchNorm2d(3, eps: 1e-3, momentum: 0.2), null,
            X(4, 3, 5, 5), Prepare: RandomRunningStats),
        new("batchnorm2d_eval", "nn.BatchNorm2d(3)", () => new BatchNorm2d(3), null, X(4, 3, 5, 5), Train: false, Prepare: RandomRunningStats),
        new("batchnorm2d_not_affine", "nn.BatchNorm2d(3, affine=False)", () => new BatchNorm2d(3, affine: false), null, X(2, 3, 4, 4)),
        new("batchnorm2d_untracked_eval", "nn.BatchNorm2d(3, track_running_stats=False)", () => new BatchNorm2d(3, trackRunningStats: false),
            null, X(2, 3, 4, 4), Train: false),
        new("layernorm", "nn.LayerNorm(4)", () => new LayerNorm(4), null, X(2, 3, 4), Prepare: m => { using var noGrad = Torch.NoGrad(); ((LayerNorm)m).Weight!.Normal_(); }),
        new("layernorm_2d_eps", "nn.LayerNorm([3, 4], eps=1e-6)", () => new LayerNorm([3, 4], eps: 1e-6), null, X(2, 3, 4)),
        new("layernorm_no_affine", "nn.LayerNorm(6, elementwise_affine=False)", () => new LayerNorm(6, elementwiseAffine: false), null, X(5, 6)),
        new("dropout_train", "nn.Dropout(0.3)", () => new Dropout(0.3), null, X(8, 16), Seed: 1234),
        new("dropout_eval", "nn.Dropout(0.3)", () => new Dropout(0.3), null, X(8, 16), Train: false),
        new("relu", "nn.ReLU()", () => new ReLU(), null, X(3, 7)),
        new("gelu", "nn.GELU()", () => new GELU(), null, X(3, 7)),
        new("gelu_tanh", "nn.GELU(approximate='tanh')", () => new GELU(GeluApproximation.Tanh), null, X(3, 7)),
        new("maxpool2d", "nn.MaxPool2d(3, stride=2, padding=1)", () => new MaxPool2d(3, stride: 2, padding: 1), null, X(2, 3, 9, 9)),
        new("maxpool2d_ceil", "nn.MaxPool2d(2, ceil_mode=True)", () => new MaxPool2d(2, ceilMode: true), null, X(1, 2, 7, 7)),
        new("maxpool2d_dilation", "nn.MaxPool2d((3, 2), stride=1, dilation=2)", () => new MaxPool2d((3, 2), stride: 1, dilation: 2), null, X(1, 2, 8, 8)),
        new("adaptiveavgpool2d_1", "nn.AdaptiveAvgPool2d(1)", () => new AdaptiveAvgPool2d(1), null, X(2, 3, 7, 5)),
        new("adaptiveavgpool2d_3x2", "nn.AdaptiveAvgPool2d((3, 2))", () => new AdaptiveAvgPool2d((3, 2)), null, X(2, 3, 7, 5)),
        new("flatten", "nn.Flatten()", () => new Flatten(), null, X(2, 3, 4, 5)),
        new("flatten_0_2", "nn.Flatten(0, 2)", () => new Flatten(0, 2), null, X(2, 3, 4, 5)),
        new("cnn_train", CnnPython, Cnn, null, X(3, 1, 10, 10), Seed: 99),
        new("cnn_eval", CnnPython, Cnn, null, X(3, 1, 10, 10), Train: false),

        new("cross_entropy_mean", "lambda x, t: F.cross_entropy(x, t)", null, a => F.CrossEntropy(a[0], a[1]),
            [("x", () => Torch.Randn([6, 5]), true), ("t", Targets(5, 6), false)]),
        new("cross_entropy_weight_sum_ignore", "lambda x, t, w: F.cross_entropy(x, t, weight=w, reduction='sum', ignore_index=2)", null,
            a => F.CrossEntropy(a[0], a[1], a[2], Reduction.Sum, ignoreIndex: 2),
            [("x", () => Torch.Randn([8, 5]), true), ("t", () => Torch.FromArray(new long[] { 0, 2, 4, 2, 1, 3, 2, 0 }), false),
             ("w", () => Torch.Rand([5]), false)]),
        new("cross_entropy_none_smoothing", "lambda x, t: F.cross_entropy(x, t, reduction='none', label_smoothing=0.1)", null,
            a => F.CrossEntropy(a[0], a[1], reduction: Reduction.None, labelSmoothing: 0.1),
            [("x", () => Torch.Randn([6, 5]), true), ("t", Targets(5, 6), false)]),
        new("cross_entropy_weight_mean_smoothing_ignore",
            "lambda x, t, w: F.cross_entropy(x, t, weight=w, ignore_index=1, label_smoothing=0.2)", null,
            a => F.CrossEntropy(a[0], a[1], a[2], ignoreIndex: 1, labelSmoothing: 0.2),
            [("x", () => Torch.Randn([7, 4]), true), ("t", () => Torch.FromArray(new long[] { 1, 0, 3, 1, 2, 2, 0 }), false),
             ("w", () => Torch.Rand([4]), false)]),
        new("cross_entropy_probabilities", "lambda x, p: F.cross_entropy(x, p)", null, a => F.CrossEntropy(a[0], a[1]),
            [("x", () => Torch.Randn([5, 4]), true), ("p", () => Torch.Randn([5, 4]).Softmax(1), false)]),
        new("cross_entropy_spatial", "lambda x, t: F.cross_entropy(x, t)", null, a => F.CrossEntropy(a[0], a[1]),
            [("x", () => Torch.Randn([2, 5, 3, 3]), true), ("t", Targets(5, 2, 3, 3), false)]),
        new("nll_loss_weight_ignore", "lambda x, t, w: F.nll_loss(F.log_softmax(x, 1), t, weight=w, ignore_index=0)", null,
            a => F.NllLoss(a[0].LogSoftmax(1), a[1], a[2], ignoreIndex: 0),
            [("x", () => Torch.Randn([6, 3]), true), ("t", () => Torch.FromArray(new long[] { 0, 1, 2, 2, 0, 1 }), false),
             ("w", () => Torch.Rand([3]), false)]),
        new("nll_loss_sum", "lambda x, t: F.nll_loss(x, t, reduction='sum')", null, a => F.NllLoss(a[0], a[1], reduction: Reduction.Sum),
            [("x", () => Torch.Randn([6, 3]), true), ("t", Targets(3, 6), false)]),
        new("mse_loss_mean", "lambda x, y: F.mse_loss(x, y)", null, a => F.MseLoss(a[0], a[1]),
            [("x", () => Torch.Randn([4, 3]), true), ("y", () => Torch.Randn([4, 3]), true)]),
        new("mse_loss_none", "lambda x, y: F.mse_loss(x, y, reduction='none')", null, a => F.MseLoss(a[0], a[1], Reduction.None),
            [("x", () => Torch.Randn([4, 3]), true), ("y", () => Torch.Randn([4, 3]), false)]),
        new("mse_loss_sum", "lambda x, y: F.mse_loss(x, y, reduction='sum')", null, a => F.MseLoss(a[0], a[1], Reduction.Sum),
            [("x", () => Torch.Randn([4, 3]), true), ("y", () => Torch.Randn([4, 3]), true)]),
        new("functional_conv2d_layer_norm_gelu", "lambda x, w, b: F.gelu(F.layer_norm(F.conv2d(x, w, b, padding=1), [5, 5]), approximate='tanh')",
            null, a => F.Gelu(F.LayerNorm(F.Conv2d(a[0], a[1], a[2], padding: 1), [5, 5]), GeluApproximation.Tanh),
            [("x", () => Torch.Randn([2, 3, 5, 5]), true), ("w", () => Torch.Randn([4, 3, 3, 3]), true), ("b", () => Torch.Randn([4]), true)]),
    ];

    public TempDir Dir { get; } = new();

    public NnLayerOracle()
    {
        Torch.ManualSeed(20240229);
        var manifest = Cases.Select(Run).ToList();
        File.WriteAllText(Dir.File("manifest.json"), JsonSerializer.Serialize(manifest));
        Python.Run("nn_layers.py", Dir.Path);
    }

    // Runs the case in .NET, writing its inputs for PyTorch and its answers beside them; returns the manifest entry.
    private object Run(Case c)
    {
        using var scope = Torch.NewDisposeScope();
        var inputs = c.Inputs.Select(i =>
        {
            var t = i.Make();
            if (i.Grad) t.RequiresGrad = true;
            Npy.Save(t, Dir.File($"{c.Name}.in.{i.Name}.npy"));
            return t;
        }).ToArray();
        using var module = c.Module?.Invoke();
        var state = new List<string>();
        if (module is not null)
        {
            c.Prepare?.Invoke(module);
            module.Train(c.Train);
            foreach (var (key, t) in module.StateDict())
            {
                Npy.Save(t, Dir.File($"{c.Name}.sd.{key}.npy"));
                state.Add(key);
            }
        }
        if (c.Seed is { } seed) Torch.ManualSeed(seed);
        var output = module is not null ? module.Forward(inputs[0]) : c.Function!(inputs);
        var gy = Torch.Randn(output.Shape);
        Npy.Save(gy, Dir.File($"{c.Name}.gy.npy"));
        output.Backward(gy);

        Npy.Save(output, Dir.File($"{c.Name}.cs.out.npy"));
        for (var i = 0; i < inputs.Length; i++)
            if (c.Inputs[i].Grad) Npy.Save(inputs[i].Grad!, Dir.File($"{c.Name}.cs.gin.{c.Inputs[i].Name}.npy"));
        if (module is not null)
        {
            foreach (var (key, p) in module.NamedParameters())
                Npy.Save(p.Grad ?? throw new InvalidOperationException($"{c.Name}: {key} got no gradient"), Dir.File($"{c.Name}.cs.gp.{key}.npy"));
            foreach (var (key, t) in module.StateDict()) Npy.Save(t, Dir.File($"{c.Name}.cs.sd.{key}.npy"));
        }
        return new
        {
            name = c.Name,
            kind = module is null ? "function" : "module",
            python = c.Python,
            inputs = c.Inputs.Select(i => new { name = i.Name, grad = i.Grad }),
            train = c.Train,
            seed = c.Seed,
            state,
        };
    }

    public void Dispose() => Dir.Dispose();
}

[Collection(SerialCollection.Name)]
public class NnLayerTests(NnLayerOracle oracle) : IClassFixture<NnLayerOracle>
{
    public static TheoryData<string> CaseNames()
    {
        var data = new TheoryData<string>();
        foreach (var c in NnLayerOracle.Cases) data.Add(c.Name);
        return data;
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void MatchesPyTorch(string name)
    {
        // The same set of answers on both sides: output, gradients of inputs and parameters, state after the pass.
        static string Part(string file, string side) => Path.GetFileName(file)[..^4].Split($".{side}.", 2)[1];
        var expected = Directory.GetFiles(oracle.Dir.Path, $"{name}.py.*.npy").Select(f => Part(f, "py")).Order().ToList();
        var actual = Directory.GetFiles(oracle.Dir.Path, $"{name}.cs.*.npy").Select(f => Part(f, "cs")).Order().ToList();
        Assert.Contains("out", expected);
        Assert.Equal(expected, actual);
        foreach (var part in expected)
            OracleCompare.CloseFiles(oracle.Dir.File($"{name}.py.{part}.npy"), oracle.Dir.File($"{name}.cs.{part}.npy"), $"{name} {part}");
    }
}
