using System.Text.Json;
using Schane.Engine.Modules;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

/// <summary>
/// A small CNN's state dict against PyTorch's (tests/reference/nn_cnn.py): the same keys in the same order, the same
/// shapes and dtypes, the same printout, and — built after the same seed — the same initial values, which checks
/// the default initialisation of Linear, Conv2d and BatchNorm2d.
/// </summary>
[Collection(SerialCollection.Name)]
public class NnStateDictTests
{
    private const ulong Seed = 12345;

    private static Sequential Cnn() => new(
        new Conv2d(1, 8, 3, padding: 1),
        new BatchNorm2d(8),
        new ReLU(),
        new MaxPool2d(2),
        new Conv2d(8, 16, 3, stride: 2, bias: false),
        new BatchNorm2d(16),
        new ReLU(),
        new AdaptiveAvgPool2d(1),
        new Flatten(),
        new Linear(16, 10));

    private sealed record CnnInfo(string[] keys, long[][] shapes, string[] dtypes, string repr);

    [Fact]
    public void CnnStateDictMatchesPyTorchKeysShapesAndInitialValues()
    {
        using var dir = new TempDir();
        Python.Run("nn_cnn.py", dir.Path, Seed.ToString());
        var info = JsonSerializer.Deserialize<CnnInfo>(File.ReadAllText(dir.File("cnn.json")))!;

        Torch.ManualSeed(Seed);
        using var model = Cnn();
        using var scope = Torch.NewDisposeScope();
        var state = model.StateDict().ToList();

        // The same entries; Module.StateDict lists all parameters before all buffers, PyTorch module by module.
        Assert.Equal(
            info.keys.Select((k, i) => $"{k} [{string.Join(", ", info.shapes[i])}] {info.dtypes[i]}").Order(StringComparer.Ordinal),
            state.Select(s => $"{s.Key} [{string.Join(", ", s.Value.Shape)}] {s.Value.DType.ToTorchName()}").Order(StringComparer.Ordinal));
        Assert.Equal(info.repr, model.ToString());
        foreach (var (key, value) in state)
        {
            var expected = Npy.Load(dir.File($"cnn.{key}.npy"));
            Assert.True(expected.Equal(value), $"{key}: the initial values differ from PyTorch's after the same seed");
        }
    }

    [Fact]
    public void LoadStateDictRejectsWrongShapeAndMissingKey()
    {
        using var model = Cnn();
        using var scope = Torch.NewDisposeScope();
        var state = model.StateDict();

        var wrongShape = new Dictionary<string, Tensor>(state) { ["9.weight"] = Torch.Zeros([10, 15]) };
        var e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(wrongShape));
        Assert.Contains("9.weight", e.Message);
        Assert.Contains("[10, 15]", e.Message);

        var missing = new Dictionary<string, Tensor>(state);
        missing.Remove("1.running_var");
        e = Assert.Throws<ArgumentException>(() => model.LoadStateDict(missing));
        Assert.Contains("missing [1.running_var]", e.Message);

        // Non-strict loading skips the missing key but still checks shapes.
        model.LoadStateDict(missing, strict: false);
        Assert.Throws<ArgumentException>(() => model.LoadStateDict(wrongShape, strict: false));
    }

    [Fact]
    public void SequentialNamesChildrenByPositionAndOmitsAbsentBias()
    {
        using var model = new Sequential(new Linear(3, 4, bias: false), new ReLU(), new Linear(4, 2));
        Assert.Equal(["0.weight", "2.weight", "2.bias"], model.NamedParameters().Select(p => p.Name).ToArray());
        Assert.Equal(3, model.Count);
        Assert.IsType<ReLU>(model[1]);
        model.Append(new GELU());
        Assert.Equal(["", "0", "1", "2", "3"], model.NamedModules().Select(m => m.Name).ToArray());

        using var named = new Sequential(("encoder", new Linear(2, 2)), ("act", new ReLU()));
        Assert.Equal(["encoder.weight", "encoder.bias"], named.NamedParameters().Select(p => p.Name).ToArray());
        using var empty = new Sequential();
        using var x = Torch.Ones([2]);
        Assert.Same(x, empty.Forward(x));
    }
}
