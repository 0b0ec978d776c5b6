using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine.Optim;

/// <summary>
/// Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay
/// (torch.optim.SGD, with its exact semantics: the momentum buffer starts as the first gradient). State per parameter:
/// "momentum_buffer" (only with momentum).
/// </summary>
public sealed unsafe class SGD : Optimizer
{
    private readonly Tensor?[] momentumBuffers;

    /// <summary>torch.optim.SGD(params, lr, momentum=0, dampening=0, weight_decay=0, nesterov=False, maximize=False).</summary>
    public SGD(IEnumerable<Tensor> parameters, double learningRate, double momentum = 0, double dampening = 0, double weightDecay = 0,
        bool nesterov = false, bool maximize = false)
        : base(parameters, learningRate)
    {
        if (!(momentum >= 0)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "invalid momentum value");
        if (!(weightDecay >= 0)) throw new ArgumentOutOfRangeException(nameof(weightDecay), weightDecay, "invalid weight_decay value");
        if (nesterov && (momentum <= 0 || dampening != 0))
            throw new ArgumentException("Nesterov momentum requires a momentum and zero dampening", nameof(nesterov));
        Momentum = momentum;
        Dampening = dampening;
        WeightDecay = weightDecay;
        Nesterov = nesterov;
        Maximize = maximize;
        momentumBuffers = RegisterTensorState("momentum_buffer", required: false);
    }

    /// <summary>momentum</summary>
    public double Momentum { get; }

    /// <summary>dampening</summary>
    public double Dampening { get; }

    /// <summary>weight_decay (L2 penalty added to the gradient).</summary>
    public double WeightDecay { get; }

    /// <summary>nesterov</summary>
    public bool Nesterov { get; }

    /// <summary>maximize: ascend instead of descend.</summary>
    public bool Maximize { get; }

    /// <summary>SGD.step: p ← p − lr · d, with d the gradient (plus decay) or its momentum form.</summary>
    public override void Step()
    {
        var parameters = ParameterHandles();
        var buffers = StateHandles(momentumBuffers);
        int status;
        fixed (IntPtr* p = parameters, b = buffers)
            status = sch_sgd_step(p, parameters.Length, b, LearningRate, Momentum, Dampening, WeightDecay, Nesterov ? 1 : 0, Maximize ? 1 : 0);
        // Take the buffers created before any failure, so that none leaks.
        AdoptStateHandles(momentumBuffers);
        NativeError.Check(status);
    }
}
