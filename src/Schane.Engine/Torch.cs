using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

/// <summary>
/// The entry point, like the torch module: tensor creation, seeds, threads, CUDA, gradient mode, scopes.
/// Shapes are written as collection expressions: <c>Torch.Zeros([2, 3])</c>.
/// </summary>
public static unsafe partial class Torch
{
    /// <summary>The dtype of tensors created without one (torch.get_default_dtype()).</summary>
    public const DType DefaultDType = DType.Float32;

    // ---- runtime -------------------------------------------------------------------------------------

    /// <summary>Seeds every libtorch generator (torch.manual_seed).</summary>
    public static void ManualSeed(ulong seed) => NativeError.Check(sch_manual_seed(seed));

    /// <summary>Intra-op threads (torch.get_num_threads / torch.set_num_threads). Defaults to all cores.</summary>
    public static int Threads
    {
        get => sch_get_num_threads();
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            NativeError.Check(sch_set_num_threads(value));
        }
    }

    /// <summary>torch.cuda.is_available().</summary>
    public static bool CudaIsAvailable => sch_cuda_is_available() != 0;

    /// <summary>torch.cuda.device_count().</summary>
    public static int CudaDeviceCount => sch_cuda_device_count();

    /// <summary>Waits for queued CUDA work to finish (torch.cuda.synchronize); nothing without CUDA.</summary>
    public static void CudaSynchronize() => NativeError.Check(sch_cuda_synchronize());

    /// <summary>Opens a scope that disposes the tensors created inside it (see <see cref="DisposeScope"/>).</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Disables gradient recording until disposed (torch.no_grad()).</summary>
    public static GradMode NoGrad() => new(false);

    /// <summary>Enables gradient recording until disposed (torch.enable_grad()).</summary>
    public static GradMode EnableGrad() => new(true);

    /// <summary>Whether operations are being recorded for autograd on this thread (torch.is_grad_enabled()).</summary>
    public static bool IsGradEnabled => sch_grad_enabled() != 0;

    // ---- creation ------------------------------------------------------------------------------------

    private delegate IntPtr ShapeFactory(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);

    private static Tensor Create(ShapeFactory factory, ReadOnlySpan<long> shape, DType dtype, Device? device, bool requiresGrad,
        string call)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape)
            return Tensor.Wrap(factory(p, shape.Length, (int)dtype, (int)d.Type, d.Index, requiresGrad ? 1 : 0), call, "Torch");
    }

    /// <summary>Uninitialised tensor (torch.empty).</summary>
    public static Tensor Empty(ReadOnlySpan<long> shape, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false) =>
        Create(sch_empty, shape, dtype, device, requiresGrad, nameof(Empty));

    /// <summary>torch.zeros.</summary>
    public static Tensor Zeros(ReadOnlySpan<long> shape, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false) =>
        Create(sch_zeros, shape, dtype, device, requiresGrad, nameof(Zeros));

    /// <summary>torch.ones.</summary>
    public static Tensor Ones(ReadOnlySpan<long> shape, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false) =>
        Create(sch_ones, shape, dtype, device, requiresGrad, nameof(Ones));

    /// <summary>Standard normal samples (torch.randn).</summary>
    public static Tensor Randn(ReadOnlySpan<long> shape, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false) =>
        Create(sch_randn, shape, dtype, device, requiresGrad, nameof(Randn));

    /// <summary>Uniform samples in [0, 1) (torch.rand).</summary>
    public static Tensor Rand(ReadOnlySpan<long> shape, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false) =>
        Create(sch_rand, shape, dtype, device, requiresGrad, nameof(Rand));

    /// <summary>A tensor filled with <paramref name="value"/> (torch.full).</summary>
    public static Tensor Full(ReadOnlySpan<long> shape, double value, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape)
            return Tensor.Wrap(sch_full(p, shape.Length, value, 0, 0, (int)dtype, (int)d.Type, d.Index, requiresGrad ? 1 : 0), nameof(Full), "Torch");
    }

    /// <summary>A tensor filled with the integer <paramref name="value"/> (torch.full), exact for large int64 values.</summary>
    public static Tensor Full(ReadOnlySpan<long> shape, long value, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape)
            return Tensor.Wrap(sch_full(p, shape.Length, value, value, 1, (int)dtype, (int)d.Type, d.Index, 0), nameof(Full), "Torch");
    }

    /// <summary>A zero-dimensional tensor holding <paramref name="value"/> (torch.tensor(value)).</summary>
    public static Tensor Scalar(double value, DType dtype = DefaultDType, Device? device = null) => Full([], value, dtype, device);

    /// <summary>
    /// Values from <paramref name="start"/> to <paramref name="end"/> (exclusive) by <paramref name="step"/> (torch.arange).
    /// Without a dtype, as in PyTorch: int64 when all three are whole numbers, else <see cref="DefaultDType"/>.
    /// </summary>
    public static Tensor Arange(double start, double end, double step = 1, DType? dtype = null, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        var type = dtype ?? (double.IsInteger(start) && double.IsInteger(end) && double.IsInteger(step) ? DType.Int64 : DefaultDType);
        return Tensor.Wrap(sch_arange(start, end, step, (int)type, (int)d.Type, d.Index, requiresGrad ? 1 : 0), nameof(Arange), "Torch");
    }

    /// <summary>0, 1, …, end − 1 (torch.arange(end)).</summary>
    public static Tensor Arange(long end, DType dtype = DType.Int64, Device? device = null) => Arange(0, end, 1, dtype, device);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end inclusive (torch.linspace).</summary>
    public static Tensor Linspace(double start, double end, long steps, DType dtype = DefaultDType, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(sch_linspace(start, end, steps, (int)dtype, (int)d.Type, d.Index, 0), nameof(Linspace), "Torch");
    }

    /// <summary>Uniform integers in [low, high) (torch.randint).</summary>
    public static Tensor Randint(long low, long high, ReadOnlySpan<long> shape, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        fixed (long* p = shape)
            return Tensor.Wrap(sch_randint(low, high, p, shape.Length, (int)dtype, (int)d.Type, d.Index), nameof(Randint), "Torch");
    }

    /// <summary>A random permutation of 0 … n − 1 (torch.randperm).</summary>
    public static Tensor Randperm(long n, DType dtype = DType.Int64, Device? device = null)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(sch_randperm(n, (int)dtype, (int)d.Type, d.Index), nameof(Randperm), "Torch");
    }

    /// <summary>Identity matrix n × m (m defaults to n; torch.eye).</summary>
    public static Tensor Eye(long n, long m = -1, DType dtype = DefaultDType, Device? device = null, bool requiresGrad = false)
    {
        var d = device ?? Device.CPU;
        return Tensor.Wrap(sch_eye(n, m < 0 ? n : m, (int)dtype, (int)d.Type, d.Index, requiresGrad ? 1 : 0), nameof(Eye), "Torch");
    }

    /// <summary>
    /// Copies <paramref name="data"/> (C order) into a new CPU tensor of the given shape (torch.tensor(data).reshape(shape)).
    /// Without a shape the tensor is one-dimensional.
    /// </summary>
    public static Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape = default, bool requiresGrad = false) where T : unmanaged =>
        FromData(data, shape.IsEmpty ? [data.Length] : shape.ToArray(), requiresGrad);

    /// <summary>Copies a managed array into a new CPU tensor (torch.tensor).</summary>
    public static Tensor FromArray<T>(T[] data, ReadOnlySpan<long> shape = default, bool requiresGrad = false) where T : unmanaged =>
        FromSpan<T>(data, shape, requiresGrad);

    /// <summary>Copies a rectangular 2-D array into a new CPU tensor.</summary>
    public static Tensor FromArray<T>(T[,] data, bool requiresGrad = false) where T : unmanaged
    {
        fixed (T* p = data)
            return FromData(new ReadOnlySpan<T>(p, data.Length), [data.GetLength(0), data.GetLength(1)], requiresGrad);
    }

    /// <summary>A zero-dimensional tensor holding a .NET value (torch.tensor(value)).</summary>
    public static Tensor FromScalar<T>(T value) where T : unmanaged => FromData<T>([value], [], false);

    /// <summary>A CPU tensor of <paramref name="dtype"/> from raw little-endian element bytes in C order.</summary>
    internal static Tensor FromBytes(ReadOnlySpan<byte> data, DType dtype, long[] shape)
    {
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (count * dtype.ElementSize() != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] of {dtype.ToTorchName()} needs {count * dtype.ElementSize()} bytes, not {data.Length}");
        fixed (byte* p = data)
        fixed (long* s = shape)
            return Engine.Tensor.Wrap(sch_from_data(p, s, shape.Length, (int)dtype, 0), nameof(FromBytes), "Torch");
    }

    private static Tensor FromData<T>(ReadOnlySpan<T> data, long[] shape, bool requiresGrad) where T : unmanaged
    {
        long count = 1;
        foreach (var n in shape)
        {
            if (n < 0) throw new ArgumentException($"negative size {n} in shape [{string.Join(", ", shape)}]", nameof(shape));
            count *= n;
        }
        if (count != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {count} elements but {data.Length} were given", nameof(shape));
        fixed (T* p = data)
        fixed (long* s = shape)
            return Tensor.Wrap(sch_from_data(p, s, shape.Length, (int)DTypeExtensions.Of<T>(), requiresGrad ? 1 : 0), "FromArray", "Torch");
    }
}
