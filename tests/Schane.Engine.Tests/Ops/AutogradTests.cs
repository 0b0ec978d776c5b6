namespace Schane.Engine.Tests.Ops;

/// <summary>Autograd.Grad, Backward, .grad, RetainGrad, Detach, SetData and the gradient mode.</summary>
public class AutogradTests
{
    private static Tensor Vector(params double[] values) => Torch.FromArray(values, requiresGrad: true);

    [Fact]
    public void GradOfSumOfSquaresIsTwiceTheInput()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, -2, 3);
        var g = Autograd.Grad((x * x).Sum(), x);
        Assert.Equal([2.0, -4, 6], g.ToArray<double>());
        Assert.Null(x.Grad);
    }

    [Fact]
    public void GradWithSeveralOutputsAndInputs()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var y = Vector(3, 4);
        var grads = Autograd.Grad([(x * y).Sum(), (x * x).Sum()], [x, y]);
        Assert.Equal(2, grads.Length);
        Assert.Equal([3.0 + 2, 4 + 4], grads[0]!.ToArray<double>());
        Assert.Equal([1.0, 2], grads[1]!.ToArray<double>());
    }

    [Fact]
    public void GradOutputsWeighTheOutputs()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2, 3);
        var y = x * x;
        var g = Autograd.Grad([y], [x], [Torch.FromArray(new[] { 1.0, 0.5, -1 })], retainGraph: true);
        Assert.Equal([2.0, 2, -6], g[0]!.ToArray<double>());
        Assert.Throws<ArgumentException>(() => Autograd.Grad([y], [x], [null, null]));
        // A null entry stands for ones, which a scalar output may leave implicit.
        var implicitOnes = Autograd.Grad([y.Sum()], [x], [null]);
        Assert.Equal([2.0, 4, 6], implicitOnes[0]!.ToArray<double>());
    }

    [Fact]
    public void UnusedInputIsNullOnlyWhenAllowed()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var unused = Vector(5);
        var y = (x * 3).Sum();
        var grads = Autograd.Grad([y], [x, unused], retainGraph: true, allowUnused: true);
        Assert.Equal([3.0, 3], grads[0]!.ToArray<double>());
        Assert.Null(grads[1]);
        var e = Assert.Throws<TorchException>(() => Autograd.Grad([y], [x, unused]));
        Assert.StartsWith("Autograd.Grad:", e.Message);
        Assert.Contains("not have been used in the graph", e.Message);
    }

    [Fact]
    public void CreateGraphGivesSecondDerivatives()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(-1.5, 0.5, 2);
        var y = (x * x * x).Sum();
        var first = Autograd.Grad(y, x, createGraph: true);
        Assert.True(first.RequiresGrad);
        Assert.Equal([6.75, 0.75, 12], first.ToArray<double>());
        var second = Autograd.Grad(first.Sum(), x);
        Assert.Equal([-9.0, 3, 12], second.ToArray<double>());
        // Without createGraph the gradient is a constant.
        var plain = Autograd.Grad((x * x * x).Sum(), x);
        Assert.False(plain.RequiresGrad);
    }

    [Fact]
    public void GraphIsFreedUnlessRetained()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var y = x.Exp().Sum();
        Autograd.Grad([y], [x], retainGraph: true);
        Autograd.Grad([y], [x]);
        var e = Assert.Throws<TorchException>(() => Autograd.Grad([y], [x]));
        Assert.StartsWith("Autograd.Grad:", e.Message);
        Assert.Contains("second time", e.Message);
    }

    [Fact]
    public void BackwardAccumulatesUntilGradIsCleared()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2, 3);
        (x * 2).Sum().Backward();
        Assert.Equal([2.0, 2, 2], x.Grad!.ToArray<double>());
        (x * x).Sum().Backward();
        Assert.Equal([4.0, 6, 8], x.Grad!.ToArray<double>());
        x.Grad = null;
        Assert.Null(x.Grad);
        x.Sum().Backward();
        Assert.Equal([1.0, 1, 1], x.Grad!.ToArray<double>());
        x.Grad = Torch.FromArray(new[] { 10.0, 20, 30 });
        Assert.Equal([10.0, 20, 30], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void BackwardWithAGradientIsAVectorJacobianProduct()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2, 3);
        var y = x * x * 3;
        y.Backward(Torch.FromArray(new[] { 1.0, -1, 0.5 }));
        Assert.Equal([6.0, -12, 9], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void BackwardOfANonScalarNeedsAGradient()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var e = Assert.Throws<TorchException>(() => (x * 2).Backward());
        Assert.StartsWith("Tensor.Backward:", e.Message);
        Assert.Contains("scalar outputs", e.Message);
    }

    [Fact]
    public void BackwardTwiceNeedsRetainGraph()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var y = x.Sigmoid().Sum();
        y.Backward(retainGraph: true);
        y.Backward();
        var sig = 1 / (1 + Math.Exp(-1));
        Assert.Equal(2 * sig * (1 - sig), x.Grad!.ToArray<double>()[0], 12);
        var e = Assert.Throws<TorchException>(() => y.Backward());
        Assert.StartsWith("Tensor.Backward:", e.Message);
    }

    [Fact]
    public void BackwardWithCreateGraphMakesADifferentiableGrad()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(2);
        (x * x * x).Sum().Backward(createGraph: true);
        var grad = x.Grad!;
        Assert.True(grad.RequiresGrad);
        Assert.Equal(12.0, grad.Item<double>());
        var second = Autograd.Grad(grad.Sum(), x);
        Assert.Equal(12.0, second.Item<double>());
    }

    [Fact]
    public void RetainGradKeepsANonLeafGradient()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var hidden = x * 3;
        var other = x * 4;
        Assert.False(hidden.IsLeaf);
        hidden.RetainGrad();
        (hidden * hidden + other).Sum().Backward();
        Assert.Equal([6.0, 12], hidden.Grad!.ToArray<double>());
        Assert.Equal([18.0 + 4, 36 + 4], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void NoGradAndEnableGradNestAndRestore()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        Assert.True(Torch.IsGradEnabled);
        using (Torch.NoGrad())
        {
            Assert.False(Torch.IsGradEnabled);
            Assert.False((x * 2).RequiresGrad);
            using (Torch.EnableGrad())
            {
                Assert.True(Torch.IsGradEnabled);
                Assert.True((x * 2).RequiresGrad);
                using (Torch.NoGrad())
                {
                    Assert.False((x * 2).RequiresGrad);
                }
                Assert.True(Torch.IsGradEnabled);
            }
            Assert.False(Torch.IsGradEnabled);
            // Disposing twice restores only once.
            var inner = Torch.EnableGrad();
            inner.Dispose();
            inner.Dispose();
            Assert.False(Torch.IsGradEnabled);
        }
        Assert.True(Torch.IsGradEnabled);
        Assert.True((x * 2).RequiresGrad);
    }

    [Fact]
    public void GradModeIsPerThread()
    {
        using var noGrad = Torch.NoGrad();
        var other = OtherThread.Run(() => Torch.IsGradEnabled);
        Assert.True(other);
        Assert.False(Torch.IsGradEnabled);
    }

    [Fact]
    public void DetachSharesDataButNotTheGraph()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var y = x * 2;
        var d = y.Detach();
        Assert.False(d.RequiresGrad);
        Assert.True(d.IsLeaf);
        d.Add_(1.0);
        Assert.Equal([3.0, 5], y.ToArray<double>());
        (y * d).Sum().Backward();
        Assert.Equal([6.0, 10], x.Grad!.ToArray<double>());
    }

    [Fact]
    public void InPlaceChangeOfASavedTensorIsReportedAtBackward()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var y = x.Sigmoid();
        var z = y.Sum();
        y.Add_(1.0);
        var e = Assert.Throws<TorchException>(() => z.Backward());
        Assert.StartsWith("Tensor.Backward:", e.Message);
        Assert.Contains("modified by an inplace operation", e.Message);
    }

    [Fact]
    public void InPlaceOnALeafThatRequiresGradIsRejected()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2);
        var e = Assert.Throws<TorchException>(() => x.Add_(1.0));
        Assert.StartsWith("Tensor.Add_:", e.Message);
        Assert.Contains("leaf Variable that requires grad", e.Message);
        // Under NoGrad the update is allowed (what an optimizer step does).
        using (Torch.NoGrad()) x.Add_(1.0);
        Assert.Equal([2.0, 3], x.ToArray<double>());
    }

    [Fact]
    public void SetDataSwapsStorageKeepingIdentity()
    {
        using var scope = Torch.NewDisposeScope();
        var p = Vector(1, 2);
        var alias = p.Alias();
        p.SetData(Torch.FromArray(new[] { 7.0, 8, 9 }));
        Assert.Equal([7.0, 8, 9], alias.ToArray<double>());
        Assert.Equal([3L], alias.Shape);
        Assert.True(alias.RequiresGrad);
        (p * p).Sum().Backward();
        Assert.Equal([14.0, 16, 18], alias.Grad!.ToArray<double>());
    }

    [Fact]
    public void AssigningAGradOfTheWrongShapeIsRejected()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Vector(1, 2, 3);
        var e = Assert.Throws<TorchException>(() => x.Grad = Torch.Zeros([2], DType.Float64));
        Assert.StartsWith("Tensor.Grad:", e.Message);
        Assert.Contains("different size", e.Message);
        var f = Assert.Throws<TorchException>(() => x.Grad = Torch.Zeros([3], DType.Float32));
        Assert.Contains("dtype", f.Message);
        Assert.Null(x.Grad);
    }

    [Fact]
    public void RequiresGradOnAnIntegerTensorIsRejected()
    {
        using var scope = Torch.NewDisposeScope();
        var i = Torch.Arange(3);
        var e = Assert.Throws<TorchException>(() => i.RequiresGrad = true);
        Assert.StartsWith("Tensor.RequiresGrad:", e.Message);
        Assert.Contains("floating point", e.Message);
        var f = Assert.Throws<TorchException>(() => Torch.Zeros([2], DType.Int64, requiresGrad: true));
        Assert.StartsWith("Torch.Zeros:", f.Message);
    }
}
