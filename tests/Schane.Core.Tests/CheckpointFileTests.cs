using System.Text.Json;
using Schane.Core.Models;
using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>
/// A training checkpoint is PyTorch's own file: torch.load reads the model's and the optimizer's tensors with their
/// names and values, and the model's entries load strictly into the PyTorch twin of the architecture.
/// </summary>
public class CheckpointFileTests
{
    [Fact]
    public void TorchLoadReadsTheModelAndOptimizerOfACheckpoint()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var spec = new ModelSpec { Width = 4, Depth = 1, Classes = 5, ProjectionDimension = 16 };
        using var model = spec.Build();
        using var optimizer = optim.AdamW(model.parameters(), lr: 1e-3, weight_decay: 0.05);
        // Two steps, so that the optimizer's state exists and has moved.
        var random = new Random(4);
        for (var step = 0; step < 2; step++)
        {
            using var inner = NewDisposeScope();
            optimizer.zero_grad();
            using var output = model.call(TestData.Normal(random, [6, 1, 28, 28], ScalarType.Float32));
            (output.Logits.square().sum() + output.Projections.square().sum()).backward();
            optimizer.step();
        }
        var metadata = new CheckpointMetadata(CheckpointMetadata.CurrentFormat, spec, new TrainingOptions(), "test", ["a", "b", "c", "d", "e"],
            Step: 2, StepsPerEpoch: 2, TrainingImages: 12);
        Checkpoint.Save(dir.File("ckpt.pt"), metadata, model, optimizer);

        using var optimizerState = AdamWState.Of(optimizer);
        var expected = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in model.state_dict()) expected["model." + name] = tensor;
        foreach (var (name, tensor) in optimizerState.Tensors) expected["optimizer." + name] = tensor;
        Assert.Contains("optimizer.state.0.exp_avg_sq", expected.Keys);
        var files = new Dictionary<string, string>();
        foreach (var (name, tensor) in expected)
        {
            Npy.Save(tensor, dir.File($"{name}.npy"));
            files[name] = $"{name}.npy";
        }
        File.WriteAllText(dir.File("manifest.json"), JsonSerializer.Serialize(new
        {
            tensors = new Dictionary<string, string>(),
            dicts = new Dictionary<string, Dictionary<string, string>> { ["ckpt.pt"] = files },
            twin = new { file = "ckpt.pt", prefix = "model.", width = spec.Width, blocks = spec.Depth, classes = spec.Classes, projection = spec.ProjectionDimension },
        }));

        using var result = JsonDocument.Parse(Python.Run("torch_checkpoints.py", "check", dir.Path));
        var root = result.RootElement;
        var loaded = root.GetProperty("ckpt.pt");
        Assert.Equal("dict", loaded.GetProperty("type").GetString());
        var keys = loaded.GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).ToList();
        Assert.Contains("meta.json", keys);
        Assert.Contains("optimizer_scalar.lr", keys);
        Assert.Contains("optimizer_scalar.state.0.step", keys);
        Assert.Equal(expected.Keys.Order(StringComparer.Ordinal), keys.Where(k => k.StartsWith("model.") || k.StartsWith("optimizer.")).Order(StringComparer.Ordinal));
        foreach (var name in expected.Keys)
        {
            var entry = loaded.GetProperty("entries").GetProperty(name);
            Assert.True(entry.GetProperty("equal").GetBoolean(), $"{name}: torch.load gives other values (or another dtype)");
            Assert.False(entry.GetProperty("requires_grad").GetBoolean(), $"{name}: saved requiring grad");
        }
        Assert.True(root.GetProperty("twin_loaded").GetBoolean());
        // The optimizer's "state.{i}" is the i-th parameter in PyTorch's order too: a run can resume in PyTorch.
        Assert.Equal(root.GetProperty("twin_parameters").EnumerateArray().Select(e => e.GetString()),
            model.named_parameters().Select(p => p.name));
    }
}
