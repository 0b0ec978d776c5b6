using Schane.Core.Data;
using Schane.Core.Models;
using Schane.Core.Training;

namespace Schane.Core.Tests;

/// <summary>
/// The losses, the objective, the models and the trainer on a GPU: the same results as on the CPU, every tensor on the
/// input's device. On CUDA the losses take TorchSharp's ops (the fused kernel is CPU-only). Skipped without CUDA (the
/// CPU backend package, or no GPU); a GPU user swaps libtorch-cpu-linux-x64 for TorchSharp-cuda-linux.
/// </summary>
public class CudaTests
{
    private static readonly Device Gpu = new(DeviceType.CUDA, 0);

    // TorchSharp's Device has no value equality: compare what it names.
    private static void AssertOnGpu(Tensor t, string what) => Assert.True(t.device_type == Gpu.type && t.device_index == Gpu.index, $"{what} is on {t.device}");

    public static IEnumerable<ContrastiveLoss> Losses()
    {
        var custom = NegativeWeighting.FromWeights(b => (b.Logits * b.Temperature).pow(2) + 0.25, "squared-cosine");
        return
        [
            new SCHaNeLoss(), new SCHaNeLoss { Positives = PositiveAveraging.OutsideLog }, new SCHaNeLoss { Weighting = custom },
            new SCHaNeLoss { Weighting = NegativeWeighting.TopK(3) }, new SupConLoss(), new HCLLoss(), new HCLLoss { Weighting = custom },
            new NTXentLoss(),
        ];
    }

    private static (double Value, double[] Grad, Tensor Loss) Run(ContrastiveLoss loss, Tensor e, Tensor labels)
    {
        var x = e.detach().requires_grad_();
        var value = loss.Compute(x, labels);
        value.backward();
        return (value.ToDouble(), x.grad!.Values<double>(), value);
    }

    [CudaFact]
    public void EveryLossOnTheGpuMatchesTheCpuOnEveryPath()
    {
        using var scope = NewDisposeScope();
        var random = new Random(21);
        var e = TestData.Normal(random, [40, 2, 16]);
        var labels = TestData.Labels(random, 40, 4);
        foreach (var loss in Losses())
        foreach (var path in new[] { LossPath.Dense, LossPath.Blocked })
        {
            var configured = loss with { Path = path, BlockRows = 7 };
            var cpu = Run(configured, e, labels);
            var gpu = Run(configured, e.to(Gpu), labels.to(Gpu));
            AssertOnGpu(gpu.Loss, $"{configured} {path}");
            LossAssert.Value(cpu.Value, gpu.Value, LossAssert.Tolerance(ScalarType.Float64), $"{configured} {path} on CUDA");
            LossAssert.Gradient(cpu.Grad, gpu.Grad, LossAssert.Tolerance(ScalarType.Float64), $"{configured} {path} gradient on CUDA");
        }
    }

    [CudaFact]
    public void TheLossModuleAndTheObjectiveKeepTheirTensorsOnTheGpu()
    {
        using var scope = NewDisposeScope();
        var e = randn([8, 2, 16], device: Gpu, requires_grad: true);
        var logits = randn([8, 2, 5], device: Gpu, requires_grad: true);
        var labels = randint(0, 3, [8], device: Gpu);
        using var criterion = new SCHaNeLoss().AsModule();
        AssertOnGpu(criterion.call(e, labels), "the loss module's value");
        using var terms = new Objective().Compute(e, logits, labels);
        Assert.All(new[] { terms.Total, terms.Contrastive, terms.CrossEntropy }, t => AssertOnGpu(t, "an objective term"));
        terms.Total.backward();
        AssertOnGpu(e.grad!, "the embeddings' gradient");
        AssertOnGpu(logits.grad!, "the logits' gradient");
    }

    [CudaFact]
    public void TheModelOnTheGpuMatchesItsCpuTwin()
    {
        using var scope = NewDisposeScope();
        var spec = new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 };
        using var cpuModel = spec.Build();
        using var gpuModel = spec.Build();
        gpuModel.load_state_dict(cpuModel.state_dict());
        cpuModel.to(ScalarType.Float64);
        gpuModel.to(ScalarType.Float64).to(Gpu);
        var x = TestData.Normal(new Random(22), [6, 1, 28, 28]);
        using var cpu = cpuModel.call(x);
        using var gpu = gpuModel.call(x.to(Gpu));
        AssertOnGpu(gpu.Projections, "projections");
        OracleCompare.Close(cpu.Features, gpu.Features, "features", atol: 1e-10, rtol: 1e-9);
        OracleCompare.Close(cpu.Logits, gpu.Logits, "logits", atol: 1e-10, rtol: 1e-9);
    }

    [CudaFact]
    public void TheTrainerRunsOnTheGpu()
    {
        using var all = ImageDataset.FashionMnist("test");
        using var five = all.WhereClasses([0, 1, 2, 5, 8]);
        using var data = five.Subsample(10, seed: 1);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 16, Seed = 7, Device = "cuda" };
        using var trainer = new Trainer(new ModelSpec { Width = 4, Classes = 5, ProjectionDimension = 16 }, data, options);
        var steps = new List<StepReport>();
        trainer.StepCompleted += steps.Add;
        Assert.Equal(TrainingOutcome.Completed, trainer.Run());
        Assert.Equal(3, steps.Count);
        Assert.All(steps, s => Assert.True(double.IsFinite(s.Loss) && s.Contrastive > 0));
        Assert.All(trainer.Model.parameters(), p => AssertOnGpu(p, "a parameter"));
    }
}
