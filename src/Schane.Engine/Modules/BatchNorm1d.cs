namespace Schane.Engine.Modules;

/// <summary>Batch normalisation of [N, C] or [N, C, L] inputs (torch.nn.BatchNorm1d); see <see cref="BatchNorm"/>.</summary>
public sealed class BatchNorm1d : BatchNorm
{
    /// <summary>torch.nn.BatchNorm1d(num_features, eps=1e-5, momentum=0.1, affine=True, track_running_stats=True).</summary>
    public BatchNorm1d(long numFeatures, double eps = 1e-5, double? momentum = 0.1, bool affine = true, bool trackRunningStats = true)
        : base(numFeatures, eps, momentum, affine, trackRunningStats) { }

    /// <inheritdoc/>
    protected override void CheckInputDim(Tensor input)
    {
        var dim = input.Dim;
        if (dim != 2 && dim != 3) throw new ArgumentException($"BatchNorm1d: expected 2D or 3D input (got {dim}D input)", nameof(input));
    }
}
