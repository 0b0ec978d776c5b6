using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Modules;

/// <summary>
/// Batch normalisation over the channel dimension 1 (torch.nn.modules.batchnorm._BatchNorm), the shared part of
/// <see cref="BatchNorm1d"/> and <see cref="BatchNorm2d"/>. Parameters "weight" (γ, ones) and "bias" (β, zeros) when
/// affine; buffers "running_mean" (zeros), "running_var" (ones) and "num_batches_tracked" (int64 0) when tracking
/// running statistics — the names of PyTorch's state dict. In training the batch statistics normalise the input and
/// update the running ones; in evaluation the running statistics normalise it.
/// </summary>
public abstract unsafe class BatchNorm : Module<Tensor, Tensor>
{
    /// <summary>Creates the layer (the arguments of torch.nn.BatchNorm1d/2d).</summary>
    /// <param name="numFeatures">C, the size of dimension 1.</param>
    /// <param name="eps">Added to the variance for stability.</param>
    /// <param name="momentum">Weight of the batch in the running statistics; null for a cumulative average (momentum=None).</param>
    /// <param name="affine">Learn γ and β.</param>
    /// <param name="trackRunningStats">Keep running statistics; without them evaluation also uses the batch statistics.</param>
    protected BatchNorm(long numFeatures, double eps, double? momentum, bool affine, bool trackRunningStats)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(numFeatures, 1);
        NumFeatures = numFeatures;
        Eps = eps;
        Momentum = momentum;
        if (affine)
        {
            Weight = RegisterParameter("weight", Torch.Ones([numFeatures]));
            Bias = RegisterParameter("bias", Torch.Zeros([numFeatures]));
        }
        if (trackRunningStats)
        {
            RunningMean = RegisterBuffer("running_mean", Torch.Zeros([numFeatures]));
            RunningVar = RegisterBuffer("running_var", Torch.Ones([numFeatures]));
            NumBatchesTracked = RegisterBuffer("num_batches_tracked", Torch.Full([], 0L));
        }
    }

    /// <summary>num_features</summary>
    public long NumFeatures { get; }

    /// <summary>eps</summary>
    public double Eps { get; }

    /// <summary>momentum (null: cumulative moving average).</summary>
    public double? Momentum { get; }

    /// <summary>weight (γ), or null when not affine.</summary>
    public Tensor? Weight { get; }

    /// <summary>bias (β), or null when not affine.</summary>
    public Tensor? Bias { get; }

    /// <summary>running_mean, or null when not tracking running statistics.</summary>
    public Tensor? RunningMean { get; }

    /// <summary>running_var, or null when not tracking running statistics.</summary>
    public Tensor? RunningVar { get; }

    /// <summary>num_batches_tracked (int64 scalar), or null when not tracking running statistics.</summary>
    public Tensor? NumBatchesTracked { get; }

    /// <summary>Throws unless the input has a rank this layer accepts (_check_input_dim).</summary>
    protected abstract void CheckInputDim(Tensor input);

    /// <summary>_BatchNorm.forward</summary>
    public override Tensor Forward(Tensor input)
    {
        CheckInputDim(input);
        var factor = Momentum ?? 0.0;
        if (Training && NumBatchesTracked is { } tracked)
        {
            long count;
            NativeError.Check(sch_batch_norm_count(tracked.Handle, &count));
            if (Momentum is null) factor = 1.0 / count;
        }
        // Training always uses batch statistics; evaluation does too when there are no running statistics.
        var useBatchStats = Training || RunningMean is null;
        return Functional.BatchNorm(input, RunningMean, RunningVar, Weight, Bias, useBatchStats, factor, Eps);
    }

    /// <inheritdoc/>
    protected override string ExtraRepr() =>
        $"({NumFeatures}, eps={PythonFloat(Eps)}, momentum={(Momentum is { } m ? PythonFloat(m) : "None")}, " +
        $"affine={(Weight is null ? "False" : "True")}, track_running_stats={(RunningMean is null ? "False" : "True")})";

    // 1e-05 and 0.1, as Python prints floats.
    private static string PythonFloat(double value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture).Replace("E", "e");
}
