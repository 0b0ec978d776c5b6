using Schane.Engine.Modules;

namespace Schane.Engine.Serialization;

/// <summary>Saving and loading a module's state dict in PyTorch's checkpoint format (see <see cref="TorchSerializer"/>).</summary>
public static class ModuleSerialization
{
    /// <summary>torch.save(module.state_dict(), path): Python's module.load_state_dict(torch.load(path)) reads it.</summary>
    public static void SaveStateDict(this Module module, string path)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = module.StateDict();
        try
        {
            TorchSerializer.Save(state, path);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }

    /// <summary>
    /// module.load_state_dict(torch.load(path)): copies a state dict saved by Python or by <see cref="SaveStateDict"/>
    /// into the module's parameters and buffers, which keep their device. With <paramref name="strict"/>, missing or
    /// unexpected names are an error.
    /// </summary>
    public static void LoadStateDict(this Module module, string path, bool strict = true)
    {
        ArgumentNullException.ThrowIfNull(module);
        var state = TorchSerializer.LoadStateDict(path);
        try
        {
            module.LoadStateDict(state, strict);
        }
        finally
        {
            foreach (var tensor in state.Values) tensor.Dispose();
        }
    }
}
