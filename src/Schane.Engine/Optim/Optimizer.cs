using System.Globalization;
using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Optim;

/// <summary>
/// Updates a fixed list of parameters from their gradients (torch.optim.Optimizer, one parameter group). The
/// optimizer owns its per-parameter state (momentum buffers, moments, step counts) and disposes it; the parameters
/// stay the caller's. <see cref="StateDict"/> and <see cref="LoadStateDict"/> export and restore that state exactly,
/// so a run resumed from a checkpoint continues bit for bit.
/// </summary>
public abstract unsafe class Optimizer : IDisposable
{
    private readonly Tensor[] parameters;
    private readonly IntPtr[] parameterHandles;
    private readonly List<TensorSlot> tensorState = new();
    private readonly List<(string Name, long[] Values)> countState = new();
    private double learningRate;
    private bool disposed;

    /// <summary>Takes the parameters to optimise (leaf tensors, each once) and the initial learning rate.</summary>
    protected Optimizer(IEnumerable<Tensor> parameters, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.ToArray();
        if (this.parameters.Length == 0) throw new ArgumentException("optimizer got an empty parameter list", nameof(parameters));
        for (var i = 0; i < this.parameters.Length; i++)
        {
            if (!this.parameters[i].IsLeaf)
                throw new ArgumentException($"can't optimize a non-leaf tensor (parameter {i}: {this.parameters[i]})", nameof(parameters));
            for (var j = 0; j < i; j++)
                if (ReferenceEquals(this.parameters[i], this.parameters[j]))
                    throw new ArgumentException($"parameter {i} is the same tensor as parameter {j}: each parameter may appear once", nameof(parameters));
        }
        parameterHandles = new IntPtr[this.parameters.Length];
        LearningRate = learningRate;
    }

    /// <summary>The parameters, in the order given (the indices of the state dict's "state.{i}" keys).</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The learning rate of the next <see cref="Step"/> (param_groups[0]['lr']); schedules set it.</summary>
    public double LearningRate
    {
        get => learningRate;
        set
        {
            if (!(value >= 0) || double.IsInfinity(value)) throw new ArgumentOutOfRangeException(nameof(value), value, "invalid learning rate");
            learningRate = value;
        }
    }

    /// <summary>Applies one update to every parameter that has a gradient (Optimizer.step).</summary>
    public abstract void Step();

    /// <summary>
    /// Clears the gradients (Optimizer.zero_grad): drops them with <paramref name="setToNone"/> (the cheaper choice,
    /// PyTorch 2's default), or fills them with zeros.
    /// </summary>
    public void ZeroGrad(bool setToNone = true)
    {
        fixed (IntPtr* p = ParameterHandles()) NativeError.Check(sch_optim_zero_grad(p, parameters.Length, setToNone ? 1 : 0));
    }

    // ---- state registered by subclasses ------------------------------------------------------------------

    /// <summary>
    /// Declares a per-parameter state tensor named <paramref name="name"/> (e.g. "exp_avg"): the returned array, indexed
    /// like <see cref="Parameters"/>, holds null until the subclass creates the tensor. The optimizer then owns it.
    /// <paramref name="required"/>: a parameter that has any state must have this one (checked on load).
    /// </summary>
    protected Tensor?[] RegisterTensorState(string name, bool required)
    {
        var slot = new TensorSlot(name, new Tensor?[parameters.Length], new IntPtr[parameters.Length], required);
        tensorState.Add(slot);
        return slot.Tensors;
    }

    /// <summary>Declares a per-parameter counter (e.g. "step"), zero until the parameter is first updated.</summary>
    protected long[] RegisterCountState(string name)
    {
        var values = new long[parameters.Length];
        countState.Add((name, values));
        return values;
    }

    /// <summary>The parameters' native handles (throws if one was disposed), in a buffer reused between steps.</summary>
    internal IntPtr[] ParameterHandles()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        for (var i = 0; i < parameters.Length; i++) parameterHandles[i] = parameters[i].Handle;
        return parameterHandles;
    }

    /// <summary>The native handles of a state slot (zero where there is no tensor yet), for a native update.</summary>
    internal IntPtr[] StateHandles(Tensor?[] state)
    {
        var slot = Slot(state);
        for (var i = 0; i < state.Length; i++) slot.Handles[i] = state[i]?.Handle ?? IntPtr.Zero;
        return slot.Handles;
    }

    /// <summary>Takes ownership of the state tensors a native update created (non-zero handles in empty slots).</summary>
    internal void AdoptStateHandles(Tensor?[] state)
    {
        var slot = Slot(state);
        for (var i = 0; i < state.Length; i++)
            if (state[i] is null && slot.Handles[i] != IntPtr.Zero)
                state[i] = new Tensor(slot.Handles[i]).DetachFromDisposeScope();
    }

    private TensorSlot Slot(Tensor?[] state) => tensorState.First(s => ReferenceEquals(s.Tensors, state));

    // ---- state dict ----------------------------------------------------------------------------------------

    private bool HasState(int i) => tensorState.Any(s => s.Tensors[i] is not null) || countState.Any(c => c.Values[i] != 0);

    /// <summary>
    /// A copy of the optimizer's state (Optimizer.state_dict): scalar "lr", and for each parameter i that has state,
    /// tensors "state.{i}.{name}" (e.g. "state.0.exp_avg") and counters as scalars (e.g. "state.0.step"). The tensors
    /// are independent copies: later steps do not change them. Dispose the result when done.
    /// </summary>
    public OptimizerState StateDict()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var state = new OptimizerState();
        state.Scalars["lr"] = LearningRate;
        using var noGrad = Torch.NoGrad();
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!HasState(i)) continue;
            foreach (var (name, values) in countState) state.Scalars[Key(i, name)] = values[i];
            foreach (var slot in tensorState)
                if (slot.Tensors[i] is { } t) state.Tensors[Key(i, slot.Name)] = t.Clone();
        }
        return state;
    }

    /// <summary>
    /// Replaces the optimizer's state by a copy of <paramref name="state"/> (Optimizer.load_state_dict), including the
    /// learning rate. Every key must belong to this optimizer, tensors must have their parameter's shape, and a
    /// parameter with state must have all of it; nothing changes when the check fails.
    /// </summary>
    public void LoadStateDict(OptimizerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        ObjectDisposedException.ThrowIf(disposed, this);
        if (!state.Scalars.TryGetValue("lr", out var lr)) throw new ArgumentException("optimizer state dict: missing key 'lr'", nameof(state));
        if (!(lr >= 0) || double.IsInfinity(lr)) throw new ArgumentException($"optimizer state dict: invalid 'lr' {lr}", nameof(state));

        var withState = new bool[parameters.Length];
        foreach (var key in state.Tensors.Keys.Concat(state.Scalars.Keys))
        {
            if (key == "lr") continue;
            if (!TryParseKey(key, out var i, out var name)
                || !(state.Tensors.ContainsKey(key) ? tensorState.Any(s => s.Name == name) : countState.Any(c => c.Name == name)))
                throw new ArgumentException($"optimizer state dict: unexpected key '{key}' for {GetType().Name} with {parameters.Length} parameters", nameof(state));
            withState[i] = true;
        }
        for (var i = 0; i < parameters.Length; i++)
        {
            if (!withState[i]) continue;
            var shape = parameters[i].Shape;
            foreach (var slot in tensorState)
            {
                if (!state.Tensors.TryGetValue(Key(i, slot.Name), out var t))
                {
                    if (slot.Required) throw new ArgumentException($"optimizer state dict: missing key '{Key(i, slot.Name)}'", nameof(state));
                    continue;
                }
                if (!t.Shape.SequenceEqual(shape))
                    throw new ArgumentException($"optimizer state dict: '{Key(i, slot.Name)}' has shape [{string.Join(", ", t.Shape)}], " +
                        $"its parameter [{string.Join(", ", shape)}]", nameof(state));
            }
            foreach (var (name, _) in countState)
            {
                if (!state.Scalars.TryGetValue(Key(i, name), out var count))
                    throw new ArgumentException($"optimizer state dict: missing key '{Key(i, name)}'", nameof(state));
                if (count < 0 || count != Math.Floor(count) || count > long.MaxValue)
                    throw new ArgumentException($"optimizer state dict: '{Key(i, name)}' = {count} is not a count", nameof(state));
            }
        }

        using var noGrad = Torch.NoGrad();
        LearningRate = lr;
        for (var i = 0; i < parameters.Length; i++)
        {
            foreach (var (name, values) in countState)
                values[i] = withState[i] ? (long)state.Scalars[Key(i, name)] : 0;
            foreach (var slot in tensorState)
            {
                if (withState[i] && state.Tensors.TryGetValue(Key(i, slot.Name), out var source))
                {
                    // The state takes the parameter's dtype and device, as in PyTorch.
                    slot.Tensors[i] ??= parameters[i].ZerosLike().DetachFromDisposeScope();
                    slot.Tensors[i]!.Copy_(source);
                }
                else
                {
                    slot.Tensors[i]?.Dispose();
                    slot.Tensors[i] = null;
                }
            }
        }
    }

    private static string Key(int index, string name) => string.Create(CultureInfo.InvariantCulture, $"state.{index}.{name}");

    private bool TryParseKey(string key, out int index, out string name)
    {
        index = -1;
        name = "";
        var parts = key.Split('.', 3);
        if (parts.Length != 3 || parts[0] != "state") return false;
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out index) || index >= parameters.Length) return false;
        name = parts[2];
        return true;
    }

    // ---- lifetime ------------------------------------------------------------------------------------------

    /// <summary>Disposes the optimizer's state tensors (not the parameters).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the state; override to release more, calling the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing) return;
        disposed = true;
        foreach (var slot in tensorState)
            for (var i = 0; i < slot.Tensors.Length; i++)
            {
                slot.Tensors[i]?.Dispose();
                slot.Tensors[i] = null;
            }
    }

    private sealed record TensorSlot(string Name, Tensor?[] Tensors, IntPtr[] Handles, bool Required);
}
