using System.Runtime.CompilerServices;
using System.Text;
using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>
/// An n-dimensional array in libtorch's memory (torch.Tensor). Dispose it, or create it inside a
/// <see cref="DisposeScope"/>: native memory is freed by <see cref="Dispose"/>; the finalizer is only a safety net.
/// Operations live in the partial files beside this one: creation (Torch.*), math, shape, autograd, operators.
/// </summary>
public sealed unsafe partial class Tensor : IDisposable
{
    private static long live;
    private IntPtr handle;

    internal Tensor(IntPtr handle)
    {
        this.handle = handle;
        Interlocked.Increment(ref live);
        DisposeScope.Current?.Adopt(this);
    }

    /// <summary>Takes ownership of a handle returned by the shim, throwing libtorch's error if it is null.</summary>
    internal static Tensor Wrap(IntPtr handle, [CallerMemberName] string call = "", [CallerFilePath] string file = "") =>
        new(NativeError.Check(handle, call, file));

    /// <summary>How many tensors are alive (created and not yet disposed or finalized), on all threads.</summary>
    public static long LiveCount => Interlocked.Read(ref live);

    /// <summary>The native at::Tensor*; throws <see cref="ObjectDisposedException"/> once disposed.</summary>
    internal IntPtr Handle
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            var h = handle;
            if (h == IntPtr.Zero) ThrowDisposed();
            return h;
        }
    }

    /// <summary>The dispose scope that owns this tensor, if any.</summary>
    internal DisposeScope? Scope { get; set; }

    /// <summary>True once the tensor has been disposed.</summary>
    public bool IsDisposed => handle == IntPtr.Zero;

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(Tensor), "This tensor has been disposed (explicitly or by the end of its DisposeScope).");

    /// <summary>Frees the native tensor. Safe to call more than once.</summary>
    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    /// <summary>Safety net for a tensor that was neither disposed nor owned by a scope.</summary>
    ~Tensor() => Free();

    private void Free()
    {
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h == IntPtr.Zero) return;
        sch_tensor_free(h);
        Interlocked.Decrement(ref live);
    }

    /// <summary>Moves this tensor from its dispose scope to the enclosing one (or to none) and returns it.</summary>
    public Tensor MoveToOuterDisposeScope() => Scope?.MoveToOuter(this) ?? this;

    /// <summary>Removes this tensor from any dispose scope: the caller now disposes it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        Scope = null;
        return this;
    }

    // ---- properties ----------------------------------------------------------------------------------

    /// <summary>Number of dimensions (Tensor.dim()).</summary>
    public int Dim => sch_dim(Handle);

    /// <summary>Number of elements (Tensor.numel()).</summary>
    public long NumElements => sch_numel(Handle);

    /// <summary>The sizes of each dimension (Tensor.shape).</summary>
    public long[] Shape
    {
        get
        {
            var h = Handle;
            var shape = new long[sch_dim(h)];
            fixed (long* p = shape) sch_shape_of(h, p);
            return shape;
        }
    }

    /// <summary>Size of dimension <paramref name="dim"/> (negative counts from the end; Tensor.size(dim)).</summary>
    public long Size(int dim)
    {
        var shape = Shape;
        var d = dim < 0 ? dim + shape.Length : dim;
        if (d < 0 || d >= shape.Length)
            throw new ArgumentOutOfRangeException(nameof(dim), dim, $"tensor has {shape.Length} dimensions");
        return shape[d];
    }

    /// <summary>Element strides (Tensor.stride()).</summary>
    public long[] Strides
    {
        get
        {
            var h = Handle;
            var strides = new long[sch_dim(h)];
            fixed (long* p = strides) sch_strides_of(h, p);
            return strides;
        }
    }

    /// <summary>The element type (Tensor.dtype).</summary>
    public DType DType => (DType)sch_dtype_of(Handle);

    /// <summary>Where the tensor lives (Tensor.device).</summary>
    public Device Device
    {
        get
        {
            var h = Handle;
            var type = (DeviceType)sch_device_type(h);
            return new Device(type, type == DeviceType.CPU ? -1 : sch_device_index(h));
        }
    }

    /// <summary>Tensor.is_contiguous().</summary>
    public bool IsContiguous => sch_is_contiguous(Handle) != 0;

    /// <summary>Whether autograd records operations on this tensor (Tensor.requires_grad).</summary>
    public bool RequiresGrad
    {
        get => sch_requires_grad(Handle) != 0;
        set => NativeError.Check(sch_set_requires_grad(Handle, value ? 1 : 0));
    }

    /// <summary>Sets <see cref="RequiresGrad"/> and returns this tensor (Tensor.requires_grad_()).</summary>
    public Tensor RequiresGrad_(bool value = true)
    {
        RequiresGrad = value;
        return this;
    }

    /// <summary>True for tensors created by the user rather than by an op on tensors requiring grad (Tensor.is_leaf).</summary>
    public bool IsLeaf => sch_is_leaf(Handle) != 0;

    // ---- data ----------------------------------------------------------------------------------------

    /// <summary>The single value of a one-element tensor (Tensor.item()).</summary>
    public T Item<T>() where T : unmanaged
    {
        var h = Handle;
        if (typeof(T) == typeof(long) || typeof(T) == typeof(int) || typeof(T) == typeof(short) ||
            typeof(T) == typeof(sbyte) || typeof(T) == typeof(byte))
        {
            // Integers truncate, as int(tensor) does in Python.
            long value;
            NativeError.Check(sch_item_long(h, &value));
            return (T)Convert.ChangeType(value, typeof(T));
        }
        double d;
        NativeError.Check(sch_item_double(h, &d));
        if (typeof(T) == typeof(bool)) return (T)(object)(d != 0);
        if (typeof(T) == typeof(double)) return (T)(object)d;
        if (typeof(T) == typeof(float)) return (T)(object)(float)d;
        if (typeof(T) == typeof(Half)) return (T)(object)(Half)d;
        throw new NotSupportedException($"Item<{typeof(T).Name}> is not supported");
    }

    /// <summary>Copies the elements, in C order, into a new array (Tensor.tolist() flattened; works from any device).</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[NumElements];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies the elements, in C order, into <paramref name="destination"/>.</summary>
    public void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var h = Handle;
        var dtype = DType;
        if (DTypeExtensions.Of<T>() != dtype)
            throw new ArgumentException($"tensor has dtype {dtype.ToTorchName()}, not {DTypeExtensions.Of<T>().ToTorchName()} ({typeof(T).Name})");
        var count = sch_numel(h);
        if (destination.Length < count)
            throw new ArgumentException($"destination holds {destination.Length} elements; the tensor has {count}");
        fixed (T* p = destination) NativeError.Check(sch_copy_to(h, p));
    }

    /// <summary>Copies the raw element bytes, in C order, into <paramref name="destination"/> (numel × element size bytes).</summary>
    internal void CopyBytesTo(Span<byte> destination)
    {
        var h = Handle;
        if (destination.Length < sch_numel(h) * DType.ElementSize())
            throw new ArgumentException($"destination holds {destination.Length} bytes; the tensor needs {sch_numel(h) * DType.ElementSize()}");
        fixed (byte* p = destination) NativeError.Check(sch_copy_to(h, p));
    }

    /// <summary>libtorch's printout of the tensor's values.</summary>
    public string ToValuesString()
    {
        var h = Handle;
        var buffer = new byte[4096];
        while (true)
        {
            int needed;
            fixed (byte* p = buffer) needed = NativeError.Check(sch_to_string(h, p, buffer.Length));
            if (needed <= buffer.Length) return Encoding.UTF8.GetString(buffer, 0, needed - 1);
            buffer = new byte[needed];
        }
    }

    /// <summary>A one-line summary: shape, dtype, device.</summary>
    public override string ToString() =>
        IsDisposed ? "Tensor(disposed)" : $"Tensor(shape=[{string.Join(", ", Shape)}], dtype={DType.ToTorchName()}, device={Device})";
}
