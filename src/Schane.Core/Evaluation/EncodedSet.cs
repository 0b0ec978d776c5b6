using Schane.Core.Data;
using Schane.Core.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Schane.Core.Evaluation;

/// <summary>
/// A dataset run through a model once, in evaluation mode and without gradients: backbone features [N, d] (what the
/// few-shot probe and kNN read), projections [N, p] (what the contrastive loss shaped) and logits [N, C], with the
/// labels [N]. All on the CPU; it owns its tensors.
/// </summary>
public sealed class EncodedSet : IDisposable
{
    private EncodedSet(Tensor features, Tensor projections, Tensor logits, Tensor labels)
    {
        Features = features;
        Projections = projections;
        Logits = logits;
        Labels = labels;
    }

    /// <summary>Backbone features [N, d].</summary>
    public Tensor Features { get; }

    /// <summary>Projection-head outputs [N, p].</summary>
    public Tensor Projections { get; }

    /// <summary>Classifier logits [N, C].</summary>
    public Tensor Logits { get; }

    /// <summary>Labels [N] (int64).</summary>
    public Tensor Labels { get; }

    /// <summary>
    /// Encodes <paramref name="data"/> in batches of <paramref name="batchSize"/> after <paramref name="preprocessing"/>'s
    /// normalisation (no augmentation). The model's training mode is restored afterwards.
    /// </summary>
    public static EncodedSet Encode(ContrastiveModel model, ImageDataset data, Augmentation preprocessing, int batchSize = 500)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(preprocessing);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var wasTraining = model.training;
        var device = model.Classifier.weight!.device;
        model.eval();
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            var features = new List<Tensor>();
            var projections = new List<Tensor>();
            var logits = new List<Tensor>();
            for (long start = 0; start < data.Count; start += batchSize)
            {
                var length = Math.Min(batchSize, data.Count - start);
                using var images = preprocessing.Normalize(data.Images.narrow(0, start, length));
                using var onDevice = images.to(device);
                using var output = model.call(onDevice);
                features.Add(output.Features.cpu());
                projections.Add(output.Projections.cpu());
                logits.Add(output.Logits.cpu());
            }
            return new EncodedSet(cat(features, 0).MoveToOuterDisposeScope(), cat(projections, 0).MoveToOuterDisposeScope(),
                cat(logits, 0).MoveToOuterDisposeScope(), data.Labels.clone().MoveToOuterDisposeScope());
        }
        finally
        {
            model.train(wasTraining);
        }
    }

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Features.Dispose();
        Projections.Dispose();
        Logits.Dispose();
        Labels.Dispose();
    }
}
