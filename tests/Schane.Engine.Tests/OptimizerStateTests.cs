using Schane.Engine.Modules;
using Schane.Engine.Optim;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;
using F = Schane.Engine.Functional;

namespace Schane.Engine.Tests;

/// <summary>Optimizer state export and restore: keys, independence of the copy, validation, and bit-identical resumption.</summary>
public class OptimizerStateTests
{
    private const int TotalSteps = 10;
    private const int ResumeAt = 4;

    private static Sequential Mlp() => new(new Linear(8, 16), new ReLU(), new Linear(16, 3));

    private static Optimizer Create(string kind, Module model) => kind switch
    {
        "adamw" => new AdamW(model.Parameters(), 0.01, weightDecay: 0.05),
        "adamw_amsgrad" => new AdamW(model.Parameters(), 0.01, amsgrad: true),
        "sgd_nesterov" => new SGD(model.Parameters(), 0.1, momentum: 0.9, nesterov: true, weightDecay: 1e-3),
        _ => throw new ArgumentException(kind),
    };

    private static void TrainStep(Sequential model, Optimizer optimizer, WarmupCosineSchedule schedule, int step, (Tensor X, Tensor Y) batch)
    {
        using var scope = Torch.NewDisposeScope();
        schedule.Apply(optimizer, step);
        optimizer.ZeroGrad();
        F.CrossEntropy(model.Forward(batch.X), batch.Y).Backward();
        GradientClipping.ClipGradNorm(model.Parameters(), 1.0);
        optimizer.Step();
    }

    [Theory]
    [InlineData("adamw")]
    [InlineData("adamw_amsgrad")]
    [InlineData("sgd_nesterov")]
    public void ResumingFromSavedStateIsBitIdentical(string kind)
    {
        var schedule = new WarmupCosineSchedule(0.01, warmupSteps: 3, totalSteps: TotalSteps, minLearningRate: 1e-4);
        using var dir = new TempDir();
        using var data = Torch.NewDisposeScope();
        // Batches drawn once, so that no other test's use of the global generator can change them between runs.
        var batches = Enumerable.Range(0, TotalSteps).Select(_ => (Torch.Randn([32, 8]), Torch.Randint(0, 3, [32]))).ToArray();

        // The uninterrupted run.
        using var straight = Mlp();
        using var initial = Torch.NewDisposeScope();
        var start = straight.StateDict().ToDictionary(e => e.Key, e => e.Value.Clone());
        using (var optimizer = Create(kind, straight))
            for (var s = 0; s < TotalSteps; s++) TrainStep(straight, optimizer, schedule, s, batches[s]);

        // The interrupted run from the same start: stop, write model and optimizer state to disk, forget everything.
        using (var first = Mlp())
        using (var optimizer = Create(kind, first))
        {
            first.LoadStateDict(start);
            for (var s = 0; s < ResumeAt; s++) TrainStep(first, optimizer, schedule, s, batches[s]);
            using var scope = Torch.NewDisposeScope();
            foreach (var (key, t) in first.StateDict()) Npy.Save(t, dir.File($"model.{key}.npy"));
            using var state = optimizer.StateDict();
            state.Save(dir.File("optimizer"));
        }

        // A fresh model (other initial weights) and optimizer, restored from disk, finish the run.
        using var resumed = Mlp();
        using (var optimizer = Create(kind, resumed))
        {
            using (var scope = Torch.NewDisposeScope())
            {
                resumed.LoadStateDict(resumed.StateDict().Keys.ToDictionary(k => k, k => Npy.Load(dir.File($"model.{k}.npy"))));
                using var state = OptimizerState.Load(dir.File("optimizer"));
                optimizer.LoadStateDict(state);
            }
            for (var s = ResumeAt; s < TotalSteps; s++) TrainStep(resumed, optimizer, schedule, s, batches[s]);
        }

        foreach (var ((name, a), (_, b)) in straight.NamedParameters().Zip(resumed.NamedParameters()))
            Assert.True(a.Equal(b), $"{kind}: {name} differs after resuming");
        // And the run did move: resumption is not trivially equal to the start.
        Assert.False(straight.NamedParameters().First().Parameter.Equal(start["0.weight"]));
    }

    [Fact]
    public void AdamWStateDictHasPyTorchStateNamesForParametersThatHaveState()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.Randn([3, 2]).RequiresGrad_();
        var b = Torch.Randn([2]).RequiresGrad_();
        using var optimizer = new AdamW([a, b], 0.01, amsgrad: true);
        using (var empty = optimizer.StateDict())
        {
            Assert.Equal(["lr"], empty.Scalars.Keys);
            Assert.Empty(empty.Tensors);
        }
        a.Grad = a.OnesLike();  // b has no gradient: it gets no state, as in PyTorch.
        optimizer.Step();
        optimizer.Step();
        using var state = optimizer.StateDict();
        Assert.Equal(["lr", "state.0.step"], state.Scalars.Keys.Order());
        Assert.Equal(2, state.Scalars["state.0.step"]);
        Assert.Equal(["state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq"], state.Tensors.Keys.Order());

        // The export is a copy: further steps leave it alone.
        var saved = state.Tensors["state.0.exp_avg"].Clone();
        optimizer.Step();
        Assert.True(state.Tensors["state.0.exp_avg"].Equal(saved));
    }

    [Fact]
    public void SgdWithoutMomentumHasNoState()
    {
        using var scope = Torch.NewDisposeScope();
        var p = Torch.Randn([4]).RequiresGrad_();
        using var optimizer = new SGD([p], 0.1);
        p.Grad = p.OnesLike();
        optimizer.Step();
        using var state = optimizer.StateDict();
        Assert.Empty(state.Tensors);
        Assert.Equal(["lr"], state.Scalars.Keys);
    }

    [Fact]
    public void LoadStateDictRejectsWrongShapeMissingAndUnexpectedKeysAndChangesNothing()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.Randn([3, 2]).RequiresGrad_();
        var b = Torch.Randn([2]).RequiresGrad_();
        using var optimizer = new AdamW([a, b], 0.01);
        a.Grad = a.OnesLike();
        b.Grad = b.OnesLike();
        optimizer.Step();
        using var good = optimizer.StateDict();

        using var other = new AdamW([a, b], 0.5);
        void Rejects(Action<OptimizerState> spoil, string expected)
        {
            using var state = optimizer.StateDict();
            spoil(state);
            var e = Assert.Throws<ArgumentException>(() => other.LoadStateDict(state));
            Assert.Contains(expected, e.Message);
            Assert.Equal(0.5, other.LearningRate);
            using var unchanged = other.StateDict();
            Assert.Empty(unchanged.Tensors);
        }

        Rejects(s => s.Tensors["state.1.exp_avg"] = Torch.Zeros([3]), "'state.1.exp_avg' has shape [3], its parameter [2]");
        Rejects(s => s.Tensors.Remove("state.1.exp_avg_sq"), "missing key 'state.1.exp_avg_sq'");
        Rejects(s => s.Scalars.Remove("state.0.step"), "missing key 'state.0.step'");
        Rejects(s => s.Scalars.Remove("lr"), "missing key 'lr'");
        Rejects(s => s.Tensors["state.2.exp_avg"] = Torch.Zeros([2]), "unexpected key 'state.2.exp_avg'");
        Rejects(s => s.Tensors["state.0.momentum_buffer"] = Torch.Zeros([3, 2]), "unexpected key 'state.0.momentum_buffer'");

        other.LoadStateDict(good);
        Assert.Equal(0.01, other.LearningRate);
        using var loaded = other.StateDict();
        Assert.Equal(good.Tensors.Keys.Order(), loaded.Tensors.Keys.Order());
        foreach (var (key, t) in good.Tensors) Assert.True(t.Equal(loaded.Tensors[key]), key);
    }

    [Fact]
    public void ZeroGradDropsOrZeroesGradients()
    {
        using var scope = Torch.NewDisposeScope();
        var p = Torch.Randn([3]).RequiresGrad_();
        using var optimizer = new SGD([p], 0.1);
        p.Grad = p.OnesLike();
        optimizer.ZeroGrad(setToNone: false);
        Assert.True(p.Grad!.Equal(Torch.Zeros([3])));
        optimizer.ZeroGrad();
        Assert.Null(p.Grad);
    }
}
