using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Copies, dtype and device conversion, filling, random in-place initialisation.
public sealed unsafe partial class Tensor
{
    /// <summary>A copy with another element type (Tensor.to(dtype)).</summary>
    public Tensor To(DType dtype) => Wrap(sch_to_dtype(Handle, (int)dtype));

    /// <summary>A copy on another device (Tensor.to(device)).</summary>
    public Tensor To(Device device, bool nonBlocking = false) =>
        Wrap(sch_to_device(Handle, (int)device.Type, device.Index, nonBlocking ? 1 : 0));

    /// <summary>Tensor.cpu()</summary>
    public Tensor Cpu() => To(Device.CPU);

    /// <summary>Tensor.cuda()</summary>
    public Tensor Cuda(int index = 0) => To(Device.Cuda(index));

    /// <summary>A copy that autograd tracks back to this tensor (torch.clone).</summary>
    public Tensor Clone() => Wrap(sch_clone(Handle));

    /// <summary>This tensor's data in C order, copied only when it is not already (Tensor.contiguous()).</summary>
    public Tensor Contiguous() => Wrap(sch_contiguous(Handle));

    /// <summary>A new tensor sharing this one's data but cut off from the autograd graph (Tensor.detach()).</summary>
    public Tensor Detach() => Wrap(sch_detach(Handle));

    /// <summary>
    /// A second handle to the same tensor (same data, same autograd identity), disposed independently:
    /// lets two owners keep one tensor alive.
    /// </summary>
    public Tensor Alias() => Wrap(sch_alias(Handle));

    /// <summary>Copies <paramref name="source"/> into this tensor, broadcasting (Tensor.copy_).</summary>
    public Tensor Copy_(Tensor source)
    {
        NativeError.Check(sch_copy_(Handle, source.Handle));
        return this;
    }

    /// <summary>Tensor.fill_(value)</summary>
    public Tensor Fill_(double value)
    {
        NativeError.Check(sch_fill_(Handle, value, 0, 0));
        return this;
    }

    /// <summary>Tensor.zero_()</summary>
    public Tensor Zero_()
    {
        NativeError.Check(sch_zero_(Handle));
        return this;
    }

    /// <summary>Fills with uniform samples in [low, high) (Tensor.uniform_).</summary>
    public Tensor Uniform_(double low = 0, double high = 1)
    {
        NativeError.Check(sch_uniform_(Handle, low, high));
        return this;
    }

    /// <summary>Fills with normal samples (Tensor.normal_).</summary>
    public Tensor Normal_(double mean = 0, double std = 1)
    {
        NativeError.Check(sch_normal_(Handle, mean, std));
        return this;
    }

    /// <summary>Fills with 1 with probability p, else 0 (Tensor.bernoulli_).</summary>
    public Tensor Bernoulli_(double p)
    {
        NativeError.Check(sch_bernoulli_(Handle, p));
        return this;
    }

    /// <summary>torch.empty_like</summary>
    public Tensor EmptyLike() => Wrap(sch_empty_like(Handle));
    /// <summary>torch.zeros_like</summary>
    public Tensor ZerosLike() => Wrap(sch_zeros_like(Handle));
    /// <summary>torch.ones_like</summary>
    public Tensor OnesLike() => Wrap(sch_ones_like(Handle));
    /// <summary>torch.randn_like</summary>
    public Tensor RandnLike() => Wrap(sch_randn_like(Handle));
}
