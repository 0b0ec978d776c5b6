using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Autograd on a tensor: backward, grad.
public sealed unsafe partial class Tensor
{
    /// <summary>
    /// Accumulates d(this)/d(leaf) into every leaf's <see cref="Grad"/> (Tensor.backward). A non-scalar tensor needs
    /// <paramref name="gradient"/>, the vector of the vector-Jacobian product.
    /// </summary>
    public void Backward(Tensor? gradient = null, bool retainGraph = false, bool createGraph = false) =>
        NativeError.Check(sch_backward(Handle, gradient?.Handle ?? IntPtr.Zero, retainGraph ? 1 : 0, createGraph ? 1 : 0));

    /// <summary>
    /// The accumulated gradient (Tensor.grad), or null. Each read returns a new handle to the same gradient tensor:
    /// dispose it (or read it inside a scope) like any other tensor.
    /// </summary>
    public Tensor? Grad
    {
        get
        {
            IntPtr grad;
            NativeError.Check(sch_grad(Handle, &grad));
            return grad == IntPtr.Zero ? null : new Tensor(grad);
        }
        set => NativeError.Check(sch_set_grad(Handle, value?.Handle ?? IntPtr.Zero));
    }

    /// <summary>Keeps the gradient of a non-leaf tensor after backward (Tensor.retain_grad).</summary>
    public void RetainGrad() => NativeError.Check(sch_retain_grad(Handle));

    /// <summary>
    /// Replaces this tensor's data by <paramref name="source"/>'s, keeping its identity (param.data = source in PyTorch):
    /// every holder of this tensor sees the new data, device or dtype.
    /// </summary>
    public void SetData(Tensor source) => NativeError.Check(sch_set_data(Handle, source.Handle));
}
