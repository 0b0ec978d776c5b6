using Schane.Core.Models;
using Schane.Core.Training;
using TorchSharp.Modules;

namespace Schane.Core.Tests;

/// <summary>
/// Schane.Core.Training.AdamWState, a TorchSharp AdamW's state under PyTorch's names: keys, independence of the copy,
/// validation, and a run resumed from a checkpoint file that continues bit for bit (from Engine.Tests' OptimizerStateTests).
/// </summary>
public class AdamWStateTests
{
    private const int TotalSteps = 10;
    private const int ResumeAt = 4;

    private static Sequential Mlp() => nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 3));

    private static AdamW Create(bool amsgrad, nn.Module model) => optim.AdamW(model.parameters(), 0.01, weight_decay: 0.05, amsgrad: amsgrad);

    private static void TrainStep(Sequential model, AdamW optimizer, (Tensor X, Tensor Y) batch)
    {
        using var scope = NewDisposeScope();
        optimizer.zero_grad();
        nn.functional.cross_entropy(model.call(batch.X), batch.Y).backward();
        nn.utils.clip_grad_norm_(model.parameters(), 1.0);
        optimizer.step();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void ResumingFromACheckpointIsBitIdentical(bool amsgrad)
    {
        using var dir = new TempDir();
        using var data = NewDisposeScope();
        // Batches from the test's own generator, so that no other test's use of the global one can change them.
        var random = new Random(amsgrad ? 2 : 1);
        var batches = Enumerable.Range(0, TotalSteps)
            .Select(_ => (TestData.Normal(random, [32, 8], ScalarType.Float32), TestData.Labels(random, 32, 3))).ToArray();

        // The uninterrupted run.
        using var straight = Mlp();
        var start = straight.state_dict().ToDictionary(e => e.Key, e => e.Value.clone());
        using (var optimizer = Create(amsgrad, straight))
        {
            var schedule = WarmupCosine.Scheduler(optimizer, 3, TotalSteps, 1e-4);
            for (var s = 0; s < TotalSteps; s++)
            {
                TrainStep(straight, optimizer, batches[s]);
                schedule.step();
            }
        }

        // The interrupted run from the same start: stop, write a checkpoint, forget everything.
        var path = dir.File("checkpoint.pt");
        var metadata = new CheckpointMetadata(CheckpointMetadata.CurrentFormat, new ModelSpec(), new TrainingOptions(), "test", ["a", "b", "c"],
            ResumeAt, TotalSteps, 32);
        using (var first = Mlp())
        using (var optimizer = Create(amsgrad, first))
        {
            first.load_state_dict(start);
            var schedule = WarmupCosine.Scheduler(optimizer, 3, TotalSteps, 1e-4);
            for (var s = 0; s < ResumeAt; s++)
            {
                TrainStep(first, optimizer, batches[s]);
                schedule.step();
            }
            Checkpoint.Save(path, metadata, first, optimizer);
        }

        // A fresh model (other initial weights) and optimizer, restored from the file, finish the run.
        using var resumed = Mlp();
        using (var optimizer = Create(amsgrad, resumed))
        using (var checkpoint = Checkpoint.Load(path))
        {
            resumed.load_state_dict(checkpoint.ModelState.ToDictionary(e => e.Key, e => e.Value));
            checkpoint.OptimizerState.LoadInto(optimizer);
            var schedule = WarmupCosine.Scheduler(optimizer, 3, TotalSteps, 1e-4, step: ResumeAt);
            for (var s = ResumeAt; s < TotalSteps; s++)
            {
                TrainStep(resumed, optimizer, batches[s]);
                schedule.step();
            }
        }

        foreach (var ((name, a), (_, b)) in straight.named_parameters().Zip(resumed.named_parameters()))
            Assert.True(a.Equals(b), $"amsgrad={amsgrad}: {name} differs after resuming");
        // And the run did move: resumption is not trivially equal to the start.
        Assert.False(straight.named_parameters().First().parameter.Equals(start["0.weight"]));
    }

    [Fact]
    public void StateHasPyTorchsNamesForParametersThatHaveState()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(randn(3, 2));
        var b = new Parameter(randn(2));
        using var optimizer = optim.AdamW([a, b], 0.01, amsgrad: true);
        using (var empty = AdamWState.Of(optimizer))
        {
            Assert.Equal(["lr"], empty.Scalars.Keys);
            Assert.Empty(empty.Tensors);
        }
        a.grad = a.ones_like(); // b has no gradient: it gets no state, as in PyTorch.
        optimizer.step();
        optimizer.step();
        using var state = AdamWState.Of(optimizer);
        Assert.Equal(["lr", "state.0.step"], state.Scalars.Keys.Order());
        Assert.Equal(2, state.Scalars["state.0.step"]);
        Assert.Equal(0.01, state.Scalars["lr"]);
        Assert.Equal(["state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq"], state.Tensors.Keys.Order());
        Assert.All(state.Tensors.Values, t => Assert.Equal([3L, 2], t.shape));

        // The export is a copy: further steps leave it alone.
        var saved = state.Tensors["state.0.exp_avg"].clone();
        optimizer.step();
        Assert.True(state.Tensors["state.0.exp_avg"].Equals(saved));
    }

    [Fact]
    public void LoadIntoRejectsWrongShapeMissingAndUnexpectedKeysAndChangesNothing()
    {
        using var scope = NewDisposeScope();
        var a = new Parameter(randn(3, 2));
        var b = new Parameter(randn(2));
        using var optimizer = optim.AdamW([a, b], 0.01);
        a.grad = a.ones_like();
        b.grad = b.ones_like();
        optimizer.step();
        using var good = AdamWState.Of(optimizer);

        using var other = optim.AdamW([a, b], 0.5);
        void Rejects(Action<AdamWState> spoil, string expected)
        {
            using var state = AdamWState.Of(optimizer);
            spoil(state);
            var e = Assert.Throws<ArgumentException>(() => state.LoadInto(other));
            Assert.Contains(expected, e.Message);
            Assert.Equal(0.5, other.ParamGroups.First().LearningRate);
            using var unchanged = AdamWState.Of(other);
            Assert.Empty(unchanged.Tensors);
        }

        Rejects(s => s.Tensors["state.1.exp_avg"] = zeros(3), "'state.1.exp_avg' has shape [3], its parameter [2]");
        Rejects(s => s.Tensors.Remove("state.1.exp_avg_sq"), "missing key 'state.1.exp_avg_sq'");
        Rejects(s => s.Scalars.Remove("state.0.step"), "missing key 'state.0.step'");
        Rejects(s => s.Scalars.Remove("lr"), "missing key 'lr'");
        Rejects(s => s.Tensors["state.2.exp_avg"] = zeros(2), "unexpected key 'state.2.exp_avg'");
        Rejects(s => s.Tensors["state.0.momentum_buffer"] = zeros(3, 2), "unexpected key 'state.0.momentum_buffer'");
        Rejects(s => s.Scalars["state.0.step"] = 1.5, "is not a count");

        good.LoadInto(other);
        Assert.Equal(0.01, other.ParamGroups.First().LearningRate);
        using var loaded = AdamWState.Of(other);
        Assert.Equal(good.Tensors.Keys.Order(), loaded.Tensors.Keys.Order());
        Assert.Equal(good.Scalars, loaded.Scalars);
        foreach (var (key, t) in good.Tensors) Assert.True(t.Equals(loaded.Tensors[key]), key);
    }
}
