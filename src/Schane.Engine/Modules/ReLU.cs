namespace Schane.Engine.Modules;

/// <summary>max(x, 0) elementwise (torch.nn.ReLU).</summary>
public sealed class ReLU : Module<Tensor, Tensor>
{
    /// <summary>ReLU.forward</summary>
    public override Tensor Forward(Tensor input) => input.Relu();
}
