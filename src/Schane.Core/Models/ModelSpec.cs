namespace Schane.Core.Models;

/// <summary>Which backbone a <see cref="ModelSpec"/> builds.</summary>
public enum BackboneKind
{
    /// <summary><see cref="SmallResNet"/>.</summary>
    ResNet,

    /// <summary><see cref="MlpBackbone"/>.</summary>
    Mlp,

    /// <summary><see cref="TorchScriptBackbone"/> from <see cref="ModelSpec.ScriptPath"/>.</summary>
    TorchScript,
}

/// <summary>
/// Everything needed to rebuild a <see cref="ContrastiveModel"/> before loading its weights: checkpoints store it, and
/// a checkpoint is only loaded into a model of the same spec.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>The backbone architecture.</summary>
    public BackboneKind Backbone { get; init; } = BackboneKind.ResNet;

    /// <summary>The images the model takes.</summary>
    public ImageShape Image { get; init; } = new(1, 28, 28);

    /// <summary>Classifier outputs.</summary>
    public int Classes { get; init; } = 10;

    /// <summary>Width of the projection head's output.</summary>
    public int ProjectionDimension { get; init; } = 128;

    /// <summary>ResNet base width w (features are 4w) or MLP hidden width.</summary>
    public int Width { get; init; } = 16;

    /// <summary>ResNet blocks per stage, or MLP hidden layers.</summary>
    public int Depth { get; init; } = 1;

    /// <summary>The TorchScript file, for <see cref="BackboneKind.TorchScript"/>.</summary>
    public string? ScriptPath { get; init; }

    /// <summary>Builds the model with freshly initialised weights (torch's global generator: seed it first).</summary>
    public ContrastiveModel Build()
    {
        if (Image.Channels < 1 || Image.Height < 1 || Image.Width < 1)
            throw new ArgumentException($"image shape [{Image}] must be positive", nameof(Image));
        Backbone backbone = Backbone switch
        {
            BackboneKind.ResNet => new SmallResNet(Image.Channels, Width, Depth),
            BackboneKind.Mlp => new MlpBackbone(Image, Width, Depth),
            BackboneKind.TorchScript => TorchScriptBackbone.Load(
                ScriptPath ?? throw new ArgumentException("a TorchScript backbone needs ScriptPath", nameof(ScriptPath)), Image),
            _ => throw new ArgumentOutOfRangeException(nameof(Backbone), Backbone, "unknown backbone"),
        };
        try
        {
            return new ContrastiveModel(backbone, Classes, ProjectionDimension);
        }
        catch
        {
            backbone.Dispose();
            throw;
        }
    }

    /// <summary>A one-line description, e.g. "ResNet w=16 depth=1, 1×28×28 → 10 classes".</summary>
    public override string ToString() => Backbone switch
    {
        BackboneKind.TorchScript => $"TorchScript {ScriptPath}, {Image.Channels}×{Image.Height}×{Image.Width} → {Classes} classes",
        _ => $"{Backbone} width={Width} depth={Depth}, {Image.Channels}×{Image.Height}×{Image.Width} → {Classes} classes",
    };
}
