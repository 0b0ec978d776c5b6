using System.CommandLine;
using System.Text.Json.Nodes;
using Schane.Experiments;

namespace Schane.Cli.Commands;

/// <summary>
/// The run settings as command-line flags, one per <see cref="RunConfig"/> key (--batch-size for batchSize), plus
/// --config FILE. Only the flags given override the config file, which overrides the defaults.
/// </summary>
internal sealed class RunSettings
{
    private readonly List<(Option Option, string Key, Func<ParseResult, JsonNode?> Value)> flags = [];

    public RunSettings(bool includeLoss = true)
    {
        Config = new Option<FileInfo?>("--config") { Description = "A JSON file of settings (any subset of config.json's keys)." };
        Add<string>("name", "Run name: the folder under --runs-dir (default: <loss>-<UTC time>).");
        Add<string>("runsDir", "Where run folders go (default: runs).");
        Add<string>("dataset", "fashion-mnist (Debian's dataset-fashion-mnist) or npy (--train-images … --test-labels).", ["fashion-mnist", "npy"]);
        Add<string>("dataRoot", "Folder of the Fashion-MNIST IDX files.");
        Add<string>("trainImages", "Training images .npy: uint8 [N,H,W] or [N,H,W,C].");
        Add<string>("trainLabels", "Training labels .npy: int64 [N].");
        Add<string>("testImages", "Test images .npy.");
        Add<string>("testLabels", "Test labels .npy.");
        Add<string>("split", "Base/novel classes, e.g. 0-4/5-9 or 0,1,2,5,8/3,4,6,7,9 (default: Fashion-MNIST's, or halves).");
        Add<int>("trainPerClass", "At most this many training images per base class (0: all).");
        Add<int>("testPerClass", "At most this many test images per class (0: all).");
        Add<string>("backbone", "resnet, mlp, or a TorchScript backbone file (.pt) taking [B,C,H,W] and returning [B,d].");
        Add<int>("width", "ResNet base width (features 4·width) or MLP hidden width (default 16).");
        Add<int>("depth", "ResNet blocks per stage or MLP hidden layers (default 1).");
        Add<int>("projection", "Projection head output width (default 128).");
        Add<string>("init", "Start from this checkpoint's or PyTorch state_dict's backbone (projection head and classifier new).", path: true);
        if (includeLoss)
            Add<string>("loss", "schane, supcon, hcl, ntxent, or ce (cross-entropy only).", ["schane", "supcon", "hcl", "ntxent", "ce"]);
        Add<double>("lambda", "λ of λ·contrastive + (1−λ)·CE (default 0.9).");
        Add<double>("temperature", "τ (default: 0.5; SupCon 0.07).");
        Add<double>("beta", "β of the exponential negative weighting (schane, hcl; default 1).");
        if (includeLoss)
            Add<string>("weighting", "A C# script (.csx) whose final expression is the negative weighting (schane, hcl).", path: true);
        Add<double>("tauPlus", "τ⁺ of HCL (default 0.1).");
        Add<double>("labelSmoothing", "Label smoothing of the CE term (default 0).");
        Add<int>("epochs", "Passes over the base training images (default 8).");
        Add<int>("batchSize", "Images per step (default 128; each in two views).");
        Add<double>("learningRate", "Peak AdamW learning rate (default 0.002).", alias: "--lr");
        Add<double>("minLearningRate", "Learning rate at the end of the cosine decay (default 0).");
        Add<double>("warmupFraction", "Share of steps in linear warmup (default 0.05).");
        Add<double>("weightDecay", "AdamW weight decay (default 0.05).");
        Add<double>("clipGradNorm", "Clip the gradient norm to this (0: off; default 5).");
        Add<int>("seed", "Seed of everything random in the run (default 0).");
        Add<string>("device", "cpu or cuda[:i].");
        Add<int>("ways", "N of N-way few-shot episodes (default 5).");
        Add<int[]>("shots", "K values of K-shot evaluation (default 1 5).");
        Add<int>("queries", "Queries per class and episode (default 15).");
        Add<int>("episodes", "Episodes per few-shot setting (default 600).");
        Add<int>("knn", "Neighbours of the kNN accuracy (default 20).");
        Add<int[]>("fineTuneShots", "K values of few-shot fine-tuning: the run's objective on K images per novel class from the run's start, then top-1 on the novel test set (default: none).");
        Add<int>("fineTuneSteps", "Steps of each few-shot fine-tuning (default 50).");
    }

    /// <summary>--config FILE.</summary>
    public Option<FileInfo?> Config { get; }

    /// <summary>Adds every flag to <paramref name="command"/>.</summary>
    public void AddTo(Command command)
    {
        command.Options.Add(Config);
        foreach (var (option, _, _) in flags) command.Options.Add(option);
    }

    /// <summary>The config file, then the flags given, over the defaults (optionally over <paramref name="baseFile"/> first).</summary>
    public RunConfig Resolve(ParseResult parse, string? baseFile = null)
    {
        var overrides = new JsonObject();
        foreach (var (option, key, value) in flags)
            if (parse.GetResult(option) is not null) overrides[key] = value(parse);
        var file = parse.GetValue(Config)?.FullName;
        if (baseFile is null) return RunConfig.Resolve(file!, overrides);
        // A run's own config.json first, then a --config file, then the flags.
        var fromFile = file is null ? null : (JsonNode.Parse(File.ReadAllText(file)) as JsonObject
            ?? throw new InvalidDataException($"{file}: expected a JSON object of settings"));
        var merged = new JsonObject();
        foreach (var source in new[] { fromFile, overrides })
            if (source is not null)
                foreach (var (key, node) in source) merged[key] = node?.DeepClone();
        return RunConfig.Resolve(baseFile, merged);
    }

    private void Add<T>(string key, string description, string[]? choices = null, string? alias = null, bool path = false)
    {
        var name = "--" + string.Concat(key.Select(c => char.IsUpper(c) ? "-" + char.ToLowerInvariant(c) : c.ToString()));
        var option = new Option<T>(name) { Description = description };
        if (typeof(T) == typeof(int[])) option.AllowMultipleArgumentsPerToken = true;
        if (alias is not null) option.Aliases.Add(alias);
        if (choices is not null) option.AcceptOnlyFromAmong(choices);
        // Paths are stored absolute, so that a run folder's config.json works from anywhere.
        flags.Add((option, key, parse => JsonValueOf(path && parse.GetValue(option) is string p && p != "" ? (object)Path.GetFullPath(p) : parse.GetValue(option))));
    }

    private static JsonNode? JsonValueOf<T>(T value) => value switch
    {
        int[] array => new JsonArray(array.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray()),
        null => null,
        _ => JsonValue.Create(value),
    };
}
