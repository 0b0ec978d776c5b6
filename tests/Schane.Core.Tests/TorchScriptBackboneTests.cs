using System.Text.Json;
using Schane.Core.Models;

namespace Schane.Core.Tests;

/// <summary>
/// An encoder scripted in PyTorch (tests/reference/torchscript_backbones.py) as a backbone: it runs, trains and loads
/// PyTorch state dicts through TorchSharp's ScriptModule, with PyTorch's answers (from Engine.Tests' ScriptModuleTests).
/// </summary>
public sealed class TorchScriptBackboneTests(TorchScriptBackboneTests.Scripts scripts) : IClassFixture<TorchScriptBackboneTests.Scripts>
{
    /// <summary>The scripts and PyTorch's answers, written once for the class (the files are only read).</summary>
    public sealed class Scripts : IDisposable
    {
        public Scripts() => Python.Run("torchscript_backbones.py", Dir.Path);

        public TempDir Dir { get; } = new();

        public void Dispose() => Dir.Dispose();
    }

    private static readonly ImageShape Fashion = new(1, 28, 28);
    private readonly TempDir dir = scripts.Dir;

    private static void AssertClose(string expectedPath, Tensor actual, string what)
    {
        using var expected = Npy.Load(expectedPath);
        OracleCompare.Close(expected, actual, what, atol: 1e-6, rtol: 1e-5);
    }

    [Fact]
    public void DetectsItsFeatureWidthAndRejectsWhatItCannotUse()
    {
        using (var backbone = TorchScriptBackbone.Load(dir.File("conv.pt"), Fashion))
        {
            Assert.Equal(24, backbone.FeatureDimension);
            Assert.True(backbone.training);
            Assert.NotEmpty(backbone.parameters());
        }
        var spec = new ModelSpec { Backbone = BackboneKind.TorchScript, ScriptPath = dir.File("conv.pt"), Classes = 4 };
        using (var scope = NewDisposeScope())
        using (var model = spec.Build())
        using (var output = model.call(zeros(2, 1, 28, 28)))
            Assert.Equal([2L, 4], output.Logits.shape);

        var wrongSize = Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(dir.File("flat784.pt"), new ImageShape(1, 32, 32)));
        Assert.Contains("cannot take images [B, 1, 32, 32]", wrongSize.Message);
        var notFeatures = Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(dir.File("map.pt"), Fashion));
        Assert.Contains("must return features [B, d]", notFeatures.Message);
    }

    [Fact]
    public void RunsAndTrainsTheScriptedModulesOwnParameters()
    {
        using var scope = NewDisposeScope();
        using var backbone = TorchScriptBackbone.Load(dir.File("conv.pt"), Fashion);
        var names = JsonDocument.Parse(File.ReadAllText(dir.File("conv.json"))).RootElement.GetProperty("parameters")
            .EnumerateArray().Select(e => "module." + e.GetString()).ToArray();
        Assert.Equal(names, backbone.named_parameters().Select(p => p.name));

        var x = Npy.Load(dir.File("input.npy"));
        using (no_grad()) AssertClose(dir.File("features.npy"), backbone.call(x), "features");
        // The gradients in float64 (PyTorch's too): the backward reaches the scripted module's own parameters.
        backbone.to(ScalarType.Float64);
        x = x.to(ScalarType.Float64);
        var features = backbone.call(x);
        features.square().sum().backward();
        foreach (var (name, parameter) in backbone.named_parameters())
        {
            using var expected = Npy.Load(dir.File($"grad.{name["module.".Length..]}.npy"));
            OracleCompare.Close(expected, parameter.grad!, $"gradient of {name}", atol: 1e-12, rtol: 1e-10);
        }

        // A step of a TorchSharp optimizer moves the scripted module's weights, and its forward sees them.
        using var optimizer = optim.SGD(backbone.parameters(), 0.1);
        var before = backbone.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        optimizer.step();
        foreach (var (name, parameter) in backbone.named_parameters())
            Assert.False(parameter.Equals(before[name]), $"{name} did not move");
        using (no_grad())
            Assert.False(backbone.call(x).allclose(features, rtol: 1e-4, atol: 1e-5), "the forward does not use the trained weights");
    }

    [Fact]
    public void LoadsAPyTorchStateDict()
    {
        using var scope = NewDisposeScope();
        using var backbone = TorchScriptBackbone.Load(dir.File("conv.pt"), Fashion);
        // torch.save(conv.state_dict()) of another Conv: the backbone's state dict names it under "module.".
        var state = TorchSaveFile.Read(dir.File("alt_state.pt")).ToDictionary(e => "module." + e.Key, e => e.Value);
        backbone.load_state_dict(state);
        backbone.eval();
        using var noGrad = no_grad();
        AssertClose(dir.File("alt_features.npy"), backbone.call(Npy.Load(dir.File("input.npy"))), "features after load_state_dict");
    }

    [Fact]
    public void ToConvertsTheScriptedModulesOwnTensors()
    {
        using var scope = NewDisposeScope();
        using var backbone = TorchScriptBackbone.Load(dir.File("conv.pt"), Fashion);
        backbone.to(ScalarType.Float64).eval();
        Assert.All(backbone.parameters(), p => Assert.Equal(ScalarType.Float64, p.dtype));
        using var noGrad = no_grad();
        // The scripted code computes in float64 only if Module.to reached the TorchScript module's own parameters.
        var output = backbone.call(Npy.Load(dir.File("input.npy")).to(ScalarType.Float64));
        Assert.Equal(ScalarType.Float64, output.dtype);
        AssertClose(dir.File("features.npy"), output, "float64 features");
    }

    [Fact]
    public void FilesThatAreNotTorchScriptAreRejectedByName()
    {
        using var scope = NewDisposeScope();
        var checkpoint = dir.File("tensor.pt");
        TorchSaveFile.Write([new("x", ones(3))], checkpoint);
        var text = dir.File("notes.pt");
        File.WriteAllText(text, "this is not a TorchScript archive");
        foreach (var path in new[] { checkpoint, text })
        {
            var e = Assert.Throws<InvalidDataException>(() => TorchScriptBackbone.Load(path, Fashion));
            Assert.Contains(path, e.Message);
            Assert.Contains("TorchScript module", e.Message);
        }
        var missing = dir.File("absent.pt");
        Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => TorchScriptBackbone.Load(missing, Fashion)).FileName);
    }
}
