namespace Schane.Engine.Modules;

/// <summary>
/// Applies its modules in order, each to the previous one's output (torch.nn.Sequential). Children are named "0", "1", …
/// as in PyTorch, so a parameter's name reads "0.weight". Intermediate outputs are not disposed here: call the
/// model inside a <see cref="DisposeScope"/>.
/// </summary>
public sealed class Sequential : Module<Tensor, Tensor>
{
    private readonly List<Module<Tensor, Tensor>> layers = new();

    /// <summary>An empty torch.nn.Sequential(), to be filled with <see cref="Append"/>; it returns its input unchanged.</summary>
    public Sequential() { }

    /// <summary>torch.nn.Sequential(*modules).</summary>
    public Sequential(params Module<Tensor, Tensor>[] modules)
    {
        foreach (var module in modules) Append(module);
    }

    /// <summary>torch.nn.Sequential(OrderedDict(...)): the modules under the given names.</summary>
    public Sequential(params (string Name, Module<Tensor, Tensor> Module)[] modules)
    {
        foreach (var (name, module) in modules) layers.Add(RegisterModule(name, module));
    }

    /// <summary>Adds a module at the end, named by its position (Sequential.append).</summary>
    public Sequential Append(Module<Tensor, Tensor> module)
    {
        layers.Add(RegisterModule(layers.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), module));
        return this;
    }

    /// <summary>len(sequential)</summary>
    public int Count => layers.Count;

    /// <summary>sequential[index]</summary>
    public Module<Tensor, Tensor> this[int index] => layers[index];

    /// <summary>Sequential.forward</summary>
    public override Tensor Forward(Tensor input)
    {
        var x = input;
        foreach (var layer in layers) x = layer.Forward(x);
        return x;
    }
}
