using System.Text.Json;
using Schane.Core.Models;

namespace Schane.Core.Tests;

/// <summary>The models against their PyTorch twin (src/Schane.Cli/Bench/Peers/schane_model.py), run by tests/reference/models.py.</summary>
[Collection(nameof(LiveTensorCounting))] // seeds torch's global generator
public class ModelOracleTests
{
    // In float64 every value must agree to rounding; in float32 (oneDNN's kernels, what training runs) to float32's
    // precision — which, on a CPU whose oneDNN gets the input gradient of few-channel convolutions wrong, holds only
    // because Runtime.ConvolutionCheck turned oneDNN off.
    [Theory]
    [InlineData(3, 4, 1, 5, 16, "float64")]
    [InlineData(11, 6, 2, 3, 8, "float64")]
    [InlineData(3, 4, 1, 5, 16, "float32")]
    [InlineData(5, 2, 1, 4, 8, "float32")]
    public void SmallResNetMatchesPyTorchInitialisationForwardAndGradient(int seed, int width, int blocks, int classes, int projection, string dtype)
    {
        var single = dtype == "float32";
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var spec = new ModelSpec { Width = width, Depth = blocks, Classes = classes, ProjectionDimension = projection };
        manual_seed(seed);
        using var model = spec.Build();
        model.to(ScalarType.Float64);
        // Move the weights off their initial values (and the running statistics off 0/1) so that the forward check is not
        // satisfied by a symmetric start.
        var random = new Random(seed);
        using (no_grad())
            foreach (var (name, tensor) in model.state_dict())
                if (tensor.dtype == ScalarType.Float64)
                {
                    using var noise = TestData.Normal(random, tensor.shape);
                    if (name.Contains("running_var")) tensor.copy_(noise.abs() + 0.5);
                    else tensor.copy_(tensor + noise * 0.1);
                }
        var initial = new Dictionary<string, Tensor>();
        manual_seed(seed);
        using (var fresh = spec.Build())
            foreach (var (name, tensor) in fresh.state_dict()) initial[name] = tensor.clone();
        foreach (var (name, tensor) in model.state_dict()) Npy.Save(tensor, dir.File($"state.{name}.npy"));
        using var input = TestData.Normal(random, [6, 1, 28, 28]);
        Npy.Save(input, dir.File("input.npy"));
        if (single) model.to(ScalarType.Float32);
        var tolerance = single ? 1e-4 : 1e-9;

        Python.Run("models.py", dir.Path, $"{seed}", $"{width}", $"{blocks}", $"{classes}", $"{projection}");

        // The same names (PyTorch's order is module by module, TorchSharp's every parameter before every buffer; state
        // dicts load by name, so only the names and values must agree).
        var keys = JsonSerializer.Deserialize<string[]>(File.ReadAllText(dir.File("keys.json")))!;
        Assert.Equal(keys.Order(StringComparer.Ordinal), initial.Keys.Order(StringComparer.Ordinal));
        foreach (var key in keys)
        {
            using var expected = Npy.Load(dir.File($"init.{key}.npy"));
            Assert.True(expected.Equals(initial[key]), $"initial {key} differs from PyTorch's after the same seed");
            initial[key].Dispose();
        }

        foreach (var mode in new[] { "eval", "train" })
        {
            model.train(mode == "train");
            using var x = (single ? input.to(ScalarType.Float32) : input.detach()).requires_grad_();
            using var output = model.forward(x);
            AssertClose(dir.File($"{mode}.features.npy"), output.Features, mode, tolerance);
            AssertClose(dir.File($"{mode}.projections.npy"), output.Projections, mode, tolerance);
            AssertClose(dir.File($"{mode}.logits.npy"), output.Logits, mode, tolerance);
            if (mode == "train")
            {
                using var loss = output.Logits.square().sum() + output.Projections.square().sum();
                loss.backward();
                AssertClose(dir.File("train.input_grad.npy"), x.grad!, "input gradient", tolerance);
            }
        }
        foreach (var (name, buffer) in model.named_buffers().Where(b => b.name.Contains("running")))
            AssertClose(dir.File($"after.{name}.npy"), buffer, "running statistics", tolerance);
    }

    private static void AssertClose(string expectedPath, Tensor actual, string what, double tolerance)
    {
        using var expected = Npy.Load(expectedPath);
        Assert.Equal(expected.shape, actual.shape);
        using var diff = (expected - actual.to(ScalarType.Float64)).abs().max();
        using var scale = expected.abs().max();
        Assert.True(diff.ToDouble() <= tolerance * Math.Max(1, scale.ToDouble()),
            $"{Path.GetFileName(expectedPath)} ({what}): max |Δ| = {diff.ToDouble():G3}");
    }

    [Fact]
    public void MlpTakesOnlyItsImageSize()
    {
        using var mlp = new MlpBackbone(new ImageShape(1, 28, 28), hidden: 32, depth: 2);
        Assert.Equal(32, mlp.FeatureDimension);
        using var ok = mlp.forward(zeros([3, 1, 28, 28]));
        Assert.Equal([3L, 32], ok.shape);
        Assert.Contains("[B, 1, 28, 28]", Assert.Throws<ArgumentException>(() => mlp.forward(zeros([3, 1, 32, 32]))).Message);
    }
}
