namespace Schane.Engine.Tests.Support;

/// <summary>A fact that needs a CUDA device: skipped, with the reason shown, where libtorch sees none.</summary>
public sealed class CudaFactAttribute : FactAttribute
{
    public CudaFactAttribute()
    {
        if (!Torch.CudaIsAvailable) Skip = "no CUDA device (libtorch built without CUDA, or no GPU)";
    }
}
