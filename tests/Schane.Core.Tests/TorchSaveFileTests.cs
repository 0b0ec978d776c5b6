using System.Text.Json;

namespace Schane.Core.Tests;

/// <summary>
/// Schane.Core.IO.TorchSaveFile against PyTorch's own torch.save / torch.load (tests/reference/torch_checkpoints.py):
/// Python reads what .NET writes, and .NET reads what Python writes, including a real model's state dict.
/// </summary>
public class TorchSaveFileTests
{
    private static readonly ScalarType[] DTypes = [ScalarType.Float32, ScalarType.Float64, ScalarType.Int64, ScalarType.Byte, ScalarType.Bool];

    private static string Short(ScalarType dtype) => dtype.TorchName()["torch.".Length..];

    private static Tensor Sample(Random random, ScalarType dtype, long[] shape)
    {
        var normal = TestData.Normal(random, shape);
        return dtype == ScalarType.Bool ? normal.gt(0) : (normal * 50).to(dtype);
    }

    private static long[] Longs(JsonElement array) => array.EnumerateArray().Select(e => e.GetInt64()).ToArray();

    [Fact]
    public void PythonReadsWhatDotNetWrites()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var random = new Random(1);
        // One tensor of every dtype, a strided view, and a leaf that requires grad (saved detached).
        var all = new Dictionary<string, Tensor>();
        foreach (var dtype in DTypes) all[Short(dtype)] = Sample(random, dtype, [3, 4, 5]);
        all["slice"] = arange(0, 24, 1, ScalarType.Float32).reshape(4, 6).slice(1, 1, 5, 2);
        all["leaf"] = randn(5, requires_grad: true);
        TorchSaveFile.Write(all, dir.File("n_all.pt"));

        // The state dict of Sequential(Linear(3, 4), BatchNorm1d(4)), with a transposed (non-contiguous) weight.
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = randn(3, 4).T,
            ["0.bias"] = randn(4),
            ["1.weight"] = rand(4),
            ["1.bias"] = randn(4),
            ["1.running_mean"] = randn(4),
            ["1.running_var"] = rand(4) + 0.5,
            ["1.num_batches_tracked"] = tensor(7L),
        };
        TorchSaveFile.Write(state, dir.File("n_state.pt"));

        var dicts = new Dictionary<string, Dictionary<string, string>> { ["n_all.pt"] = NpyEach(dir, "n_all", all), ["n_state.pt"] = NpyEach(dir, "n_state", state) };
        File.WriteAllText(dir.File("manifest.json"), JsonSerializer.Serialize(new
        {
            tensors = new Dictionary<string, string>(),
            dicts,
            module_state = "n_state.pt",
        }));

        using var result = JsonDocument.Parse(Python.Run("torch_checkpoints.py", "check", dir.Path));
        var root = result.RootElement;
        var loaded = root.GetProperty("n_all.pt");
        Assert.Equal("dict", loaded.GetProperty("type").GetString());
        Assert.Equal(all.Keys, loaded.GetProperty("keys").EnumerateArray().Select(e => e.GetString()));
        var entries = loaded.GetProperty("entries");
        foreach (var dtype in DTypes)
        {
            var t = entries.GetProperty(Short(dtype));
            Assert.Equal(dtype.TorchName(), t.GetProperty("dtype").GetString());
            Assert.Equal([3L, 4, 5], Longs(t.GetProperty("shape")));
            Assert.Equal("cpu", t.GetProperty("device").GetString());
            Assert.True(t.GetProperty("equal").GetBoolean(), $"{dtype}: values differ");
        }
        // A view is written as its own compact storage (the pickler stores each tensor's bytes as one storage).
        var slice = entries.GetProperty("slice");
        Assert.True(slice.GetProperty("equal").GetBoolean());
        Assert.Equal([4L, 2], Longs(slice.GetProperty("shape")));
        Assert.Equal([2L, 1], Longs(slice.GetProperty("stride")));
        Assert.Equal(0, slice.GetProperty("offset").GetInt64());
        var leaf = entries.GetProperty("leaf");
        Assert.True(leaf.GetProperty("equal").GetBoolean());
        Assert.False(leaf.GetProperty("requires_grad").GetBoolean());

        var d = root.GetProperty("n_state.pt");
        Assert.Equal(state.Keys, d.GetProperty("keys").EnumerateArray().Select(e => e.GetString()));
        foreach (var name in state.Keys)
            Assert.True(d.GetProperty("entries").GetProperty(name).GetProperty("equal").GetBoolean(), $"{name}: values differ");
        Assert.True(root.GetProperty("module_state_loaded").GetBoolean());
    }

    private static Dictionary<string, string> NpyEach(TempDir dir, string prefix, IReadOnlyDictionary<string, Tensor> state)
    {
        var files = new Dictionary<string, string>();
        foreach (var (name, tensor) in state)
        {
            Npy.Save(tensor, dir.File($"{prefix}.{name}.npy"));
            files[name] = $"{prefix}.{name}.npy";
        }
        return files;
    }

    [Fact]
    public void DotNetReadsWhatPythonWrites()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        Python.Run("torch_checkpoints.py", "write", dir.Path);
        using var expected = JsonDocument.Parse(File.ReadAllText(dir.File("expected.json")));

        // model.state_dict(), an OrderedDict, and the same with pickle protocol 4. Its names, not their order: PyBridge
        // unpickles a dict into a Hashtable, and a state dict loads by name.
        var keys = expected.RootElement.GetProperty("state_dict_keys").EnumerateArray().Select(e => e.GetString()!).ToList();
        foreach (var file in new[] { "state_dict.pt", "proto4.pt" })
        {
            var state = TorchSaveFile.Read(dir.File(file));
            Assert.Equal(keys.Order(StringComparer.Ordinal), state.Keys.Order(StringComparer.Ordinal));
            foreach (var key in keys)
            {
                var npy = Npy.Load(dir.File($"sd_{key}.npy"));
                Assert.Equal(npy.dtype, state[key].dtype);
                Assert.Equal(DeviceType.CPU, state[key].device_type);
                Assert.True(state[key].Equals(npy), $"{file} {key}: values differ");
            }
            Assert.Equal(ScalarType.Int64, state["1.num_batches_tracked"].dtype);
            Assert.Empty(state["1.num_batches_tracked"].shape);
        }

        // A one-entry dict (pickled with SETITEM).
        var single = TorchSaveFile.Read(dir.File("single.pt"));
        Assert.Equal(["only"], single.Keys);
        Assert.Equal([1.5f, -2.0f], single["only"].Values<float>());

        // Files that are not a dict of named tensors, or not readable, say so and name themselves. Two of them are
        // torch.save output that TorchSharp.PyBridge 1.4.4 cannot read: views at an offset into a shared storage (it
        // allocates each tensor with its own size, then views it at the offset) and nn.Parameters (it takes them for a
        // whole pickled model); Python's state_dict() gives neither.
        foreach (var (file, reason) in new[]
                 {
                     ("nested.pt", "not a dict of named tensors"), ("t_float32.pt", "PyTorch checkpoint"),
                     ("legacy.pt", "PyTorch checkpoint"), ("corrupt_pickle.pt", "PyTorch checkpoint"),
                     ("shared.pt", "out of bounds for storage"), ("params.pt", "entire model"),
                 })
        {
            var error = Assert.Throws<InvalidDataException>(() => TorchSaveFile.Read(dir.File(file)));
            Assert.Contains(dir.File(file), error.Message);
            Assert.Contains(reason, error.Message);
        }
    }

    [Fact]
    public void APyTorchStateDictLoadsIntoOurModel()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var spec = new Models.ModelSpec { Width = 4, Depth = 2, Classes = 5, ProjectionDimension = 16 };
        Python.Run("torch_checkpoints.py", "twin", dir.Path, "3", $"{spec.Width}", $"{spec.Depth}", $"{spec.Classes}", $"{spec.ProjectionDimension}");
        var state = TorchSaveFile.Read(dir.File("twin.pt"));
        using var model = spec.Build();
        model.load_state_dict(state);
        foreach (var (name, tensor) in model.state_dict())
            Assert.True(tensor.Equals(Npy.Load(dir.File($"twin.{name}.npy"))), $"{name}: not PyTorch's value after load_state_dict");
        using var keys = JsonDocument.Parse(File.ReadAllText(dir.File("twin.json")));
        Assert.Equal(keys.RootElement.GetProperty("keys").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal),
            model.state_dict().Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RoundTripsInDotNetAndReplacesAtomically()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var path = dir.File("state.pt");
        TorchSaveFile.Write(new Dictionary<string, Tensor> { ["w"] = randn(2, 3), ["steps"] = tensor(3L) }, path);
        var second = new Dictionary<string, Tensor> { ["w"] = randn(2, 3), ["scalar"] = tensor(2.5) };
        TorchSaveFile.Write(second, path);
        var loaded = TorchSaveFile.Read(path);
        Assert.Equal(["scalar", "w"], loaded.Keys.Order(StringComparer.Ordinal));
        Assert.True(loaded["w"].Equals(second["w"]));
        Assert.Equal(2.5, loaded["scalar"].ToDouble());
        Assert.Empty(loaded["scalar"].shape);
        // No temporary file is left beside the result.
        Assert.Equal(["state.pt"], Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)));
    }

    [Fact]
    public void TruncatedCheckpointNamesFileAndReason()
    {
        using var dir = new TempDir();
        using var scope = NewDisposeScope();
        var path = dir.File("cut.pt");
        TorchSaveFile.Write(new Dictionary<string, Tensor> { ["w"] = randn(64, 64) }, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => TorchSaveFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("PyTorch checkpoint", e.Message);
    }

    [Fact]
    public void RandomBytesAreRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("noise.pt");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => TorchSaveFile.Read(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("PyTorch checkpoint", e.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFoundAndAMissingFolderIsNamed()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.pt");
        Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => TorchSaveFile.Read(path)).FileName);
        using var t = ones(2);
        var folder = Assert.Throws<DirectoryNotFoundException>(() => TorchSaveFile.Write([new("t", t)], dir.File("no/such/folder.pt")));
        Assert.Contains(dir.File("no/such"), folder.Message);
    }
}

[Collection(nameof(LiveTensorCounting))]
public class TorchSaveFileLeakTests
{
    [Fact]
    public void ReadingAndWritingLeaveNoTensors()
    {
        using var dir = new TempDir();
        using var w = randn(8, 8);
        using var b = randn(8);
        var before = TestData.SettledLiveCount();
        TorchSaveFile.Write(new Dictionary<string, Tensor> { ["w"] = w, ["b"] = b }, dir.File("s.pt"));
        var loaded = TorchSaveFile.Read(dir.File("s.pt"));
        Assert.Equal(before + 2, Tensor.TotalCount); // the caller owns what Read returns
        foreach (var tensor in loaded.Values) tensor.Dispose();
        File.WriteAllText(dir.File("bad.pt"), "not a zip");
        Assert.Throws<InvalidDataException>(() => TorchSaveFile.Read(dir.File("bad.pt")));
        Assert.Equal(before, Tensor.TotalCount);
    }
}
