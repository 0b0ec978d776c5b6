using Schane.Core.Data;
using Schane.Core.Models;
using Schane.Engine;

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
        var wasTraining = model.Training;
        var device = model.Classifier.Weight.Device;
        model.Eval();
        try
        {
            using var noGrad = Torch.NoGrad();
            using var scope = Torch.NewDisposeScope();
            var features = new List<Tensor>();
            var projections = new List<Tensor>();
            var logits = new List<Tensor>();
            for (long start = 0; start < data.Count; start += batchSize)
            {
                var length = Math.Min(batchSize, data.Count - start);
                using var images = preprocessing.Normalize(data.Images.Narrow(0, start, length));
                using var onDevice = images.To(device);
                using var output = model.Forward(onDevice);
                features.Add(output.Features.Cpu());
                projections.Add(output.Projections.Cpu());
                logits.Add(output.Logits.Cpu());
            }
            return new EncodedSet(Torch.Cat(features, 0).MoveToOuterDisposeScope(), Torch.Cat(projections, 0).MoveToOuterDisposeScope(),
                Torch.Cat(logits, 0).MoveToOuterDisposeScope(), data.Labels.Clone().MoveToOuterDisposeScope());
        }
        finally
        {
            model.Train(wasTraining);
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
