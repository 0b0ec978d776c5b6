namespace Schane.Engine.Modules;

/// <summary>Batch normalisation of [N, C, H, W] inputs (torch.nn.BatchNorm2d); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm2d : BatchNorm
{
    /// <summary>torch.nn.BatchNorm2d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True).</summary>
    public BatchNorm2d(long numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats) { }

    /// <inheritdoc/>
    protected override void CheckInputDim(Tensor input)
    {
        var dim = input.Dim;
        if (dim != 4) throw new ArgumentException($"BatchNorm2d: expected 4D input (got {dim}D input)", nameof(input));
    }
}
