using System.Text;
using System.Text.Json;
using Schane.Core.IO;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// The weights of a pre-trained backbone, read from one torch.save file, to start a fine-tuning run from (the
/// projection head and the classifier stay new). Three layouts are read, tried in this order: a schane checkpoint
/// (entries "model.backbone.*"), a PyTorch <c>state_dict</c> of a whole <see cref="ContrastiveModel"/> ("backbone.*",
/// as <c>torch.save(model.state_dict(), path)</c> writes it), and the <c>state_dict</c> of the backbone alone (its own
/// names, e.g. "conv1.weight", as <c>torch.save(model.backbone.state_dict(), path)</c> writes it).
/// </summary>
public sealed class BackboneWeights : IDisposable
{
    private const string CheckpointPrefix = "model.backbone.", ModelPrefix = "backbone.", MetaKey = "meta.json";

    private readonly Dictionary<string, Tensor> tensors;

    private BackboneWeights(string path, string layout, string? origin, Dictionary<string, Tensor> tensors)
    {
        Path = path;
        Layout = layout;
        Origin = origin;
        this.tensors = tensors;
    }

    /// <summary>The file, as a full path.</summary>
    public string Path { get; }

    /// <summary>Which layout the file had: "schane checkpoint", "PyTorch state_dict (backbone.*)" or "PyTorch state_dict (backbone alone)".</summary>
    public string Layout { get; }

    /// <summary>What a schane checkpoint says it was trained with (its objective and step); null for a plain state_dict.</summary>
    public string? Origin { get; }

    /// <summary>The backbone's state dict (its own names, without a prefix).</summary>
    public IReadOnlyDictionary<string, Tensor> Tensors => tensors;

    /// <summary>One line for reports: the file, its layout and (for a checkpoint) what it was trained with.</summary>
    public string Description => Origin is null ? $"{Path} ({Layout})" : $"{Path} ({Layout}: {Origin})";

    /// <summary>
    /// Reads the backbone's weights from <paramref name="path"/>. A missing file raises
    /// <see cref="FileNotFoundException"/>; a file without backbone weights, <see cref="InvalidDataException"/> naming
    /// the file and the layouts it accepts.
    /// </summary>
    public static BackboneWeights Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full)) throw new FileNotFoundException($"{full}: no such file (the pre-trained weights to start from)", full);
        var entries = TorchSaveFile.Read(full);
        var kept = new Dictionary<string, Tensor>();
        try
        {
            string layout;
            string? origin = null;
            if (entries.Keys.Any(k => k.StartsWith(CheckpointPrefix, StringComparison.Ordinal)))
            {
                layout = "schane checkpoint";
                origin = entries.TryGetValue(MetaKey, out var meta) ? OriginOf(meta) : null;
                Take(entries, kept, CheckpointPrefix);
            }
            else if (entries.Keys.Any(k => k.StartsWith(ModelPrefix, StringComparison.Ordinal)))
            {
                layout = "PyTorch state_dict (backbone.*)";
                Take(entries, kept, ModelPrefix);
            }
            else if (entries.Count > 0 && !entries.Keys.Any(k => k.StartsWith("model.", StringComparison.Ordinal)))
            {
                layout = "PyTorch state_dict (backbone alone)";
                Take(entries, kept, "");
            }
            else
            {
                throw new InvalidDataException($"{full}: no backbone weights: expected a schane checkpoint (model.backbone.*), a state_dict of " +
                    "the whole model (backbone.*, from torch.save(model.state_dict(), path)) or of the backbone alone");
            }
            return new BackboneWeights(full, layout, origin, kept);
        }
        catch
        {
            foreach (var tensor in kept.Values) tensor.Dispose();
            throw;
        }
        finally
        {
            foreach (var tensor in entries.Values) if (!kept.ContainsValue(tensor)) tensor.Dispose();
        }
    }

    private static void Take(Dictionary<string, Tensor> entries, Dictionary<string, Tensor> kept, string prefix)
    {
        foreach (var (key, tensor) in entries)
            if (key.StartsWith(prefix, StringComparison.Ordinal) && key != MetaKey) kept[key[prefix.Length..]] = tensor;
    }

    // "0.9·SCHaNe(…) + 0.1·CE, step 1880 of ResNet width=16 …" from the checkpoint's metadata, without its schema's version rules.
    private static string? OriginOf(Tensor meta)
    {
        try
        {
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(TensorData.ToArray<byte>(meta)));
            var root = json.RootElement;
            var objective = root.TryGetProperty("Objective", out var o) ? o.GetString() : null;
            var step = root.TryGetProperty("Step", out var s) ? s.GetInt32() : (int?)null;
            return objective is null ? null : step is null ? objective : $"{objective}, {step} steps";
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Copies the weights into <paramref name="model"/>'s backbone, leaving its heads as they are. Weights that do not
    /// fit (another architecture or width) raise <see cref="InvalidDataException"/> naming the file, the first key that
    /// differs and both shapes.
    /// </summary>
    public void LoadInto(ContrastiveModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var own = model.Backbone.state_dict();
        var missing = own.Keys.Where(k => !tensors.ContainsKey(k)).ToList();
        var unexpected = tensors.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            throw new InvalidDataException($"{Path}: the weights do not fit the backbone {model.Backbone.GetType().Name}: " +
                $"missing [{string.Join(", ", missing.Take(8))}], unexpected [{string.Join(", ", unexpected.Take(8))}]" +
                " (start from weights of the same backbone, width and depth)");
        foreach (var (name, tensor) in own)
            if (!tensors[name].shape.SequenceEqual(tensor.shape))
                throw new InvalidDataException($"{Path}: '{name}' has shape [{string.Join(", ", tensors[name].shape)}]; the backbone " +
                    $"{model.Backbone.GetType().Name} has [{string.Join(", ", tensor.shape)}] (another width or depth?)");
        // load_state_dict copies in place: an optimizer already holding these parameters keeps training them.
        model.Backbone.load_state_dict(tensors);
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in tensors.Values) tensor.Dispose();
        tensors.Clear();
    }
}
