namespace Schane.Engine.Tests;

public class SmokeTests
{
    [Fact]
    public void AddsTwoTensors()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.FromArray([1f, 2f, 3f]);
        var b = Torch.Ones([3]);
        var c = a + b * 2;
        Assert.Equal([3f, 4f, 5f], c.ToArray<float>());
        Assert.Equal([3L], c.Shape);
        Assert.Equal(DType.Float32, c.DType);
    }

    [Fact]
    public void ShapeMismatchNamesTheCall()
    {
        using var scope = Torch.NewDisposeScope();
        var a = Torch.Zeros([2, 3]);
        var b = Torch.Zeros([4, 5]);
        var e = Assert.Throws<TorchException>(() => a.MatMul(b));
        Assert.StartsWith("Tensor.MatMul:", e.Message);
        Assert.Contains("2x3", e.Message);
    }
}
