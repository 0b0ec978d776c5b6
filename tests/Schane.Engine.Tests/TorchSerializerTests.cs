using System.Text.Json;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

public class TorchSerializerTests
{
    private static readonly DType[] DTypes = [DType.Float32, DType.Float64, DType.Int64, DType.UInt8, DType.Bool];

    private static string Short(DType dtype) => dtype.ToTorchName()["torch.".Length..];

    private static Tensor Sample(DType dtype, long[] shape) =>
        dtype == DType.Bool ? Torch.Randn(shape).Gt(0) : (Torch.Randn(shape) * 50).To(dtype);

    [Fact]
    public void PythonReadsWhatDotNetWrites()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var tensors = new Dictionary<string, string>();
        foreach (var dtype in DTypes)
        {
            var t = Sample(dtype, [3, 4, 5]);
            TorchSerializer.Save(t, dir.File($"n_{Short(dtype)}.pt"));
            Npy.Save(t, dir.File($"n_{Short(dtype)}.npy"));
            tensors[$"n_{Short(dtype)}.pt"] = $"n_{Short(dtype)}.npy";
        }
        // A strided view (offset 1, strides [6, 2]) and a tensor that requires grad, which is saved detached.
        var slice = Torch.Arange(0, 24, 1, DType.Float32).Reshape(4, 6).Slice(1, 1, 5, 2);
        TorchSerializer.Save(slice, dir.File("n_slice.pt"));
        Npy.Save(slice, dir.File("n_slice.npy"));
        var leaf = Torch.Randn([5], requiresGrad: true);
        TorchSerializer.Save(leaf, dir.File("n_grad.pt"));
        Npy.Save(leaf, dir.File("n_grad.npy"));
        tensors["n_slice.pt"] = "n_slice.npy";
        tensors["n_grad.pt"] = "n_grad.npy";

        // The state dict of Sequential(Linear(3, 4), BatchNorm1d(4)), with a transposed (non-contiguous) weight.
        var state = new Dictionary<string, Tensor>
        {
            ["0.weight"] = Torch.Randn([3, 4]).T,
            ["0.bias"] = Torch.Randn([4]),
            ["1.weight"] = Torch.Rand([4]),
            ["1.bias"] = Torch.Randn([4]),
            ["1.running_mean"] = Torch.Randn([4]),
            ["1.running_var"] = Torch.Rand([4]) + 0.5,
            ["1.num_batches_tracked"] = Torch.Full([], 7L),
        };
        TorchSerializer.Save(state, dir.File("n_state.pt"));
        var entries = new Dictionary<string, string>();
        foreach (var (name, tensor) in state)
        {
            Npy.Save(tensor, dir.File($"n_state_{name}.npy"));
            entries[name] = $"n_state_{name}.npy";
        }
        File.WriteAllText(dir.File("manifest.json"), JsonSerializer.Serialize(new
        {
            tensors,
            dicts = new Dictionary<string, Dictionary<string, string>> { ["n_state.pt"] = entries },
            module_state = "n_state.pt",
        }));

        using var result = JsonDocument.Parse(Python.Run("torch_checkpoints.py", "check", dir.Path));
        var root = result.RootElement;
        foreach (var dtype in DTypes)
        {
            var t = root.GetProperty($"n_{Short(dtype)}.pt");
            Assert.Equal("Tensor", t.GetProperty("type").GetString());
            Assert.Equal(dtype.ToTorchName(), t.GetProperty("dtype").GetString());
            Assert.Equal(new long[] { 3, 4, 5 }, t.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()));
            Assert.True(t.GetProperty("equal").GetBoolean(), $"{dtype}: values differ");
        }
        var s = root.GetProperty("n_slice.pt");
        Assert.True(s.GetProperty("equal").GetBoolean());
        Assert.Equal(slice.Strides, s.GetProperty("stride").EnumerateArray().Select(e => e.GetInt64()));
        Assert.Equal(1, s.GetProperty("offset").GetInt64());
        var g = root.GetProperty("n_grad.pt");
        Assert.True(g.GetProperty("equal").GetBoolean());
        Assert.False(g.GetProperty("requires_grad").GetBoolean());

        var d = root.GetProperty("n_state.pt");
        Assert.Equal("dict", d.GetProperty("type").GetString());
        Assert.Equal(state.Keys, d.GetProperty("keys").EnumerateArray().Select(e => e.GetString()));
        foreach (var name in state.Keys)
            Assert.True(d.GetProperty("entries").GetProperty(name).GetProperty("equal").GetBoolean(), $"{name}: values differ");
        Assert.Equal(new long[] { 1, 4 }, d.GetProperty("entries").GetProperty("0.weight").GetProperty("stride").EnumerateArray().Select(e => e.GetInt64()));
        Assert.True(root.GetProperty("module_state_loaded").GetBoolean());
    }

    [Fact]
    public void DotNetReadsWhatPythonWrites()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        Python.Run("torch_checkpoints.py", "write", dir.Path);
        using var expected = JsonDocument.Parse(File.ReadAllText(dir.File("expected.json")));

        foreach (var dtype in DTypes)
        {
            var t = TorchSerializer.LoadTensor(dir.File($"t_{Short(dtype)}.pt"));
            Assert.Equal(dtype, t.DType);
            Assert.Equal(new long[] { 3, 4, 5 }, t.Shape);
            Assert.Equal(Device.CPU, t.Device);
            Assert.True(t.Equal(Npy.Load(dir.File($"t_{Short(dtype)}.npy"))), $"{dtype}: values differ");
        }

        // The view keeps PyTorch's layout over its storage.
        var slice = TorchSerializer.LoadTensor(dir.File("t_slice.pt"));
        Assert.Equal(new long[] { 4, 2 }, slice.Shape);
        Assert.Equal(expected.RootElement.GetProperty("slice_stride").EnumerateArray().Select(e => e.GetInt64()), slice.Strides);
        Assert.True(slice.Equal(Npy.Load(dir.File("t_slice.npy"))));

        // model.state_dict(): an OrderedDict, read in order, and the same with pickle protocol 4.
        var keys = expected.RootElement.GetProperty("state_dict_keys").EnumerateArray().Select(e => e.GetString()!).ToList();
        foreach (var file in new[] { "state_dict.pt", "proto4.pt" })
        {
            var state = TorchSerializer.LoadStateDict(dir.File(file));
            Assert.Equal(keys, state.Keys);
            foreach (var key in keys)
            {
                var npy = Npy.Load(dir.File($"sd_{key}.npy"));
                Assert.Equal(npy.DType, state[key].DType);
                Assert.True(state[key].Equal(npy), $"{file} {key}: values differ");
            }
            Assert.Equal(DType.Int64, state["1.num_batches_tracked"].DType);
            Assert.Empty(state["1.num_batches_tracked"].Shape);
        }

        // Views that share a storage, a one-entry dict, nn.Parameters (which come back requiring grad).
        var shared = TorchSerializer.LoadStateDict(dir.File("shared.pt"));
        Assert.True(shared["b"].Equal(shared["a"].Slice(0, 1, 4)));
        var single = TorchSerializer.LoadStateDict(dir.File("single.pt"));
        Assert.Equal(new[] { "only" }, single.Keys);
        Assert.Equal(new[] { 1.5f, -2.0f }, single["only"].ToArray<float>());
        var parameters = TorchSerializer.LoadStateDict(dir.File("params.pt"));
        Assert.Equal(keys.Where(k => k.EndsWith("weight") || k.EndsWith("bias")), parameters.Keys);
        Assert.All(parameters.Values, p => Assert.True(p.RequiresGrad));
        Assert.True(parameters["3.weight"].Equal(Npy.Load(dir.File("sd_3.weight.npy"))));

        // A checkpoint that nests the state dict is not itself a state dict; a file's kind must match the call.
        var nested = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadStateDict(dir.File("nested.pt")));
        Assert.Contains(dir.File("nested.pt"), nested.Message);
        Assert.Contains("entry 'model' is a dict, not a tensor", nested.Message);
        var notTensor = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadTensor(dir.File("state_dict.pt")));
        Assert.Contains("it holds a dict, not a tensor", notTensor.Message);
        var notDict = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadStateDict(dir.File("t_float32.pt")));
        Assert.Contains("it holds a tensor, not a dict of tensors", notDict.Message);

        var legacy = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadStateDict(dir.File("legacy.pt")));
        Assert.Contains(dir.File("legacy.pt"), legacy.Message);
        Assert.Contains("legacy torch.save format", legacy.Message);

        // An intact archive whose pickle is cut short.
        var corrupt = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadStateDict(dir.File("corrupt_pickle.pt")));
        Assert.Contains(dir.File("corrupt_pickle.pt"), corrupt.Message);
        Assert.Contains("data.pkl", corrupt.Message);
    }

    [Fact]
    public void RoundTripsInDotNetAndReplacesAtomically()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var path = dir.File("state.pt");
        var first = new Dictionary<string, Tensor> { ["w"] = Torch.Randn([2, 3]), ["steps"] = Torch.Full([], 3L) };
        TorchSerializer.Save(first, path);
        var second = new Dictionary<string, Tensor> { ["w"] = Torch.Randn([2, 3]) };
        TorchSerializer.Save(second, path);
        var loaded = TorchSerializer.LoadStateDict(path);
        Assert.Equal(new[] { "w" }, loaded.Keys);
        Assert.True(loaded["w"].Equal(second["w"]));
        Assert.Equal(new[] { "state.pt" }, Directory.GetFiles(dir.Path).Select(f => Path.GetFileName(f)));

        var scalar = Torch.Scalar(2.5);
        TorchSerializer.Save(scalar, dir.File("scalar.pt"));
        Assert.Equal(2.5f, TorchSerializer.LoadTensor(dir.File("scalar.pt")).Item<float>());
    }

    [Fact]
    public void TruncatedCheckpointNamesFileAndReason()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var path = dir.File("cut.pt");
        TorchSerializer.Save(new Dictionary<string, Tensor> { ["w"] = Torch.Randn([64, 64]) }, path);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length / 2)]);
        var e = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadStateDict(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("zip archive", e.Message); // libtorch's own reason: the zip's central directory is gone
    }

    [Fact]
    public void RandomBytesAreRejected()
    {
        using var dir = new TempDir();
        var path = dir.File("noise.pt");
        File.WriteAllBytes(path, Enumerable.Range(0, 4096).Select(i => (byte)(i * 7919 % 251)).ToArray());
        var e = Assert.Throws<InvalidDataException>(() => TorchSerializer.LoadTensor(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("PyTorch checkpoint", e.Message);
    }

    [Fact]
    public void MissingFileIsFileNotFound()
    {
        using var dir = new TempDir();
        var path = dir.File("absent.pt");
        Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => TorchSerializer.LoadTensor(path)).FileName);
        Assert.Equal(path, Assert.Throws<FileNotFoundException>(() => TorchSerializer.LoadStateDict(path)).FileName);
        using var t = Torch.Ones([2]);
        Assert.Throws<DirectoryNotFoundException>(() => TorchSerializer.Save(t, dir.File("no/such/folder.pt")));
    }
}
