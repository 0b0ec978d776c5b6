namespace Schane.Engine.Modules;

/// <summary>
/// A neural-network building block (torch.nn.Module): named parameters, buffers and child modules, registered in
/// order, with train/eval mode and a state dict. The module owns its parameters and buffers and disposes them,
/// and its children, when disposed. Subclasses register what they hold in their constructor.
/// </summary>
public abstract class Module : IDisposable
{
    private readonly List<(string Name, Tensor Tensor)> parameters = new();
    private readonly List<(string Name, Tensor Tensor)> buffers = new();
    private readonly List<(string Name, Module Module)> children = new();
    private bool disposed;

    /// <summary>True in training mode (Module.training); set by <see cref="Train"/> and <see cref="Eval"/>.</summary>
    public bool Training { get; private set; } = true;

    /// <summary>Registers a trainable tensor under <paramref name="name"/>; it is made a leaf that requires grad.</summary>
    protected Tensor RegisterParameter(string name, Tensor parameter)
    {
        CheckName(name);
        parameter.DetachFromDisposeScope();
        if (!parameter.RequiresGrad) parameter.RequiresGrad = true;
        parameters.Add((name, parameter));
        return parameter;
    }

    /// <summary>Registers non-trainable state saved in the state dict (e.g. BatchNorm's running mean).</summary>
    protected Tensor RegisterBuffer(string name, Tensor buffer)
    {
        CheckName(name);
        buffer.DetachFromDisposeScope();
        buffers.Add((name, buffer));
        return buffer;
    }

    /// <summary>Registers a child module.</summary>
    protected T RegisterModule<T>(string name, T module) where T : Module
    {
        CheckName(name);
        children.Add((name, module));
        return module;
    }

    private void CheckName(string name)
    {
        if (string.IsNullOrEmpty(name) || name.Contains('.'))
            throw new ArgumentException($"'{name}' is not a valid name: it must be non-empty and contain no '.'", nameof(name));
        if (parameters.Any(p => p.Name == name) || buffers.Any(b => b.Name == name) || children.Any(c => c.Name == name))
            throw new ArgumentException($"'{name}' is already registered in {GetType().Name}", nameof(name));
    }

    /// <summary>Parameters of this module and (with <paramref name="recurse"/>) its descendants, with dotted names (Module.named_parameters).</summary>
    public IEnumerable<(string Name, Tensor Parameter)> NamedParameters(bool recurse = true) => Named(m => m.parameters, recurse);

    /// <summary>Module.parameters()</summary>
    public IEnumerable<Tensor> Parameters(bool recurse = true) => NamedParameters(recurse).Select(p => p.Parameter);

    /// <summary>Module.named_buffers()</summary>
    public IEnumerable<(string Name, Tensor Buffer)> NamedBuffers(bool recurse = true) => Named(m => m.buffers, recurse);

    /// <summary>Direct children with their names (Module.named_children).</summary>
    public IEnumerable<(string Name, Module Module)> NamedChildren() => children;

    /// <summary>This module and every descendant, with dotted names ("" for this one; Module.named_modules).</summary>
    public IEnumerable<(string Name, Module Module)> NamedModules()
    {
        yield return ("", this);
        foreach (var (name, child) in children)
        foreach (var (sub, module) in child.NamedModules())
            yield return (sub.Length == 0 ? name : $"{name}.{sub}", module);
    }

    private IEnumerable<(string, Tensor)> Named(Func<Module, List<(string Name, Tensor Tensor)>> select, bool recurse)
    {
        foreach (var (name, tensor) in select(this)) yield return (name, tensor);
        if (!recurse) yield break;
        foreach (var (childName, child) in children)
        foreach (var (name, tensor) in child.Named(select, true))
            yield return ($"{childName}.{name}", tensor);
    }

    /// <summary>Sets training mode here and in every descendant (Module.train).</summary>
    public Module Train(bool on = true)
    {
        Training = on;
        OnTrainingChanged(on);
        foreach (var (_, child) in children) child.Train(on);
        return this;
    }

    /// <summary>Called by <see cref="Train"/> for this module, before its children: a module whose mode also lives elsewhere (TorchScript code) passes it on.</summary>
    protected virtual void OnTrainingChanged(bool training) { }

    /// <summary>Sets evaluation mode (Module.eval).</summary>
    public Module Eval() => Train(false);

    /// <summary>Drops every parameter's gradient (Module.zero_grad(set_to_none=True)).</summary>
    public void ZeroGrad()
    {
        foreach (var p in Parameters()) p.Grad = null;
    }

    /// <summary>
    /// Moves (or converts) every parameter and buffer in place (Module.to): tensors keep their identity, so
    /// references held elsewhere stay valid. Floating-point dtype changes leave integer buffers alone.
    /// </summary>
    public Module To(Device? device = null, DType? dtype = null)
    {
        using var noGrad = Torch.NoGrad();
        foreach (var tensor in Parameters().Concat(NamedBuffers().Select(b => b.Buffer)))
        {
            var target = tensor;
            Tensor? moved = null, converted = null;
            if (device is { } d && tensor.Device != d) target = moved = tensor.To(d);
            if (dtype is { } t && target.DType != t && target.DType.IsFloatingPoint()) target = converted = target.To(t);
            if (!ReferenceEquals(target, tensor)) tensor.SetData(target);
            moved?.Dispose();
            converted?.Dispose();
        }
        return this;
    }

    /// <summary>
    /// Parameters and buffers by dotted name (Module.state_dict). The tensors are detached handles to the live data:
    /// dispose them (or call inside a scope) when done; saving them with <c>Serialization</c> writes a file PyTorch loads.
    /// </summary>
    public Dictionary<string, Tensor> StateDict()
    {
        var state = new Dictionary<string, Tensor>();
        AddState(state, "");
        return state;
    }

    // PyTorch's key order: each module's parameters, then its buffers, then its children, depth first.
    private void AddState(Dictionary<string, Tensor> state, string prefix)
    {
        foreach (var (name, p) in parameters) state[prefix + name] = p.Detach();
        foreach (var (name, b) in buffers) state[prefix + name] = b.Detach();
        foreach (var (name, child) in children) child.AddState(state, $"{prefix}{name}.");
    }

    /// <summary>
    /// Copies values from <paramref name="state"/> into the parameters and buffers (Module.load_state_dict). With
    /// <paramref name="strict"/>, missing or unexpected keys are an error; shapes must always match.
    /// </summary>
    public void LoadStateDict(IReadOnlyDictionary<string, Tensor> state, bool strict = true)
    {
        var own = NamedParameters().Concat(NamedBuffers()).ToList();
        if (strict)
        {
            var missing = own.Select(o => o.Item1).Where(n => !state.ContainsKey(n)).ToList();
            var unexpected = state.Keys.Where(k => own.All(o => o.Item1 != k)).ToList();
            if (missing.Count > 0 || unexpected.Count > 0)
                throw new ArgumentException($"state dict does not match {GetType().Name}: " +
                    $"missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]", nameof(state));
        }
        using var noGrad = Torch.NoGrad();
        foreach (var (name, tensor) in own)
        {
            if (!state.TryGetValue(name, out var value)) continue;
            if (!value.Shape.SequenceEqual(tensor.Shape))
                throw new ArgumentException($"'{name}': the state dict has shape [{string.Join(", ", value.Shape)}], " +
                    $"the module [{string.Join(", ", tensor.Shape)}]", nameof(state));
            tensor.Copy_(value);
        }
    }

    /// <summary>Disposes parameters, buffers and children.</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the module's tensors; override to release more, calling the base.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposed || !disposing) return;
        disposed = true;
        foreach (var (_, p) in parameters) p.Dispose();
        foreach (var (_, b) in buffers) b.Dispose();
        foreach (var (_, c) in children) c.Dispose();
    }

    /// <summary>The module tree, one line per module, as PyTorch prints it.</summary>
    public override string ToString() => Describe(0);

    private string Describe(int indent)
    {
        var head = GetType().Name + ExtraRepr();
        if (children.Count == 0) return head;
        var pad = new string(' ', indent + 2);
        var lines = children.Select(c => $"{pad}({c.Name}): {c.Module.Describe(indent + 2)}");
        return $"{GetType().Name}(\n{string.Join("\n", lines)}\n{new string(' ', indent)})";
    }

    /// <summary>The settings shown after the type name, e.g. "(in_features=784, out_features=10)".</summary>
    protected virtual string ExtraRepr() => "()";
}

/// <summary>A module with a typed forward pass: <c>var y = module.Forward(x)</c> or <c>module.Call(x)</c>.</summary>
public abstract class Module<TInput, TOutput> : Module
{
    /// <summary>The computation (Module.forward).</summary>
    public abstract TOutput Forward(TInput input);

    /// <summary>Same as <see cref="Forward"/>, the way PyTorch users write module(x).</summary>
    public TOutput Call(TInput input) => Forward(input);
}
