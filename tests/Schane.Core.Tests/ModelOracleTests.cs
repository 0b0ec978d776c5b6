using System.Text.Json;
using Schane.Core.Models;
using Schane.Engine.Serialization;

namespace Schane.Core.Tests;

/// <summary>The models against their PyTorch twin (src/Schane.Cli/Bench/Peers/schane_model.py), run by tests/reference/models.py.</summary>
[Collection(nameof(LiveTensorCounting))] // seeds torch's global generator
public class ModelOracleTests
{
    [Theory]
    [InlineData(3, 4, 1, 5, 16)]
    [InlineData(11, 6, 2, 3, 8)]
    public void SmallResNetMatchesPyTorchInitialisationForwardAndGradient(int seed, int width, int blocks, int classes, int projection)
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var spec = new ModelSpec { Width = width, Depth = blocks, Classes = classes, ProjectionDimension = projection };
        Torch.ManualSeed((ulong)seed);
        using var model = spec.Build();
        model.To(dtype: DType.Float64);
        // Move the weights off their initial values (and the running statistics off 0/1) so that the forward check is not
        // satisfied by a symmetric start.
        var random = new Random(seed);
        using (Torch.NoGrad())
            foreach (var (name, tensor) in model.StateDict())
                if (tensor.DType == DType.Float64)
                {
                    using var noise = TestData.Normal(random, tensor.Shape.ToArray());
                    if (name.Contains("running_var")) tensor.Copy_(noise.Abs() + 0.5);
                    else tensor.Copy_(tensor + noise * 0.1);
                }
        var initial = new Dictionary<string, Tensor>();
        Torch.ManualSeed((ulong)seed);
        using (var fresh = spec.Build())
            foreach (var (name, tensor) in fresh.StateDict()) initial[name] = tensor.Clone();
        foreach (var (name, tensor) in model.StateDict()) Npy.Save(tensor, dir.File($"state.{name}.npy"));
        using var input = TestData.Normal(random, [6, 1, 28, 28]);
        Npy.Save(input, dir.File("input.npy"));

        Python.Run("models.py", dir.Path, $"{seed}", $"{width}", $"{blocks}", $"{classes}", $"{projection}");

        var keys = JsonSerializer.Deserialize<string[]>(File.ReadAllText(dir.File("keys.json")))!;
        Assert.Equal(keys, initial.Keys);
        foreach (var key in keys)
        {
            using var expected = Npy.Load(dir.File($"init.{key}.npy"));
            Assert.True(expected.Equal(initial[key]), $"initial {key} differs from PyTorch's after the same seed");
            initial[key].Dispose();
        }

        foreach (var mode in new[] { "eval", "train" })
        {
            model.Train(mode == "train");
            using var x = input.Detach().RequiresGrad_();
            using var output = model.Forward(x);
            AssertClose(dir.File($"{mode}.features.npy"), output.Features, mode);
            AssertClose(dir.File($"{mode}.projections.npy"), output.Projections, mode);
            AssertClose(dir.File($"{mode}.logits.npy"), output.Logits, mode);
            if (mode == "train")
            {
                using var loss = output.Logits.Square().Sum() + output.Projections.Square().Sum();
                loss.Backward();
                AssertClose(dir.File("train.input_grad.npy"), x.Grad!, "input gradient");
            }
        }
        foreach (var (name, buffer) in model.NamedBuffers().Where(b => b.Name.Contains("running")))
            AssertClose(dir.File($"after.{name}.npy"), buffer, "running statistics");
    }

    private static void AssertClose(string expectedPath, Tensor actual, string what)
    {
        using var expected = Npy.Load(expectedPath);
        Assert.Equal(expected.Shape.ToArray(), actual.Shape.ToArray());
        using var diff = (expected - actual).Abs().Max();
        using var scale = expected.Abs().Max();
        Assert.True(diff.Item<double>() <= 1e-9 * Math.Max(1, scale.Item<double>()),
            $"{Path.GetFileName(expectedPath)} ({what}): max |Δ| = {diff.Item<double>():G3}");
    }

    [Fact]
    public void MlpTakesOnlyItsImageSize()
    {
        using var mlp = new MlpBackbone(new ImageShape(1, 28, 28), hidden: 32, depth: 2);
        Assert.Equal(32, mlp.FeatureDimension);
        using var ok = mlp.Forward(Torch.Zeros([3, 1, 28, 28]));
        Assert.Equal([3L, 32], ok.Shape.ToArray());
        Assert.Contains("[B, 1, 28, 28]", Assert.Throws<ArgumentException>(() => mlp.Forward(Torch.Zeros([3, 1, 32, 32]))).Message);
    }

    [Fact]
    public void TorchScriptBackboneDetectsItsFeatureWidthAndRejectsWhatItCannotUse()
    {
        using var dir = new TempDir();
        Python.Run("torchscript_backbones.py", dir.Path);
        using (var backbone = TorchScriptBackbone.Load(dir.File("conv.pt"), new ImageShape(1, 28, 28)))
        {
            Assert.Equal(24, backbone.FeatureDimension);
            Assert.True(backbone.Training);
            Assert.NotEmpty(backbone.Parameters());
        }
        var spec = new ModelSpec { Backbone = BackboneKind.TorchScript, ScriptPath = dir.File("conv.pt"), Classes = 4 };
        using (var model = spec.Build())
        using (var output = model.Forward(Torch.Zeros([2, 1, 28, 28])))
            Assert.Equal([2L, 4], output.Logits.Shape.ToArray());

        var wrongSize = Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(dir.File("flat784.pt"), new ImageShape(1, 32, 32)));
        Assert.Contains("cannot take images [B, 1, 32, 32]", wrongSize.Message);
        var notFeatures = Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(dir.File("map.pt"), new ImageShape(1, 28, 28)));
        Assert.Contains("must return features [B, d]", notFeatures.Message);
        File.WriteAllText(dir.File("text.pt"), "hello");
        Assert.Contains("text.pt", Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(dir.File("text.pt"), new ImageShape(1, 28, 28))).Message);
    }
}
