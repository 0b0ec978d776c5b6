using System.Runtime.CompilerServices;

namespace Schane.Engine.Tests.Ops;

/// <summary>DisposeScope ownership, moving and detaching tensors, out-of-order ends, and the finalizer safety net.</summary>
[Collection(GlobalStateCollection.Name)]
public class DisposeScopeTests
{
    [Fact]
    public void EveryTensorCreatedInAScopeIsDisposedAtItsEnd()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        var created = new List<Tensor>();
        using (var scope = Torch.NewDisposeScope())
        {
            var a = Torch.Ones([3]);
            var b = a * 2;
            created.AddRange([a, b, .. b.Chunk(3)]);
            var (values, indices) = b.Sort();
            created.AddRange([values, indices]);
            var x = Torch.Ones([2], requiresGrad: true);
            var loss = (x * x).Sum();
            loss.Backward();
            created.AddRange([x, loss, x.Grad!, Autograd.Grad((x * 3).Sum(), x)]);
            Assert.Equal(Tensor.LiveCount - start, scope.Count);
            Assert.All(created, t => Assert.False(t.IsDisposed));
        }
        Assert.All(created, t => Assert.True(t.IsDisposed));
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void MovedTensorsSurviveTheInnerScopeAndEndWithTheOuter()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        Tensor byScope, byTensor, first, second, dropped;
        using (var outer = Torch.NewDisposeScope())
        {
            using (var inner = Torch.NewDisposeScope())
            {
                Assert.Same(outer, inner.Outer);
                Assert.Same(inner, DisposeScope.Current);
                byScope = Torch.Ones([2]);
                byTensor = Torch.Ones([2]);
                first = Torch.Ones([1]);
                second = Torch.Ones([1]);
                dropped = Torch.Ones([2]);
                Assert.Same(byScope, inner.MoveToOuter(byScope));
                Assert.Same(byTensor, byTensor.MoveToOuterDisposeScope());
                inner.MoveToOuter(first, second);
                Assert.Equal(1, inner.Count);
                Assert.Equal(4, outer.Count);
            }
            Assert.Same(outer, DisposeScope.Current);
            Assert.True(dropped.IsDisposed);
            Assert.All([byScope, byTensor, first, second], t => Assert.False(t.IsDisposed));
            Assert.Equal(8.0, (byScope + byTensor + first + second).Sum().Item<double>());
        }
        Assert.All([byScope, byTensor, first, second], t => Assert.True(t.IsDisposed));
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void MovingOutOfTheOutermostScopeHandsTheTensorToTheCaller()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        var before = DisposeScope.Current;
        Tensor kept;
        using (var scope = Torch.NewDisposeScope())
        {
            kept = Torch.Ones([2]).MoveToOuterDisposeScope();
            Assert.Equal(0, scope.Count);
        }
        Assert.False(kept.IsDisposed);
        Assert.Same(before, DisposeScope.Current);
        if (before == null)
        {
            kept.Dispose();
            Assert.Equal(start, Tensor.LiveCount);
        }
    }

    [Fact]
    public void DetachedTensorsOutliveEveryScope()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        Tensor detached;
        using (var outer = Torch.NewDisposeScope())
        {
            using (Torch.NewDisposeScope())
            {
                detached = (Torch.Ones([3]) * 5).DetachFromDisposeScope();
            }
            Assert.Equal(0, outer.Count);
        }
        Assert.False(detached.IsDisposed);
        Assert.Equal([5f, 5, 5], detached.ToArray<float>());
        Assert.Equal(start + 1, Tensor.LiveCount);
        detached.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void ScopesEndedOutOfOrderKeepOwnershipConsistent()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        var before = DisposeScope.Current;
        var outer = Torch.NewDisposeScope();
        var a = Torch.Ones([1]);
        var inner = Torch.NewDisposeScope();
        var b = Torch.Ones([1]);

        outer.Dispose();
        Assert.True(a.IsDisposed);
        Assert.False(b.IsDisposed);
        Assert.Same(inner, DisposeScope.Current);
        var c = Torch.Ones([1]);
        Assert.Equal(2, inner.Count);
        // The enclosing scope has ended: moving out skips it.
        inner.MoveToOuter(b);
        Assert.Equal(1, inner.Count);

        inner.Dispose();
        Assert.True(c.IsDisposed);
        Assert.False(b.IsDisposed);
        Assert.Same(before, DisposeScope.Current);
        if (before == null)
        {
            b.Dispose();
            Assert.Equal(start, Tensor.LiveCount);
        }
    }

    [Fact]
    public void DisposingByHandInsideAScopeIsCountedOnce()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        using (var scope = Torch.NewDisposeScope())
        {
            var a = Torch.Ones([4]);
            var b = a + 1;
            a.Dispose();
            a.Dispose();
            Assert.True(a.IsDisposed);
            Assert.Equal(1, scope.Count);
            Assert.Equal(start + 1, Tensor.LiveCount);
            Assert.Equal("Tensor(disposed)", a.ToString());
            Assert.Equal([2f, 2, 2, 2], b.ToArray<float>());
            scope.Dispose();
            scope.Dispose();
        }
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void AScopeOwnsOnlyTheTensorsOfItsThread()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        Tensor fromOtherThread;
        using (var scope = Torch.NewDisposeScope())
        {
            fromOtherThread = OtherThread.Run(() => Torch.Ones([2]));
            Assert.Equal(0, scope.Count);
        }
        Assert.False(fromOtherThread.IsDisposed);
        fromOtherThread.Dispose();
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void ATensorUsedAfterItsScopeEndedThrowsObjectDisposed()
    {
        Tensor gone;
        using (Torch.NewDisposeScope()) gone = Torch.Ones([2]);
        Assert.Throws<ObjectDisposedException>(() => gone.Shape);
        Assert.Throws<ObjectDisposedException>(() => gone + 1.0);
    }

    [Fact]
    public void AManyOpScopeLeavesNothingBehind()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        for (var step = 0; step < 20; step++)
        {
            using var scope = Torch.NewDisposeScope();
            var w = Torch.Randn([8, 4], requiresGrad: true);
            var x = Torch.Randn([16, 8]);
            var loss = x.MatMul(w).Relu().LogSoftmax(1).Mean();
            loss.Backward();
            using (Torch.NoGrad()) w.Sub_(w.Grad! * 0.1);
        }
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void AnUndisposedTensorIsFreedByTheFinalizer()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        // A fresh thread has no dispose scope, so nothing but the finalizer can free the tensor.
        var weak = OtherThread.Run(() => new WeakReference(Torch.Zeros([256, 256])));
        Assert.Equal(start + 1, Tensor.LiveCount);
        WaitUntilCollected(weak, start);
        Assert.False(weak.IsAlive);
        Assert.Equal(start, Tensor.LiveCount);
    }

    [Fact]
    public void AScopeThatIsNeverDisposedIsReclaimedWithItsThread()
    {
        var start = GlobalStateCollection.SettledLiveCount();
        var weak = OtherThread.Run(() =>
        {
            Torch.NewDisposeScope();
            var t = Torch.Ones([3]);
            _ = t * 2;
            return new WeakReference(t);
        });
        Assert.Equal(start + 2, Tensor.LiveCount);
        WaitUntilCollected(weak, start);
        Assert.Equal(start, Tensor.LiveCount);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void WaitUntilCollected(WeakReference weak, long start)
    {
        for (var i = 0; i < 20 && (weak.IsAlive || Tensor.LiveCount != start); i++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            if (i > 0) Thread.Sleep(10);
        }
    }
}
