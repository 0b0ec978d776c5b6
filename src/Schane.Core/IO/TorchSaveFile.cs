using System.Collections;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Schane.Core.IO;

/// <summary>
/// PyTorch's file format for a dict of named tensors (torch.save / torch.load), through TorchSharp.PyBridge's
/// pickler: Python's <c>torch.load</c> reads what <see cref="Write"/> writes, and <see cref="Read"/> reads what Python's
/// <c>torch.save(model.state_dict(), path)</c> writes (TorchSharp's own <c>Module.save</c> format is not PyTorch's).
/// </summary>
public static class TorchSaveFile
{
    /// <summary>
    /// torch.save(dict(state), path): torch.load returns a dict with these names, in this order. Tensors are written
    /// detached, from CPU memory, whatever their device. The file is replaced atomically.
    /// </summary>
    public static void Write(IEnumerable<KeyValuePair<string, Tensor>> state, string path)
    {
        ArgumentNullException.ThrowIfNull(state);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        // Dictionary keeps insertion order without removals: Python's dict gets the same order. The pickler writes
        // each tensor's bytes as one storage, so each must be a contiguous CPU tensor starting at its storage's start.
        var entries = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in state)
        {
            ArgumentNullException.ThrowIfNull(tensor, key);
            entries.Add(key, tensor.detach().cpu().clone().contiguous());
        }
        try
        {
            AtomicFile.Write(path, temp =>
            {
                using var stream = File.Create(temp);
                PyTorchPickler.PickleStateDict(stream, entries);
            });
        }
        // .NET reports a write past the file-size limit (EFBIG: ulimit -f, a FAT volume) as ArgumentOutOfRangeException
        // ("file length too large"), a full disk as IOException: either way the file could not be written.
        catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or NotImplementedException or IOException
                                      or ArgumentOutOfRangeException)
        {
            throw new IOException($"{path}: cannot write the checkpoint: {e.Message}", e);
        }
    }

    private static bool StartsWithZipMagic(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual("PK\u0003\u0004"u8);
    }

    /// <summary>
    /// torch.load(path, map_location='cpu') of a file holding a dict or OrderedDict of tensors keyed by name, such as
    /// one written by torch.save(model.state_dict(), path). The tensors are new CPU tensors owned by the caller (in no
    /// dispose scope). A missing file raises <see cref="FileNotFoundException"/>, any other problem
    /// <see cref="InvalidDataException"/> naming the file.
    /// </summary>
    public static Dictionary<string, Tensor> Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file", path);
        // torch.save writes a zip archive since PyTorch 1.6: anything else would get PyBridge's advice to re-save it.
        if (!StartsWithZipMagic(path))
            throw new InvalidDataException($"{path}: not a PyTorch checkpoint in torch.save's zip format (PyTorch 1.6 and later; a legacy-format file must be saved again)");
        Hashtable table;
        // The unpickler creates tensors as it goes: a scope collects them if it fails half-way.
        using (var scope = NewDisposeScope())
        {
            try
            {
                using var stream = File.OpenRead(path);
                table = PyTorchUnpickler.UnpickleStateDict(stream);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new InvalidDataException($"{path}: cannot read it as a PyTorch checkpoint (torch.save format): {e.Message}", e);
            }
            var state = new Dictionary<string, Tensor>();
            foreach (DictionaryEntry entry in table)
            {
                if (entry.Key is not string key || entry.Value is not Tensor tensor)
                    throw new InvalidDataException($"{path}: a torch.save file, but not a dict of named tensors " +
                        $"(entry {entry.Key} is {entry.Value?.GetType().Name ?? "None"})");
                state[key] = tensor;
            }
            foreach (var tensor in state.Values) tensor.DetachFromDisposeScope();
            return state;
        }
    }
}
