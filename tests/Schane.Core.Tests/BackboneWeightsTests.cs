using Schane.Core.IO;
using Schane.Core.Models;
using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>
/// Schane.Core.Models.BackboneWeights: a fine-tuning start read from a PyTorch state_dict written by torch.save
/// (tests/reference/torch_checkpoints.py, the PyTorch twin of our model) or from our own checkpoint, loaded into the
/// backbone of a new model while its heads stay as they were.
/// </summary>
public sealed class BackboneWeightsTests
{
    private static readonly ModelSpec Spec = new() { Width = 4, Depth = 1, Classes = 5, ProjectionDimension = 16 };

    private static void AssertBackboneIsTwins(ContrastiveModel model, TempDir dir)
    {
        foreach (var (name, tensor) in model.Backbone.state_dict())
            Assert.True(tensor.Equals(Npy.Load(dir.File($"twin.backbone.{name}.npy"))), $"backbone.{name}: not PyTorch's value");
    }

    private static Dictionary<string, Tensor> Heads(ContrastiveModel model) =>
        model.state_dict().Where(kv => !kv.Key.StartsWith("backbone.", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value.clone());

    [Theory]
    [InlineData("twin.pt", "PyTorch state_dict (backbone.*)")]
    [InlineData("twin_backbone.pt", "PyTorch state_dict (backbone alone)")]
    public void APyTorchStateDictGivesTheBackboneAndLeavesTheHeads(string file, string layout)
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        Python.Run("torch_checkpoints.py", "twin", dir.Path, "3", $"{Spec.Width}", $"{Spec.Depth}", $"{Spec.Classes}", $"{Spec.ProjectionDimension}");
        using var model = Spec.Build();
        var heads = Heads(model);
        using var weights = BackboneWeights.Read(dir.File(file));
        Assert.Equal(layout, weights.Layout);
        Assert.Null(weights.Origin);
        weights.LoadInto(model);
        AssertBackboneIsTwins(model, dir);
        foreach (var (name, before) in heads)
            Assert.True(model.state_dict()[name].Equals(before), $"{name}: a head changed; only the backbone should");
    }

    [Fact]
    public void OurCheckpointGivesItsBackboneAndSaysWhatTrainedIt()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        using var trained = Spec.Build();
        var metadata = new CheckpointMetadata(CheckpointMetadata.CurrentFormat, Spec, new TrainingOptions(), "ntxent(τ=0.5)", ["a", "b", "c", "d", "e"], 12, 6, 60);
        Checkpoint.Save(dir.File("run.pt"), metadata, trained, optimizer: null);
        using var fresh = Spec.Build();
        using var weights = BackboneWeights.Read(dir.File("run.pt"));
        Assert.Equal("schane checkpoint", weights.Layout);
        Assert.Equal("ntxent(τ=0.5), 12 steps", weights.Origin);
        Assert.Contains("run.pt (schane checkpoint: ntxent(τ=0.5), 12 steps)", weights.Description);
        weights.LoadInto(fresh);
        foreach (var (name, tensor) in trained.Backbone.state_dict())
            Assert.True(fresh.Backbone.state_dict()[name].Equals(tensor), $"backbone.{name} differs from the checkpoint's");
    }

    [Fact]
    public void WeightsOfAnotherWidthNameTheFileTheKeyAndBothShapes()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        Python.Run("torch_checkpoints.py", "twin", dir.Path, "3", "4", "1", "5", "16");
        using var wider = (Spec with { Width = 8 }).Build();
        using var weights = BackboneWeights.Read(dir.File("twin.pt"));
        var error = Assert.Throws<InvalidDataException>(() => weights.LoadInto(wider));
        Assert.Contains(dir.File("twin.pt"), error.Message);
        Assert.Contains("conv1.weight", error.Message);
        Assert.Contains("[4, 1, 3, 3]", error.Message);
        Assert.Contains("[8, 1, 3, 3]", error.Message);
    }

    [Fact]
    public void AFileWithoutBackboneWeightsOrNoFileAtAllIsAClearError()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        TorchSaveFile.Write(new Dictionary<string, Tensor> { ["model.classifier.weight"] = zeros(5, 16) }, dir.File("heads.pt"));
        var error = Assert.Throws<InvalidDataException>(() => BackboneWeights.Read(dir.File("heads.pt")));
        Assert.Contains("no backbone weights", error.Message);
        var missing = Assert.Throws<FileNotFoundException>(() => BackboneWeights.Read(dir.File("nowhere.pt")));
        Assert.Contains(dir.File("nowhere.pt"), missing.Message);
    }
}
