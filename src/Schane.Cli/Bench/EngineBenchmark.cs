using Schane.Engine;
using Schane.Engine.Modules;
using Schane.Engine.Optim;

namespace Schane.Cli.Bench;

/// <summary>
/// `schane bench engine`: the binding's per-call overhead (a tiny op from .NET minus the same op called from C++),
/// and one training step of a 3-layer MLP next to the same step in PyTorch, measured in the same run.
/// </summary>
internal static class EngineBenchmark
{
    public sealed record Result(
        int Threads,
        string TorchVersion,
        double NoOpCallNs,
        double TinyOpNativeNs,
        double TinyOpDotnetNs,
        double TinyOpPyTorchNs,
        double MlpStepDotnetMs,
        double MlpStepPyTorchMs,
        double MlpStepPyTorchDefaultRuntimeMs)
    {
        /// <summary>What the binding adds to each call: .NET per-call time minus the C++ floor.</summary>
        public double OverheadNs => TinyOpDotnetNs - TinyOpNativeNs;

        /// <summary>.NET step time over PyTorch's under the same runtime settings (lower is better; the target is at most 1.1).</summary>
        public double MlpRatio => MlpStepDotnetMs / MlpStepPyTorchMs;
    }

    public static Result Run(int calls = 200_000, int steps = 20, int repeats = 5, Action<string>? progress = null)
    {
        var threads = Torch.Threads;
        progress?.Invoke("tiny op: .NET and C++");
        var (nativeNs, dotnetNs) = TinyOp(calls);
        var noOpNs = Diagnostics.NoOpCallNanoseconds(calls);
        progress?.Invoke("MLP step: .NET");
        var mlpMs = MlpStep(steps, repeats);
        progress?.Invoke("PyTorch peer (the engine's runtime settings)");
        var peer = PythonPeer.Run("engine.py", PythonPeer.SameRuntimePolicy, threads, calls, steps, repeats);
        progress?.Invoke("PyTorch peer (default runtime settings)");
        var defaultHeap = PythonPeer.Run("engine.py", threads, calls, steps, repeats);
        return new Result(threads, peer.GetProperty("torch").GetString()!, noOpNs, nativeNs, dotnetNs,
            peer.GetProperty("tiny_op_ns").GetDouble(), mlpMs, peer.GetProperty("mlp_step_ms").GetDouble(),
            defaultHeap.GetProperty("mlp_step_ms").GetDouble());
    }

    private static (double NativeNs, double DotnetNs) TinyOp(int calls)
    {
        using var a = Torch.Ones([1]);
        using var b = Torch.Ones([1]);
        Diagnostics.NativeAddNanoseconds(a, b, calls / 10);
        var nativeNs = Measure.Median(Enumerable.Range(0, 5).Select(_ => Diagnostics.NativeAddNanoseconds(a, b, calls)));
        var (dotnetMs, _) = Measure.MillisecondsPerCall(() =>
        {
            using var c = a + b;
        }, calls, repeats: 5, warmup: calls / 10);
        return (nativeNs, dotnetMs * 1e6);
    }

    private static double MlpStep(int steps, int repeats)
    {
        Torch.ManualSeed(0);
        using var model = new Sequential(
            new Linear(784, 512), new ReLU(),
            new Linear(512, 512), new ReLU(),
            new Linear(512, 10));
        using var optimizer = new AdamW(model.Parameters(), learningRate: 1e-3);
        using var x = Torch.Randn([256, 784]);
        using var y = Torch.Randint(0, 10, [256]);
        var (ms, _) = Measure.MillisecondsPerCall(() =>
        {
            using var scope = Torch.NewDisposeScope();
            optimizer.ZeroGrad();
            var loss = Functional.CrossEntropy(model.Forward(x), y);
            loss.Backward();
            optimizer.Step();
        }, steps, repeats, warmup: steps / 2);
        return ms;
    }
}
