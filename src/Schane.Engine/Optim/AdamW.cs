using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Optim;

/// <summary>
/// Adam with decoupled weight decay (torch.optim.AdamW, with its exact semantics: bias-corrected moments, decay
/// p ← p · (1 − lr · wd) before the update, optional AMSGrad). State per parameter: "step", "exp_avg", "exp_avg_sq",
/// and "max_exp_avg_sq" with AMSGrad.
/// </summary>
public sealed unsafe class AdamW : Optimizer
{
    private readonly Tensor?[] expAvg;
    private readonly Tensor?[] expAvgSq;
    private readonly Tensor?[]? maxExpAvgSq;
    private readonly long[] steps;

    /// <summary>
    /// torch.optim.AdamW(params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=1e-2, amsgrad=False, maximize=False).
    /// </summary>
    public AdamW(IEnumerable<Tensor> parameters, double learningRate = 1e-3, double beta1 = 0.9, double beta2 = 0.999, double eps = 1e-8,
        double weightDecay = 1e-2, bool amsgrad = false, bool maximize = false)
        : base(parameters, learningRate)
    {
        if (!(eps >= 0)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "invalid epsilon value");
        if (!(beta1 >= 0 && beta1 < 1)) throw new ArgumentOutOfRangeException(nameof(beta1), beta1, "invalid beta parameter at index 0");
        if (!(beta2 >= 0 && beta2 < 1)) throw new ArgumentOutOfRangeException(nameof(beta2), beta2, "invalid beta parameter at index 1");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "invalid weight_decay value");
        Beta1 = beta1;
        Beta2 = beta2;
        Eps = eps;
        WeightDecay = weightDecay;
        Amsgrad = amsgrad;
        Maximize = maximize;
        steps = RegisterCountState("step");
        expAvg = RegisterTensorState("exp_avg", required: true);
        expAvgSq = RegisterTensorState("exp_avg_sq", required: true);
        if (amsgrad) maxExpAvgSq = RegisterTensorState("max_exp_avg_sq", required: true);
    }

    /// <summary>betas[0]: decay of the first moment.</summary>
    public double Beta1 { get; }

    /// <summary>betas[1]: decay of the second moment.</summary>
    public double Beta2 { get; }

    /// <summary>eps, added to the denominator.</summary>
    public double Eps { get; }

    /// <summary>weight_decay (decoupled).</summary>
    public double WeightDecay { get; }

    /// <summary>amsgrad: normalise by the running maximum of the second moment.</summary>
    public bool Amsgrad { get; }

    /// <summary>maximize: ascend instead of descend.</summary>
    public bool Maximize { get; }

    /// <summary>AdamW.step</summary>
    public override void Step()
    {
        var parameters = ParameterHandles();
        var m = StateHandles(expAvg);
        var v = StateHandles(expAvgSq);
        var vmax = maxExpAvgSq is null ? null : StateHandles(maxExpAvgSq);
        int status;
        fixed (IntPtr* p = parameters, pm = m, pv = v, pvmax = vmax)
        fixed (long* s = steps)
            status = sch_adamw_step(p, parameters.Length, pm, pv, pvmax, s, LearningRate, Beta1, Beta2, Eps, WeightDecay,
                Amsgrad ? 1 : 0, Maximize ? 1 : 0);
        // Take the moments created before any failure, so that none leaks.
        AdoptStateHandles(expAvg);
        AdoptStateHandles(expAvgSq);
        if (maxExpAvgSq is not null) AdoptStateHandles(maxExpAvgSq);
        NativeError.Check(status);
    }
}
