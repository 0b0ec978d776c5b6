using System.Runtime.InteropServices;
using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Serialization;

/// <summary>
/// PyTorch's checkpoint files (torch.save / torch.load): a tensor, or a state dict of named tensors, written so that
/// Python's torch.load reads it, and files written by Python's torch.save (a tensor, or a dict or OrderedDict of
/// tensors such as model.state_dict()) read back. Tensors are written detached, from CPU memory, whatever their
/// device, and read into CPU memory. A file that cannot be read raises <see cref="InvalidDataException"/> naming it.
/// </summary>
public static unsafe class TorchSerializer
{
    /// <summary>torch.save(tensor, path). The file is replaced atomically.</summary>
    public static void Save(Tensor tensor, string path)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var handle = tensor.Handle;
        Write(path, temp => NativeError.Check(sch_save_tensor(handle, temp), nameof(Save)));
        GC.KeepAlive(tensor);
    }

    /// <summary>
    /// torch.save(state_dict, path): torch.load returns a dict with these names, in this order, that
    /// Module.load_state_dict accepts. The file is replaced atomically.
    /// </summary>
    public static void Save(IReadOnlyDictionary<string, Tensor> state, string path)
    {
        ArgumentNullException.ThrowIfNull(state);
        var entries = state.ToArray();
        var handles = new IntPtr[entries.Length];
        var names = new IntPtr[entries.Length];
        try
        {
            for (var i = 0; i < entries.Length; i++)
            {
                handles[i] = (entries[i].Value ?? throw new ArgumentException($"entry '{entries[i].Key}' is null", nameof(state))).Handle;
                names[i] = Marshal.StringToCoTaskMemUTF8(entries[i].Key);
            }
            Write(path, temp =>
            {
                fixed (IntPtr* n = names, h = handles) NativeError.Check(sch_save_dict(n, h, entries.Length, temp), nameof(Save));
            });
            GC.KeepAlive(entries);
        }
        finally
        {
            foreach (var name in names) Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>torch.load(path, map_location='cpu') of a file that holds one tensor.</summary>
    public static Tensor LoadTensor(string path) =>
        Read(path, () => new Tensor(NativeError.Check(sch_load_tensor(path), nameof(LoadTensor))));

    /// <summary>
    /// torch.load(path, map_location='cpu') of a file that holds a dict or OrderedDict of tensors keyed by name, such as
    /// one written by torch.save(model.state_dict(), path). The tensors are new CPU tensors owned by the caller.
    /// </summary>
    public static Dictionary<string, Tensor> LoadStateDict(string path) => Read(path, () =>
    {
        var state = new Dictionary<string, Tensor>();
        foreach (var (name, tensor) in NamedTensorList.Take(sch_load_dict(path), nameof(LoadStateDict)))
        {
            if (state.Remove(name, out var earlier)) earlier.Dispose();
            state[name] = tensor;
        }
        return state;
    });

    private static void Write(string path, Action<string> write)
    {
        try
        {
            AtomicFile.Write(path, write);
        }
        catch (TorchException e)
        {
            throw new IOException($"{path}: cannot write the checkpoint: {e.Message}", e);
        }
    }

    private static T Read<T>(string path, Func<T> read)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        try
        {
            return read();
        }
        catch (TorchException e)
        {
            throw new InvalidDataException($"{path}: cannot read it as a PyTorch checkpoint (torch.save format): {e.Message}", e);
        }
    }
}
