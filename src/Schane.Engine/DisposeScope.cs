namespace Schane.Engine;

/// <summary>
/// Owns every tensor created on this thread while it is the innermost open scope, and disposes those still
/// owned when it ends (TorchSharp's torch.NewDisposeScope). A tensor that must outlive the scope is moved out
/// with <see cref="MoveToOuter(Tensor)"/> (or <see cref="Tensor.MoveToOuterDisposeScope"/>), or detached from scopes
/// entirely with <see cref="Tensor.DetachFromDisposeScope"/>. Typical use: one scope per training step.
/// </summary>
public sealed class DisposeScope : IDisposable
{
    [ThreadStatic] private static DisposeScope? current;

    private readonly List<Tensor> owned = new();
    private bool disposed;

    internal DisposeScope()
    {
        Outer = Current;
        current = this;
    }

    /// <summary>The scope that was innermost when this one opened, or null.</summary>
    public DisposeScope? Outer { get; }

    /// <summary>The innermost open scope of this thread, or null.</summary>
    public static DisposeScope? Current
    {
        get
        {
            // Scopes ended out of order leave ended ones on the chain: skip them.
            while (current is { disposed: true }) current = current.Outer;
            return current;
        }
    }

    /// <summary>How many live tensors this scope currently owns (tensors already disposed by hand do not count).</summary>
    public int Count => owned.Count(t => t.Scope == this && !t.IsDisposed);

    internal void Adopt(Tensor tensor)
    {
        tensor.Scope = this;
        owned.Add(tensor);
    }

    /// <summary>Hands <paramref name="tensor"/> to the enclosing scope (or to no scope) and returns it.</summary>
    public Tensor MoveToOuter(Tensor tensor)
    {
        if (tensor.Scope != this) return tensor;
        tensor.Scope = null;
        var outer = Outer;
        while (outer is { disposed: true }) outer = outer.Outer;
        outer?.Adopt(tensor);
        return tensor;
    }

    /// <summary>Moves each tensor to the enclosing scope.</summary>
    public void MoveToOuter(params Tensor[] tensors)
    {
        foreach (var t in tensors) MoveToOuter(t);
    }

    /// <summary>Disposes every tensor the scope still owns and makes the enclosing scope current again.</summary>
    public void Dispose()
    {
        if (disposed) return;
        disposed = true;
        foreach (var tensor in owned)
            if (tensor.Scope == this) tensor.Dispose();
        owned.Clear();
        if (current == this) current = Outer;
    }
}
