using Schane.Engine;
using Schane.Engine.Modules;

namespace Schane.Core.Models;

/// <summary>
/// What SCHaNe fine-tunes: a backbone with two heads on its features, a projection head for the contrastive term and
/// a linear classifier for cross-entropy (the official code's encoder + head + fc). State-dict keys are
/// "backbone.*", "projection.*" and "classifier.*".
/// </summary>
public sealed class ContrastiveModel : Module
{
    /// <summary>Wraps <paramref name="backbone"/> (owned from now on) with new heads for <paramref name="classes"/> classes.</summary>
    public ContrastiveModel(Backbone backbone, int classes, int projectionDimension = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classes, 2);
        ArgumentOutOfRangeException.ThrowIfLessThan(projectionDimension, 1);
        Backbone = RegisterModule("backbone", backbone);
        Projection = RegisterModule("projection", new ProjectionHead(backbone.FeatureDimension, projectionDimension));
        Classifier = RegisterModule("classifier", new Linear(backbone.FeatureDimension, classes));
    }

    /// <summary>The encoder.</summary>
    public Backbone Backbone { get; }

    /// <summary>The contrastive projection head.</summary>
    public ProjectionHead Projection { get; }

    /// <summary>The linear classifier (nn.Linear(d, classes)).</summary>
    public Linear Classifier { get; }

    /// <summary>Features, projections and logits of a batch of images [B, C, H, W].</summary>
    public ModelOutput Forward(Tensor images)
    {
        using var scope = Torch.NewDisposeScope();
        var features = Backbone.Forward(images);
        var projections = Projection.Forward(features);
        var logits = Classifier.Forward(features);
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
