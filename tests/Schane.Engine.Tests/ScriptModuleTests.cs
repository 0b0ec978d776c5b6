using System.Text.Json;
using Schane.Engine.Jit;
using Schane.Engine.Serialization;
using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

public class ScriptModuleTests
{
    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToArray();

    [Fact]
    public void RunsTrainsAndSavesAModuleScriptedInPython()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        Python.Run("torchscript_modules.py", "make", dir.Path);
        using var names = JsonDocument.Parse(File.ReadAllText(dir.File("names.json")));
        var lr = names.RootElement.GetProperty("lr").GetDouble();
        var x = Npy.Load(dir.File("x.npy"));
        var target = Npy.Load(dir.File("target.npy"));

        using var model = ScriptModule.Load(dir.File("mlp.pt"));
        Assert.True(model.Training); // saved in training mode
        Assert.Equal(Strings(names.RootElement.GetProperty("parameters")), model.NamedParameters().Select(p => p.Name));
        Assert.Equal(Strings(names.RootElement.GetProperty("buffers")), model.NamedBuffers().Select(b => b.Name));
        Assert.Equal(Strings(names.RootElement.GetProperty("state_dict")).Order(), model.StateDict().Keys.Order());
        Assert.Equal(new[] { "body", "head" }, model.NamedChildren().Select(c => c.Name));

        // Eval and Train reach the scripted BatchNorm: running statistics, then batch statistics.
        model.Eval();
        Assert.All(model.NamedModules(), m => Assert.False(m.Module.Training));
        using (Torch.NoGrad())
            Assert.True(model.Forward(x).AllClose(Npy.Load(dir.File("out_eval.npy")), rtol: 1e-5, atol: 1e-6));
        model.Train();
        var output = model.Call(x);
        Assert.True(output.AllClose(Npy.Load(dir.File("out_train.npy")), rtol: 1e-5, atol: 1e-6));
        Assert.False(output.AllClose(Npy.Load(dir.File("out_eval.npy")), rtol: 1e-3, atol: 1e-3));

        // One step of plain SGD on the registered parameters, which are the scripted module's own tensors.
        var loss = (output - target).Square().Mean();
        loss.Backward();
        using (Torch.NoGrad())
        {
            foreach (var p in model.Parameters())
                p.Sub_(p.Grad!, lr);
        }
        model.Save(dir.File("trained.pt"));
        model.SaveStateDict(dir.File("dotnet_state.pt"));

        using var check = JsonDocument.Parse(Python.Run("torchscript_modules.py", "check", dir.Path));
        var root = check.RootElement;
        Assert.True(root.GetProperty("training").GetBoolean());
        Assert.Equal(Strings(names.RootElement.GetProperty("state_dict")), Strings(root.GetProperty("keys")));
        foreach (var section in new[] { "trained", "state_dict" })
        foreach (var entry in root.GetProperty(section).EnumerateObject())
            Assert.True(entry.Value.GetDouble() < 1e-5, $"{section} {entry.Name}: differs from Python's SGD step by {entry.Value.GetDouble()}");
        // The step moved every parameter, and the training forward every BatchNorm statistic, so the match means something.
        foreach (var entry in root.GetProperty("moved").EnumerateObject())
            Assert.True(entry.Value.GetDouble() > 1e-4, $"{entry.Name} did not change in Python's step");
    }

    [Fact]
    public void LoadsAPythonStateDictIntoTheScriptedModule()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        Python.Run("torchscript_modules.py", "make", dir.Path);
        var x = Npy.Load(dir.File("x.npy"));
        using var model = ScriptModule.Load(dir.File("mlp.pt"));
        model.LoadStateDict(dir.File("alt_state.pt"));
        model.Eval();
        using var noGrad = Torch.NoGrad();
        Assert.True(model.Forward(x).AllClose(Npy.Load(dir.File("out_alt.npy")), rtol: 1e-5, atol: 1e-6));
    }

    [Fact]
    public void ToConvertsTheScriptedModulesOwnTensors()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        Python.Run("torchscript_modules.py", "make", dir.Path);
        using var model = ScriptModule.Load(dir.File("mlp.pt"));
        model.To(dtype: DType.Float64).Eval();
        Assert.All(model.Parameters(), p => Assert.Equal(DType.Float64, p.DType));
        using var noGrad = Torch.NoGrad();
        // The scripted code computes in float64 only if Module.To reached the TorchScript module's own parameters.
        var output = model.Forward(Npy.Load(dir.File("x.npy")).To(DType.Float64));
        Assert.Equal(DType.Float64, output.DType);
        Assert.True(output.AllClose(Npy.Load(dir.File("out_eval.npy")).To(DType.Float64), rtol: 1e-4, atol: 1e-5));
    }

    [Fact]
    public void ReturnsTuplesAndListsAndTakesSeveralInputs()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        Python.Run("torchscript_modules.py", "make", dir.Path);
        var x = Npy.Load(dir.File("x.npy"));
        var y = Npy.Load(dir.File("y.npy"));
        using var noGrad = Torch.NoGrad();

        using var heads = ScriptModule.Load(dir.File("heads.pt"));
        Assert.False(heads.Training); // saved in eval mode
        var outputs = heads.ForwardMany(x);
        Assert.Equal(2, outputs.Length);
        Assert.True(outputs[0].AllClose(Npy.Load(dir.File("heads_0.npy")), rtol: 1e-5, atol: 1e-6));
        Assert.True(outputs[1].AllClose(Npy.Load(dir.File("heads_1.npy")), rtol: 1e-5, atol: 1e-6));
        Assert.Contains("ForwardMany", Assert.Throws<InvalidOperationException>(() => heads.Forward(x)).Message);

        using var pair = ScriptModule.Load(dir.File("pair.pt"));
        Assert.Empty(pair.Parameters());
        var sums = pair.ForwardMany(x, y);
        Assert.Equal(2, sums.Length);
        Assert.True(sums[0].Equal(x + y));
        Assert.True(sums[1].Equal(x * y));
        Assert.Throws<TorchException>(() => pair.Forward(x)); // forward needs two inputs
    }

    [Fact]
    public void NonTorchScriptFilesAreRejectedByName()
    {
        using var dir = new TempDir();
        using var scope = Torch.NewDisposeScope();
        var checkpoint = dir.File("tensor.pt");
        TorchSerializer.Save(Torch.Ones([3]), checkpoint);
        var text = dir.File("notes.pt");
        File.WriteAllText(text, "this is not a TorchScript archive");
        foreach (var path in new[] { checkpoint, text })
        {
            var e = Assert.Throws<InvalidDataException>(() => ScriptModule.Load(path));
            Assert.Contains(path, e.Message);
            Assert.Contains("TorchScript module", e.Message);
        }
        var missing = dir.File("absent.pt");
        Assert.Equal(missing, Assert.Throws<FileNotFoundException>(() => ScriptModule.Load(missing)).FileName);
    }
}
