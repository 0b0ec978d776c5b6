using Schane.Core.Data;
using Schane.Core.Losses;
using Schane.Core.Models;
using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>Tiny real runs: 5 Fashion-MNIST classes, a few images each, a narrow ResNet.</summary>
[Collection(nameof(LiveTensorCounting))] // trainers seed torch's global generator: no test may draw from it meanwhile
public sealed class TrainerTests : IDisposable
{
    private readonly ImageDataset data;
    private readonly TempDir dir = new();
    private static readonly ModelSpec Spec = new() { Width = 4, Classes = 5, ProjectionDimension = 16 };
    private static readonly TrainingOptions Options = new() { Epochs = 2, BatchSize = 16, LearningRate = 3e-3, Seed = 7 };

    public TrainerTests()
    {
        using var all = ImageDataset.FashionMnist("train");
        using var five = all.WhereClasses([0, 1, 2, 5, 8]);
        data = five.Subsample(10, seed: 1); // 50 images: 3 steps per epoch
    }

    public void Dispose()
    {
        data.Dispose();
        dir.Dispose();
    }

    private static void AssertSameWeights(Trainer expected, Trainer actual)
    {
        using var scope = NewDisposeScope();
        var a = expected.Model.state_dict();
        var b = actual.Model.state_dict();
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.True(a[key].Equals(b[key]), $"{key} differs");
    }

    [Fact]
    public void TwoEpochsEqualOneEpochResumeAndOneMore()
    {
        using var straight = new Trainer(Spec, data, Options);
        Assert.Equal(TrainingOutcome.Completed, straight.Run());
        Assert.Equal(6, straight.Step);

        var path = Path.Combine(dir.Path, "checkpoint.pt");
        using (var first = new Trainer(Spec, data, Options) { CheckpointPath = path })
            Assert.Equal(TrainingOutcome.Completed, first.Run(epochs: 1));
        using var resumed = Trainer.Resume(path, data);
        Assert.Equal(3, resumed.Step);
        Assert.Equal(TrainingOutcome.Completed, resumed.Run());
        AssertSameWeights(straight, resumed);
    }

    [Fact]
    public void CancelledMidEpochSavesAndResumesExactly()
    {
        var path = Path.Combine(dir.Path, "cancelled.pt");
        using var cancel = new CancellationTokenSource();
        var saved = new List<CheckpointReport>();
        using (var interrupted = new Trainer(Spec, data, Options) { CheckpointPath = path })
        {
            interrupted.StepCompleted += step => { if (step.Step == 4) cancel.Cancel(); };
            interrupted.CheckpointSaved += saved.Add;
            Assert.Equal(TrainingOutcome.Cancelled, interrupted.Run(cancel.Token));
            Assert.Equal(4, interrupted.Step);
        }
        Assert.Equal(["epoch", "cancelled"], saved.Select(s => s.Reason));
        Assert.Equal(4, saved[^1].Step);

        using var resumed = Trainer.Resume(path, data);
        resumed.Run();
        using var straight = new Trainer(Spec, data, Options);
        straight.Run();
        AssertSameWeights(straight, resumed);
    }

    [Fact]
    public void EventsReportEveryStepAndEpoch()
    {
        using var trainer = new Trainer(Spec, data, Options) { CheckpointPath = Path.Combine(dir.Path, "events.pt") };
        var steps = new List<StepReport>();
        var epochs = new List<EpochReport>();
        var checkpoints = new List<CheckpointReport>();
        trainer.StepCompleted += steps.Add;
        trainer.EpochCompleted += epochs.Add;
        trainer.CheckpointSaved += checkpoints.Add;
        trainer.Run();
        Assert.Equal(Enumerable.Range(1, 6), steps.Select(s => s.Step));
        Assert.All(steps, s => Assert.Equal(6, s.TotalSteps));
        Assert.Equal([0, 0, 0, 1, 1, 1], steps.Select(s => s.Epoch));
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.Loss > 0 && s.Accuracy is >= 0 and <= 1 && s.ImagesPerSecond > 0));
        // λ = 0.9: the total is the weighted sum of the terms.
        Assert.All(steps, s => Assert.Equal(0.9 * s.Contrastive + 0.1 * s.CrossEntropy, s.Loss, 1e-5));
        // Linear warmup over round(0.05 · 6) = 0 steps, then cosine: the first step runs at the peak rate.
        Assert.Equal(Options.LearningRate, steps[0].LearningRate, 12);
        Assert.True(steps[^1].LearningRate < steps[0].LearningRate);
        Assert.Equal([0, 1], epochs.Select(e => e.Epoch));
        Assert.Equal(steps.Take(3).Average(s => s.Loss), epochs[0].Loss, 9);
        Assert.Equal([3, 6], checkpoints.Select(c => c.Step));
    }

    [Fact]
    public void ObjectiveSwappedBetweenStepsTakesEffectAtTheNextStep()
    {
        using var trainer = new Trainer(Spec, data, Options);
        var steps = new List<StepReport>();
        trainer.StepCompleted += step =>
        {
            steps.Add(step);
            if (step.Step == 2) trainer.Objective = trainer.Objective with { Lambda = 0 };
        };
        trainer.Run();
        Assert.All(steps.Take(2), s => Assert.True(s.Contrastive > 0));
        Assert.All(steps.Skip(2), s => Assert.Equal(0, s.Contrastive));
        Assert.All(steps.Skip(2), s => Assert.Equal(s.CrossEntropy, s.Loss, 12));
    }

    [Fact]
    public void NonFiniteLossStopsNamingStepAndTermAndKeepsTheLastGoodCheckpoint()
    {
        var path = Path.Combine(dir.Path, "diverged.pt");
        using var trainer = new Trainer(Spec, data, Options) { CheckpointPath = path };
        // Poison the classifier once the first epoch's checkpoint is on disk: the next logits are NaN.
        trainer.CheckpointSaved += _ =>
        {
            using var noGrad = no_grad();
            trainer.Model.Classifier.weight!.fill_(double.NaN);
        };
        var error = Assert.Throws<TrainingDivergedException>(() => trainer.Run());
        Assert.Equal(4, error.Step);
        Assert.Equal("cross-entropy", error.Term);
        Assert.Contains("step 4", error.Message);
        Assert.Contains(path, error.Message);

        using var checkpoint = Checkpoint.Load(path);
        Assert.Equal(3, checkpoint.Metadata.Step);
        using var weight = checkpoint.ModelState["classifier.weight"].isfinite().all();
        Assert.True(weight.ToBoolean());
    }

    [Fact]
    public void ACheckpointRebuildsItsModelAndRefusesAnotherArchitecture()
    {
        var path = Path.Combine(dir.Path, "model.pt");
        using var trainer = new Trainer(Spec, data, Options with { Epochs = 1 }) { CheckpointPath = path };
        trainer.Run();
        using var checkpoint = Checkpoint.Load(path);
        Assert.Equal(Spec, checkpoint.Metadata.Model);
        Assert.Equal(data.ClassNames, checkpoint.Metadata.ClassNames);
        using (var scope = NewDisposeScope())
        using (var rebuilt = checkpoint.BuildModel())
            AssertSameWeightsAs(trainer.Model.state_dict(), rebuilt.state_dict());

        // Another architecture is refused with what does not fit: a shape, or names missing and left over.
        using var wider = (Spec with { Width = 8 }).Build();
        var error = Assert.Throws<InvalidDataException>(() => checkpoint.LoadInto(wider));
        Assert.Contains(path, error.Message);
        Assert.Contains("the state dict has shape [4, 1, 3, 3], the module [8, 1, 3, 3]", error.Message);
        using var deeper = (Spec with { Depth = 2 }).Build();
        var missing = Assert.Throws<InvalidDataException>(() => checkpoint.LoadInto(deeper)).Message;
        Assert.Matches(@"missing \[[^\]]*backbone\.layer1\.1\.conv1\.weight", missing);
        using var mlp = (Spec with { Backbone = BackboneKind.Mlp }).Build();
        Assert.Matches(@"unexpected \[[^\]]*backbone\.conv1\.weight", Assert.Throws<InvalidDataException>(() => checkpoint.LoadInto(mlp)).Message);

        using var fewer = data.Subsample(5, seed: 2);
        Assert.Contains("50 images", Assert.Throws<ArgumentException>(() => Trainer.Resume(path, fewer)).Message);
    }

    private static void AssertSameWeightsAs(Dictionary<string, Tensor> a, Dictionary<string, Tensor> b)
    {
        Assert.Equal(a.Keys, b.Keys);
        foreach (var key in a.Keys) Assert.True(a[key].Equals(b[key]), $"{key} differs");
    }

    [Fact]
    public void NotACheckpointIsRejectedByName()
    {
        var plain = Path.Combine(dir.Path, "plain.pt");
        using (var t = ones([2]))
            TorchSaveFile.Write(new Dictionary<string, Tensor> { ["x"] = t }, plain);
        Assert.Contains("not a schane checkpoint", Assert.Throws<InvalidDataException>(() => Checkpoint.Load(plain)).Message);
        var garbage = Path.Combine(dir.Path, "garbage.pt");
        File.WriteAllText(garbage, "not a zip");
        Assert.Contains(garbage, Assert.Throws<InvalidDataException>(() => Checkpoint.Load(garbage)).Message);
    }

    [Fact]
    public void ModelAndImagesMustAgree()
    {
        Assert.Contains("10 classes", Assert.Throws<ArgumentException>(() => new Trainer(Spec with { Classes = 10 }, data, Options)).Message);
        Assert.Contains("[1, 32, 32]", Assert.Throws<ArgumentException>(() => new Trainer(Spec with { Image = new(1, 32, 32) }, data, Options)).Message);
        Assert.Contains("BatchSize", Assert.Throws<ArgumentException>(() => new Trainer(Spec, data, Options with { BatchSize = 1 })).Message);
    }

    [Fact]
    public void ATrainingStepLeaksNoTensors()
    {
        using var trainer = new Trainer(Spec, data, Options with { Epochs = 3 });
        trainer.Run(epochs: 1); // optimizer state now exists
        var before = TestData.SettledLiveCount();
        trainer.Run(epochs: 1);
        Assert.Equal(before, Tensor.TotalCount);
    }
}

[Collection(nameof(LiveTensorCounting))]
public sealed class ObjectiveSwapTests : IDisposable
{
    private readonly ImageDataset data;
    private static readonly ModelSpec Spec = new() { Width = 4, Classes = 5, ProjectionDimension = 16 };
    private static readonly TrainingOptions Options = new() { Epochs = 2, BatchSize = 16, Seed = 5 };

    public ObjectiveSwapTests()
    {
        using var all = ImageDataset.FashionMnist("train");
        using var five = all.WhereClasses([0, 1, 2, 5, 8]);
        data = five.Subsample(10, seed: 1);
    }

    public void Dispose() => data.Dispose();

    [Fact]
    public void AWeightingThatFailsOnItsFirstStepIsRejectedAndThePreviousOneRunsTheStep()
    {
        var broken = NegativeWeighting.FromLogWeights(_ => throw new InvalidOperationException("typo in the script"), "broken");
        using var trainer = new Trainer(Spec, data, Options);
        var rejections = new List<ObjectiveRejection>();
        var changes = new List<ObjectiveChange>();
        var steps = new List<StepReport>();
        trainer.ObjectiveRejected += rejections.Add;
        trainer.ObjectiveChanged += changes.Add;
        trainer.StepCompleted += s =>
        {
            steps.Add(s);
            if (s.Step == 2) trainer.Objective = trainer.Objective.WithWeighting(broken);
            if (s.Step == 4) trainer.Weighting = NegativeWeighting.Uniform;  // the same swap, shorter
        };
        Assert.Equal(TrainingOutcome.Completed, trainer.Run());
        Assert.Equal(6, steps.Count);
        var rejected = Assert.Single(rejections);
        Assert.Equal(3, rejected.Step);
        Assert.Contains("typo in the script", rejected.Error.ToString());
        Assert.Contains("broken", rejected.Error.Message);
        var change = Assert.Single(changes);
        Assert.Equal(5, change.Step);
        Assert.Contains("uniform", change.Objective.Contrastive.Name);
        Assert.Equal(NegativeWeighting.Uniform, trainer.Weighting);

        // Until the uniform weighting took over, the run is the same as one without any swap.
        using var plain = new Trainer(Spec, data, Options);
        var plainSteps = new List<StepReport>();
        plain.StepCompleted += plainSteps.Add;
        plain.Run();
        Assert.Equal(plainSteps.Take(4).Select(s => s.Loss), steps.Take(4).Select(s => s.Loss));
        Assert.NotEqual(plainSteps[4].Contrastive, steps[4].Contrastive);
    }

    [Fact]
    public void LossesWithoutAWeightingSayso()
    {
        var objective = new Objective { Contrastive = new SupConLoss() };
        Assert.Contains("has no negative weighting", Assert.Throws<ArgumentException>(() => objective.WithWeighting(NegativeWeighting.Uniform)).Message);
        Assert.Equal(NegativeWeighting.Uniform, ((HCLLoss)new Objective { Contrastive = new HCLLoss() }.WithWeighting(NegativeWeighting.Uniform).Contrastive).Weighting);
    }
}
