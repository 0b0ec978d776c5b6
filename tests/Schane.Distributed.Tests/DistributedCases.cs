using Schane.Core.Data;
using Schane.Core.Losses;
using Schane.Core.Models;
using Schane.Core.Training;
using static TorchSharp.torch;

namespace Schane.Distributed.Tests;

/// <summary>What the MPI test host and the tests both build: the losses compared, and the small training run.</summary>
public static class DistributedCases
{
    /// <summary>The losses whose distributed value and gradient are compared with one process's.</summary>
    public static IReadOnlyList<(string Name, ContrastiveLoss Loss)> Losses { get; } =
    [
        ("schane", new SCHaNeLoss()),
        ("supcon", new SupConLoss { Temperature = 0.1 }),
        ("hcl", new HCLLoss()),
        // A user's weighting (generic autograd path, not the built-in kernel): weight negatives by their squared logits.
        ("user", new SCHaNeLoss { Weighting = NegativeWeighting.FromLogWeights(block => block.Logits.pow(2) * 0.5, "squared") }),
    ];

    /// <summary>The global batch of the loss tests: 12 samples × 2 views × 8 dims in 3 classes (12 divides among 2 and 3 ranks).</summary>
    public const int Samples = 12, Views = 2, Dimension = 8;

    /// <summary>The training runs' settings: 12 images per step (1, 2 or 3 ranks), 4 steps per epoch on 50 images.</summary>
    public static TrainingOptions Options(int epochs) => new() { Epochs = epochs, BatchSize = 12, LearningRate = 3e-3, Seed = 7 };

    /// <summary>A BatchNorm-free model (MLP backbone) or the small ResNet, which has BatchNorm.</summary>
    public static ModelSpec Spec(bool batchNorm) => batchNorm
        ? new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 }
        : new ModelSpec { Backbone = BackboneKind.Mlp, Width = 32, Classes = 5, ProjectionDimension = 16 };

    /// <summary>50 Fashion-MNIST training images of five classes (TrainerTests' set).</summary>
    public static ImageDataset Data()
    {
        using var all = ImageDataset.FashionMnist("train");
        using var five = all.WhereClasses([0, 1, 2, 5, 8]);
        return five.Subsample(10, seed: 1);
    }

    /// <summary>Rows [rank·n, (rank + 1)·n) of <paramref name="tensor"/>, n = rows / worldSize.</summary>
    public static Tensor Shard(Tensor tensor, int rank, int worldSize)
    {
        var rows = tensor.size(0) / worldSize;
        return tensor.narrow(0, rank * rows, rows);
    }
}
