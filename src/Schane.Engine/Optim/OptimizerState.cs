using System.Text.Json;
using Schane.Engine.Serialization;

namespace Schane.Engine.Optim;

/// <summary>
/// An optimizer's exported state (the dictionary Optimizer.state_dict returns): named tensors such as
/// "state.0.exp_avg" and named scalars such as "lr" and "state.0.step". It owns its tensors: dispose it when done.
/// </summary>
public sealed class OptimizerState : IDisposable
{
    private const string IndexFile = "state.json";

    /// <summary>Per-parameter state tensors by key.</summary>
    public Dictionary<string, Tensor> Tensors { get; } = new();

    /// <summary>The learning rate ("lr") and per-parameter counters (e.g. "state.0.step") by key.</summary>
    public Dictionary<string, double> Scalars { get; } = new();

    /// <summary>
    /// Writes the state into <paramref name="directory"/> (created if needed): one NumPy file per tensor, named
    /// "&lt;key&gt;.npy", and "state.json" with the scalars and the list of tensor keys. The values round-trip exactly.
    /// </summary>
    public void Save(string directory)
    {
        Directory.CreateDirectory(directory);
        foreach (var (key, tensor) in Tensors) Npy.Save(tensor, Path.Combine(directory, key + ".npy"));
        var index = new SavedIndex(Scalars, Tensors.Keys.ToArray());
        File.WriteAllText(Path.Combine(directory, IndexFile), JsonSerializer.Serialize(index));
    }

    /// <summary>Reads a state written by <see cref="Save"/> (only the tensors its index lists).</summary>
    public static OptimizerState Load(string directory)
    {
        var indexPath = Path.Combine(directory, IndexFile);
        if (!File.Exists(indexPath)) throw new FileNotFoundException($"{directory}: no {IndexFile}: not a saved optimizer state", indexPath);
        var state = new OptimizerState();
        try
        {
            var index = JsonSerializer.Deserialize<SavedIndex>(File.ReadAllText(indexPath))
                ?? throw new InvalidDataException($"{indexPath}: empty");
            foreach (var (key, value) in index.Scalars) state.Scalars[key] = value;
            foreach (var key in index.Tensors)
                state.Tensors[key] = Npy.Load(Path.Combine(directory, key + ".npy")).DetachFromDisposeScope();
        }
        catch
        {
            state.Dispose();
            throw;
        }
        return state;
    }

    private sealed record SavedIndex(Dictionary<string, double> Scalars, string[] Tensors);

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
        Tensors.Clear();
    }
}
