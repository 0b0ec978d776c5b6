using Schane.Engine.Tests.Support;

namespace Schane.Engine.Tests;

/// <summary>The engine on a GPU: the same results as on the CPU. Skipped on machines without CUDA.</summary>
public class CudaTests
{
    [CudaFact]
    public void TensorsMoveToTheGpuAndBack()
    {
        using var scope = Torch.NewDisposeScope();
        var cpu = Torch.Randn([64, 32]);
        var gpu = cpu.Cuda();
        Assert.Equal(DeviceType.CUDA, gpu.Device.Type);
        Assert.True(gpu.Cpu().Equal(cpu));
        Assert.Equal(cpu.ToArray<float>(), gpu.ToArray<float>());
    }

    [CudaFact]
    public void MatMulAndGradientsMatchTheCpu()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.Randn([128, 64], DType.Float64, requiresGrad: true);
        var b = Torch.Randn([64, 32], DType.Float64);
        var loss = a.MatMul(b).Tanh().Sum();
        loss.Backward();

        var ga = a.Detach().Cuda().RequiresGrad_();
        var lossGpu = ga.MatMul(b.Cuda()).Tanh().Sum();
        lossGpu.Backward();
        Assert.Equal(loss.Item<double>(), lossGpu.Item<double>(), 9);
        Assert.True(ga.Grad!.Cpu().AllClose(a.Grad!, rtol: 1e-9, atol: 1e-12));
    }

    [CudaFact]
    public void CreationOnTheGpuHonoursDevice()
    {
        using var scope = Torch.NewDisposeScope();
        var z = Torch.Zeros([3, 3], device: Device.Cuda(0));
        var r = Torch.Randint(0, 10, [5], device: "cuda:0");
        Assert.Equal(Device.Cuda(0), z.Device);
        Assert.Equal(Device.Cuda(0), r.Device);
        Torch.CudaSynchronize();
    }
}
