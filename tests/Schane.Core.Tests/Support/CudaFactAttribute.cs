using TorchSharp;

namespace Schane.Core.Tests.Support;

/// <summary>
/// A fact that needs a CUDA device: skipped, with the reason shown, where libtorch sees none (the CPU backend
/// package, or no GPU). A GPU user swaps libtorch-cpu-linux-x64 for TorchSharp-cuda-linux and these run.
/// </summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!torch.cuda.is_available()) Skip = "no CUDA device (libtorch built without CUDA, or no GPU)";
    }
}
