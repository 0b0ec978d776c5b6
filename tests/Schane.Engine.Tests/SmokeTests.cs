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

public class ItemAndReductionTests
{
    [Fact]
    public void ItemFollowsPythonConversions()
    {
        using var scope = Torch.NewDisposeScope();
        Assert.True(Torch.Scalar(0.5).Item<bool>());
        Assert.False(Torch.Scalar(0.0).Item<bool>());
        Assert.Equal((short)-3, Torch.Scalar(-3.7).Item<short>());
        Assert.Equal((sbyte)7, Torch.FromScalar(7L).Item<sbyte>());
    }

    [Fact]
    public void ProdAllAnyReduceSeveralDimsInAnyOrder()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Arange(1, 25, 1, DType.Float64).Reshape(2, 3, 4);
        using (var expected = x.Prod(2).Prod(0)) Assert.True(expected.AllClose(x.Prod([0, 2])));
        using (var expected = x.Prod(2).Prod(0)) Assert.True(expected.AllClose(x.Prod([2, 0])));
        using (var expected = x.Prod(2, keepDim: true).Prod(0, keepDim: true)) Assert.True(expected.AllClose(x.Prod([-1, 0], keepDim: true)));
        var mask = x.Gt(3);
        Assert.Equal([false, true, true], mask.All([0, 2]).ToArray<bool>());
        Assert.Equal([true, true, true], mask.Any([2, 0]).ToArray<bool>());
    }
}
