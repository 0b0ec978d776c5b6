using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Schane.Core.Models;

/// <summary>
/// What SCHaNe fine-tunes: a backbone with two heads on its features, a projection head for the contrastive term and
/// a linear classifier for cross-entropy (the official code's encoder + head + fc). State-dict keys are
/// "backbone.*", "projection.*" and "classifier.*". <c>model.call(images)</c> (or <c>forward</c>) gives all three outputs.
/// </summary>
public sealed class ContrastiveModel : nn.Module<Tensor, ModelOutput>
{
    // Field names are the state-dict names (TorchSharp registers fields by name).
    private readonly Backbone backbone;
    private readonly ProjectionHead projection;
    private readonly Linear classifier;

    /// <summary>Wraps <paramref name="backbone"/> (owned from now on) with new heads for <paramref name="classes"/> classes.</summary>
    public ContrastiveModel(Backbone backbone, int classes, int projectionDimension = 128) : base(nameof(ContrastiveModel))
    {
        ArgumentNullException.ThrowIfNull(backbone);
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(projectionDimension, 1);
        this.backbone = backbone;
        projection = new ProjectionHead(backbone.FeatureDimension, projectionDimension);
        classifier = nn.Linear(backbone.FeatureDimension, classes);
        RegisterComponents();
    }

    /// <summary>The encoder.</summary>
    public Backbone Backbone => backbone;

    /// <summary>The contrastive projection head.</summary>
    public ProjectionHead Projection => projection;

    /// <summary>The linear classifier (nn.Linear(d, classes)).</summary>
    public Linear Classifier => classifier;

    /// <summary>Features, projections and logits of a batch of images [B, C, H, W].</summary>
    public override ModelOutput forward(Tensor images)
    {
        using var scope = NewDisposeScope();
        var features = backbone.call(images);
        var projections = projection.call(features);
        var logits = classifier.call(features);
        return new ModelOutput(features.MoveToOuterDisposeScope(), projections.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope());
    }
}

/// <summary>One forward pass of a <see cref="ContrastiveModel"/>: [B, d] features, [B, p] projections, [B, classes] logits.</summary>
public sealed record ModelOutput(Tensor Features, Tensor Projections, Tensor Logits) : IDisposable
{
    /// <inheritdoc/>
    public void Dispose()
    {
        Features.Dispose();
        Projections.Dispose();
        Logits.Dispose();
    }
}
