using System.Runtime.InteropServices;
using Schane.Engine.Modules;
using Schane.Engine.Native;
using Schane.Engine.Serialization;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Jit;

/// <summary>
/// A TorchScript module (torch.jit.ScriptModule) loaded from a file that torch.jit.save wrote, in Python or by
/// <see cref="Save"/>. Its parameters and buffers are registered as this module's, under PyTorch's dotted names (each
/// TorchScript submodule is a child ScriptModule), and they are handles to the TorchScript module's own tensors: an
/// optimizer that updates <see cref="Module.Parameters"/> in place trains the module, and <see cref="Module.StateDict"/>
/// matches Python's. <see cref="Module.Train"/> and <see cref="Module.Eval"/> reach the scripted code (Dropout,
/// BatchNorm). Dispose it to free the module.
/// </summary>
public sealed unsafe class ScriptModule : Module<Tensor, Tensor>
{
    private IntPtr handle;

    private ScriptModule(IntPtr handle)
    {
        this.handle = handle;
        try
        {
            foreach (var (name, parameter) in NamedTensorList.Take(sch_jit_named_tensors(handle, 0, 0), nameof(Load)))
                RegisterParameter(name, parameter);
            foreach (var (name, buffer) in NamedTensorList.Take(sch_jit_named_tensors(handle, 1, 0), nameof(Load)))
                RegisterBuffer(name, buffer);
            var count = NativeError.Check(sch_jit_child_count(handle), nameof(Load));
            var name8 = stackalloc byte[1024];
            for (var i = 0; i < count; i++)
            {
                var child = NativeError.Check(sch_jit_child(handle, i, name8, 1024), nameof(Load));
                RegisterModule(Marshal.PtrToStringUTF8((IntPtr)name8)!, new ScriptModule(child));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>
    /// torch.jit.load(path, map_location=device): the module, in the training mode it was saved in (the top module's,
    /// applied to every submodule as Module.train does); with
    /// <paramref name="device"/>, its tensors are loaded onto that device. A file that is not a TorchScript module
    /// raises <see cref="InvalidDataException"/> naming it.
    /// </summary>
    public static ScriptModule Load(string path, Device? device = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        IntPtr h;
        try
        {
            h = NativeError.Check(sch_jit_load(path, device is { } d ? (int)d.Type : -1, device?.Index ?? -1));
        }
        catch (TorchException e)
        {
            throw new InvalidDataException($"{path}: cannot load it as a TorchScript module (a file written by torch.jit.save): {e.Message}", e);
        }
        var module = new ScriptModule(h);
        try
        {
            module.Train(NativeError.Check(sch_jit_is_training(h)) != 0);
            return module;
        }
        catch
        {
            module.Dispose();
            throw;
        }
    }

    private IntPtr Handle => handle != IntPtr.Zero ? handle : throw new ObjectDisposedException(nameof(ScriptModule));

    /// <summary>module(input) for a forward that takes one tensor and returns one.</summary>
    public override Tensor Forward(Tensor input) => Single(ForwardMany(input));

    /// <summary>module(*inputs) for a forward that takes several tensors and returns one.</summary>
    public Tensor Forward(params Tensor[] inputs) => Single(ForwardMany(inputs));

    /// <summary>module(*inputs) for a forward that returns a tuple or list of tensors (or one tensor: an array of one).</summary>
    public Tensor[] ForwardMany(params Tensor[] inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var handles = new IntPtr[inputs.Length];
        for (var i = 0; i < inputs.Length; i++) handles[i] = (inputs[i] ?? throw new ArgumentNullException(nameof(inputs))).Handle;
        IntPtr list;
        fixed (IntPtr* p = handles) list = sch_jit_forward(Handle, p, handles.Length);
        GC.KeepAlive(inputs);
        return Tensor.TakeList(NativeError.Check(list), nameof(ForwardMany));
    }

    private static Tensor Single(Tensor[] outputs)
    {
        if (outputs.Length == 1) return outputs[0];
        foreach (var t in outputs) t.Dispose();
        throw new InvalidOperationException($"forward returned {outputs.Length} tensors: call ForwardMany");
    }

    /// <summary>torch.jit.save(module, path): code, parameters, buffers and training mode. The file is replaced atomically.</summary>
    public void Save(string path)
    {
        var h = Handle;
        try
        {
            AtomicFile.Write(path, temp => NativeError.Check(sch_jit_save(h, temp)));
        }
        catch (TorchException e)
        {
            throw new IOException($"{path}: cannot write the TorchScript module: {e.Message}", e);
        }
    }

    /// <summary>Passes the mode to the scripted code's own `training` flag.</summary>
    protected override void OnTrainingChanged(bool training) =>
        NativeError.Check(sch_jit_set_training(Handle, training ? 1 : 0), nameof(Train));

    /// <summary>Frees the TorchScript module (and, when disposing, the parameter handles and children).</summary>
    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        var h = Interlocked.Exchange(ref handle, IntPtr.Zero);
        if (h != IntPtr.Zero) sch_jit_free(h);
    }

    /// <summary>Frees the TorchScript module of an undisposed ScriptModule.</summary>
    ~ScriptModule() => Dispose(false);
}
