using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using AdamW = TorchSharp.Modules.AdamW;

namespace Schane.Core.Training;

/// <summary>
/// An AdamW optimizer's state as PyTorch's <c>optimizer.state_dict()</c> names it, flattened: scalar "lr", and for each
/// parameter i that has been updated, tensors "state.{i}.exp_avg", "state.{i}.exp_avg_sq" (and "state.{i}.max_exp_avg_sq"
/// with AMSGrad) and the scalar "state.{i}.step". <see cref="Of"/> and <see cref="LoadInto"/> copy it out of and into a
/// TorchSharp AdamW exactly, so a run resumed from a checkpoint continues bit for bit. (TorchSharp's own optimizer
/// state files are not PyTorch's format, and a checkpoint keeps the optimizer in the same file as the model.)
/// It owns its tensors: dispose it.
/// </summary>
public sealed class AdamWState : IDisposable
{
    private static readonly string[] TensorNames = ["exp_avg", "exp_avg_sq", "max_exp_avg_sq"];

    /// <summary>Per-parameter state tensors by key, e.g. "state.0.exp_avg".</summary>
    public Dictionary<string, Tensor> Tensors { get; } = new();

    /// <summary>The learning rate ("lr") and per-parameter step counts (e.g. "state.0.step") by key.</summary>
    public Dictionary<string, double> Scalars { get; } = new();

    /// <summary>
    /// A copy of <paramref name="optimizer"/>'s state (a parameter that was never updated has none, as in PyTorch). The
    /// tensors are independent copies, on the parameters' device; later steps do not change them.
    /// </summary>
    public static AdamWState Of(AdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var result = new AdamWState();
        result.Scalars["lr"] = optimizer.ParamGroups.First().LearningRate;
        using var noGrad = no_grad();
        var states = States(optimizer);
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            if (state.step == 0) continue; // PyTorch creates a parameter's state on its first update
            result.Scalars[Key(i, "step")] = state.step;
            foreach (var (name, tensor) in Named(state))
                if (tensor is not null) result.Tensors[Key(i, name)] = tensor.detach().clone().DetachFromDisposeScope();
        }
        return result;
    }

    /// <summary>
    /// Replaces <paramref name="optimizer"/>'s state and learning rate by a copy of this one (optimizer.load_state_dict).
    /// Every key must belong to the optimizer, tensors must have their parameter's shape, and a parameter with state
    /// must have all of it; nothing changes when the check fails (<see cref="ArgumentException"/>).
    /// </summary>
    public void LoadInto(AdamW optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var states = States(optimizer);
        var parameters = optimizer.parameters().ToArray();
        var amsgrad = states.Count > 0 && states[0].max_exp_avg_sq is not null;
        if (!Scalars.TryGetValue("lr", out var lr)) throw new ArgumentException("optimizer state dict: missing key 'lr'");
        if (!(lr >= 0) || double.IsInfinity(lr)) throw new ArgumentException($"optimizer state dict: invalid 'lr' {lr}");
        var withState = new bool[states.Count];
        foreach (var key in Tensors.Keys.Concat(Scalars.Keys))
        {
            if (key == "lr") continue;
            var isTensor = Tensors.ContainsKey(key);
            if (!TryParseKey(key, states.Count, out var i, out var name)
                || !(isTensor ? name is "exp_avg" or "exp_avg_sq" || (amsgrad && name == "max_exp_avg_sq") : name == "step"))
                throw new ArgumentException($"optimizer state dict: unexpected key '{key}' for AdamW with {states.Count} parameters");
            withState[i] = true;
        }
        for (var i = 0; i < states.Count; i++)
        {
            if (!withState[i]) continue;
            var shape = parameters[i].shape;
            foreach (var name in TensorNames.Take(amsgrad ? 3 : 2))
            {
                if (!Tensors.TryGetValue(Key(i, name), out var t))
                    throw new ArgumentException($"optimizer state dict: missing key '{Key(i, name)}'");
                if (!t.shape.SequenceEqual(shape))
                    throw new ArgumentException($"optimizer state dict: '{Key(i, name)}' has shape [{string.Join(", ", t.shape)}], " +
                        $"its parameter [{string.Join(", ", shape)}]");
            }
            if (!Scalars.TryGetValue(Key(i, "step"), out var count))
                throw new ArgumentException($"optimizer state dict: missing key '{Key(i, "step")}'");
            if (count < 0 || count != Math.Floor(count) || count > long.MaxValue)
                throw new ArgumentException($"optimizer state dict: '{Key(i, "step")}' = {count} is not a count");
        }

        using var noGrad = no_grad();
        foreach (var group in optimizer.ParamGroups) group.LearningRate = lr;
        for (var i = 0; i < states.Count; i++)
        {
            var state = states[i];
            state.step = withState[i] ? (long)Scalars[Key(i, "step")] : 0;
            // The state keeps its tensors (the parameter's dtype and device, as in PyTorch) and takes the values.
            foreach (var (name, tensor) in Named(state))
            {
                if (tensor is null) continue;
                if (withState[i]) tensor.copy_(Tensors[Key(i, name)]);
                else tensor.zero_();
            }
        }
    }

    private static List<AdamW.State> States(AdamW optimizer) =>
        optimizer.state_dict().State.Select(s => s as AdamW.State ?? throw new InvalidOperationException("not an AdamW state")).ToList();

    private static IEnumerable<(string Name, Tensor? Tensor)> Named(AdamW.State state) =>
        [("exp_avg", state.exp_avg), ("exp_avg_sq", state.exp_avg_sq), ("max_exp_avg_sq", state.max_exp_avg_sq)];

    private static string Key(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"state.{index}.{name}");

    private static bool TryParseKey(string key, int count, out int index, out string name)
    {
        index = -1;
        name = "";
        var parts = key.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "state" || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index)
            || index >= count)
            return false;
        name = parts[2];
        return true;
    }

    /// <summary>Disposes the tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
        Tensors.Clear();
    }
}
