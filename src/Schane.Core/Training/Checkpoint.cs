using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Schane.Core.IO;
using Schane.Core.Models;
using TorchSharp;
using static TorchSharp.torch;
using AdamW = TorchSharp.Modules.AdamW;

namespace Schane.Core.Training;

/// <summary>
/// A training checkpoint in one torch.save file (written atomically: a failed write leaves the previous one whole).
/// torch.load returns a flat dict: "model.*" is the model's state dict, "optimizer.*" the optimizer's state tensors,
/// "optimizer_scalar.*" its scalars (0-d float64), and "meta.json" a uint8 tensor holding <see cref="CheckpointMetadata"/>
/// as UTF-8 JSON — so one file is enough to rebuild the model, evaluate it, or resume its run exactly. The file is
/// PyTorch's own format (<see cref="TorchSaveFile"/>).
/// </summary>
public sealed class Checkpoint : IDisposable
{
    private const string ModelPrefix = "model.", OptimizerPrefix = "optimizer.", ScalarPrefix = "optimizer_scalar.", MetaKey = "meta.json";

    internal static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    private Checkpoint(string path, CheckpointMetadata metadata, Dictionary<string, Tensor> model, AdamWState optimizer)
    {
        Path = path;
        Metadata = metadata;
        modelState = model;
        OptimizerState = optimizer;
    }

    /// <summary>The file it was read from.</summary>
    public string Path { get; }

    /// <summary>What the run was and how far it got.</summary>
    public CheckpointMetadata Metadata { get; }

    /// <summary>The model's state dict.</summary>
    public IReadOnlyDictionary<string, Tensor> ModelState => modelState;

    private readonly Dictionary<string, Tensor> modelState;

    /// <summary>The optimizer's state (empty when none was saved).</summary>
    public AdamWState OptimizerState { get; }

    /// <summary>Writes a checkpoint of <paramref name="model"/> (and <paramref name="optimizer"/>, if any) to <paramref name="path"/>.</summary>
    public static void Save(string path, CheckpointMetadata metadata, nn.Module model, AdamW? optimizer)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(model);
        using var scope = NewDisposeScope();
        var entries = new Dictionary<string, Tensor>();
        foreach (var (key, tensor) in model.state_dict()) entries[ModelPrefix + key] = tensor;
        using var optimizerState = optimizer is null ? null : AdamWState.Of(optimizer);
        if (optimizerState is not null)
        {
            foreach (var (key, tensor) in optimizerState.Tensors) entries[OptimizerPrefix + key] = tensor;
            foreach (var (key, value) in optimizerState.Scalars) entries[ScalarPrefix + key] = tensor(value, ScalarType.Float64);
        }
        entries[MetaKey] = tensor(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(metadata, Json)));
        TorchSaveFile.Write(entries, path);
    }

    /// <summary>
    /// Reads a checkpoint. A missing file, a file that is not a torch.save file, or one without schane's metadata raises
    /// an exception naming the path.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        var entries = TorchSaveFile.Read(path);
        var model = new Dictionary<string, Tensor>();
        var optimizer = new AdamWState();
        try
        {
            if (!entries.TryGetValue(MetaKey, out var meta))
                throw new InvalidDataException($"{path}: a PyTorch file, but not a schane checkpoint (it has no '{MetaKey}' entry)");
            CheckpointMetadata metadata;
            try
            {
                metadata = JsonSerializer.Deserialize<CheckpointMetadata>(Encoding.UTF8.GetString(TensorData.ToArray<byte>(meta)), Json)
                    ?? throw new InvalidDataException($"{path}: empty '{MetaKey}'");
            }
            catch (JsonException e)
            {
                throw new InvalidDataException($"{path}: unreadable '{MetaKey}': {e.Message}", e);
            }
            if (metadata.Format != CheckpointMetadata.CurrentFormat)
                throw new InvalidDataException($"{path}: checkpoint format {metadata.Format}; this version reads format {CheckpointMetadata.CurrentFormat}");
            foreach (var (key, tensor) in entries)
            {
                if (key.StartsWith(ModelPrefix, StringComparison.Ordinal)) model[key[ModelPrefix.Length..]] = tensor;
                else if (key.StartsWith(OptimizerPrefix, StringComparison.Ordinal)) optimizer.Tensors[key[OptimizerPrefix.Length..]] = tensor;
                else if (key.StartsWith(ScalarPrefix, StringComparison.Ordinal))
                {
                    optimizer.Scalars[key[ScalarPrefix.Length..]] = tensor.ToDouble();
                    tensor.Dispose();
                }
                else tensor.Dispose();
            }
            return new Checkpoint(path, metadata, model, optimizer);
        }
        catch
        {
            foreach (var tensor in entries.Values) tensor.Dispose();
            optimizer.Tensors.Clear();
            throw;
        }
    }

    /// <summary>
    /// Builds the model the checkpoint's spec describes and loads its weights. Weights that do not fit the spec (a
    /// checkpoint edited or written for another architecture) raise <see cref="InvalidDataException"/>.
    /// </summary>
    public ContrastiveModel BuildModel()
    {
        var model = Metadata.Model.Build();
        try
        {
            LoadInto(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Loads the weights into <paramref name="model"/>, which must match the checkpoint's architecture.</summary>
    public void LoadInto(ContrastiveModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (Mismatch(model) is { } problem)
            throw new InvalidDataException($"{Path}: the checkpoint's weights do not fit the model {Metadata.Model}: {problem}");
        model.load_state_dict(modelState);
    }

    // What keeps the weights from loading into the model (TorchSharp's load_state_dict says only that they differ).
    private string? Mismatch(ContrastiveModel model)
    {
        var own = model.state_dict();
        var missing = own.Keys.Where(k => !modelState.ContainsKey(k)).ToList();
        var unexpected = modelState.Keys.Where(k => !own.ContainsKey(k)).ToList();
        if (missing.Count > 0 || unexpected.Count > 0)
            return $"state dict does not match {model.GetType().Name}: missing [{string.Join(", ", missing)}], unexpected [{string.Join(", ", unexpected)}]";
        foreach (var (name, tensor) in own)
            if (!modelState[name].shape.SequenceEqual(tensor.shape))
                return $"'{name}': the state dict has shape [{string.Join(", ", modelState[name].shape)}], the module [{string.Join(", ", tensor.shape)}]";
        return null;
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        foreach (var tensor in ModelState.Values) tensor.Dispose();
        OptimizerState.Dispose();
    }
}

/// <summary>What a checkpoint describes: the model, the settings of its run, and how far the run got.</summary>
/// <param name="Format">The file layout's version.</param>
/// <param name="Model">The architecture.</param>
/// <param name="Options">The run's optimisation settings.</param>
/// <param name="Objective">The objective, described (e.g. "0.9·SCHaNe(τ=0.1, β=1) + 0.1·CE").</param>
/// <param name="ClassNames">The names of the classifier's classes, by output index.</param>
/// <param name="Step">Steps completed.</param>
/// <param name="StepsPerEpoch">Steps in one epoch.</param>
/// <param name="TrainingImages">Images in the training set (a resumed run checks it has the same data).</param>
public sealed record CheckpointMetadata(int Format, ModelSpec Model, TrainingOptions Options, string Objective,
    IReadOnlyList<string> ClassNames, int Step, int StepsPerEpoch, long TrainingImages)
{
    /// <summary>The format this version writes.</summary>
    public const int CurrentFormat = 1;

    /// <summary>
    /// The ranks of the data-parallel run that wrote it (null: one process, and the field is not written, so
    /// single-process checkpoints stay as they were). A run resumes with the same number of ranks.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? WorldSize { get; init; }

    /// <summary>Completed epochs (a checkpoint taken mid-epoch rounds down).</summary>
    public int Epoch => Step / StepsPerEpoch;
}
