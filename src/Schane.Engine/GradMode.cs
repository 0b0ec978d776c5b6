using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>
/// Sets whether autograd records operations on this thread until disposed, then restores the previous mode
/// (torch.no_grad / torch.enable_grad). Obtain one from <see cref="Torch.NoGrad"/> or <see cref="Torch.EnableGrad"/>.
/// </summary>
public sealed class GradMode : IDisposable
{
    private readonly bool previous;
    private bool disposed;

    internal GradMode(bool enabled)
    {
        previous = sch_grad_enabled() != 0;
        sch_set_grad_enabled(enabled ? 1 : 0);
    }

    /// <summary>Restores the mode that was in force before.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        sch_set_grad_enabled(previous ? 1 : 0);
    }
}
