namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Bad input never crashes the process: libtorch's errors become exceptions whose message starts with the .NET call
/// ("Tensor.MatMul: …") and carries libtorch's explanation; index errors are ArgumentOutOfRangeException; misuse caught
/// on the managed side is ArgumentException / NotSupportedException; a disposed tensor is ObjectDisposedException.
/// </summary>
public class BadInputTests
{
    private sealed record Case(Func<object?> Act, Type Exception, string? Prefix, params string[] Fragments);

    private static Tensor F(params long[] shape) => Torch.Ones(shape);
    private static Tensor L(params long[] values) => Torch.FromArray(values);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Shapes.
        ["MatMul shapes"] = new(() => F(2, 3).MatMul(F(4, 5)), typeof(TorchException), "Tensor.MatMul:", "2x3", "4x5"),
        ["Torch.MatMul shapes"] = new(() => Torch.MatMul(F(3), F(4)), typeof(TorchException), "Tensor.MatMul:", "inconsistent tensor size"),
        ["Mm shapes"] = new(() => F(2, 3).Mm(F(2, 3)), typeof(TorchException), "Tensor.Mm:", "cannot be multiplied"),
        ["Mm of a 3-D tensor"] = new(() => F(2, 2, 2).Mm(F(2, 2)), typeof(TorchException), "Tensor.Mm:", "matrix"),
        ["Bmm of 2-D tensors"] = new(() => F(2, 3).Bmm(F(3, 2)), typeof(TorchException), "Tensor.Bmm:", "3D"),
        ["Addmm shapes"] = new(() => F(3).Addmm(F(2, 3), F(2, 3)), typeof(TorchException), "Tensor.Addmm:", "cannot be multiplied"),
        ["MmInto shapes"] = new(() => F(2, 2).MmInto(F(2, 3), F(4, 2)), typeof(TorchException), "Tensor.MmInto:", "cannot be multiplied"),
        ["operator + broadcast"] = new(() => F(3) + F(4), typeof(TorchException), "Tensor.op_Addition:", "must match the size of tensor b"),
        ["Add broadcast"] = new(() => F(2, 3).Add(F(2)), typeof(TorchException), "Tensor.Add:", "must match the size"),
        ["Mul_ cannot broadcast into this"] = new(() => F(3).Mul_(F(2, 3)), typeof(TorchException), "Tensor.Mul_:", "doesn't match the broadcast shape"),
        ["Torch.Cat shapes"] = new(() => Torch.Cat([F(2, 3), F(2, 4)]), typeof(TorchException), "Torch.Cat:", "Sizes of tensors must match"),
        ["Torch.Cat of nothing"] = new(() => Torch.Cat([]), typeof(ArgumentException), null, "at least one tensor"),
        ["Torch.Stack shapes"] = new(() => Torch.Stack([F(2), F(3)]), typeof(TorchException), "Torch.Stack:", "equal size"),
        ["Reshape size"] = new(() => F(2, 3).Reshape(4), typeof(TorchException), "Tensor.Reshape:", "shape '[4]' is invalid for input of size 6"),
        ["View of a transposed tensor"] = new(() => F(2, 3).T.View(6), typeof(TorchException), "Tensor.View:", "view size is not compatible"),
        ["Expand a non-singleton"] = new(() => F(3).Expand(4), typeof(TorchException), "Tensor.Expand:", "must match the existing size"),
        ["Permute dims"] = new(() => F(2, 3).Permute(0), typeof(TorchException), "Tensor.Permute:", "number of dimensions"),
        ["Repeat too few"] = new(() => F(2, 3).Repeat(2), typeof(TorchException), "Tensor.Repeat:", "can not be smaller"),
        ["Flatten start after end"] = new(() => F(2, 3, 4).Flatten(2, 1), typeof(TorchException), "Tensor.Flatten:", "flatten() has invalid args"),
        ["Narrow past the end"] = new(() => F(3).Narrow(0, 2, 5), typeof(TorchException), "Tensor.Narrow:", "exceeds dimension size"),
        ["Chunk zero"] = new(() => F(4).Chunk(0), typeof(TorchException), "Tensor.Chunk:", "greater than 0"),
        ["Split sizes"] = new(() => F(4).Split([1, 1]), typeof(TorchException), "Tensor.Split:", "sum exactly to"),
        ["Where shapes"] = new(() => Torch.Where(Torch.Ones([2], DType.Bool), F(3), F(3)), typeof(TorchException), "Tensor.Where:", "must match the size"),
        ["Copy_ shapes"] = new(() => F(3).Copy_(F(4)), typeof(TorchException), "Tensor.Copy_:", "must match the size"),
        ["MaskedSelect shapes"] = new(() => F(3).MaskedSelect(Torch.Ones([5], DType.Bool)), typeof(TorchException), "Tensor.MaskedSelect:", "must match the size"),
        ["IndexPut_ value shape"] = new(() => F(3, 2).IndexPut_(L(0, 1), F(3)), typeof(TorchException), "Tensor.IndexPut_:", "shape mismatch"),
        ["Scatter index shape"] = new(() => F(2, 2).Scatter(1, L(0, 1, 0, 1, 0, 1).Reshape(3, 2), F(3, 2)), typeof(TorchException), "Tensor.Scatter:", "index"),

        // Dtypes.
        ["Mm of float and long"] = new(() => F(2, 2).Mm(Torch.Ones([2, 2], DType.Int64)), typeof(TorchException), "Tensor.Mm:", "Long"),
        ["MatMul of float and double"] = new(() => F(2, 2).MatMul(Torch.Ones([2, 2], DType.Float64)), typeof(TorchException), "Tensor.MatMul:", "Double"),
        ["Gather with a float index"] = new(() => F(2, 3).Gather(1, F(2, 1)), typeof(TorchException), "Tensor.Gather:", "int64"),
        ["IndexSelect with a float index"] = new(() => F(2, 3).IndexSelect(0, F(1)), typeof(TorchException), "Tensor.IndexSelect:", "index"),
        ["Where with a float condition"] = new(() => Torch.Where(F(3), F(3), F(3)), typeof(TorchException), "Tensor.Where:", "bool"),
        ["this[float tensor]"] = new(() => F(3)[F(1)], typeof(ArgumentOutOfRangeException), "Tensor.Index:", "tensors used as indices must be long"),
        ["OneHot of floats"] = new(() => F(3).OneHot(3), typeof(TorchException), "Tensor.OneHot:", "index tensor"),
        ["Bincount of negatives"] = new(() => L(1, -1).Bincount(), typeof(TorchException), "Tensor.Bincount:", "non-negative"),
        ["Mean of integers"] = new(() => L(1, 2).Mean(), typeof(TorchException), "Tensor.Mean:", "Long"),
        ["Add_ a float scalar to integers"] = new(() => L(1, 2).Add_(2.5), typeof(TorchException), "Tensor.Add_:", "can't be cast"),
        ["Add of integers with a fractional alpha"] = new(() => L(1, 2).Add(L(1, 2), 0.5), typeof(TorchException), "Tensor.Add:", "alpha"),
        ["To an unknown dtype"] = new(() => F(2).To((DType)99), typeof(TorchException), "Tensor.To:"),
        ["MmInto with inputs that require grad"] = new(() => F(2, 2).MmInto(Torch.Ones([2, 2], requiresGrad: true), F(2, 2)), typeof(TorchException), "Tensor.MmInto:", "automatic differentiation"),

        // Indices out of range: libtorch's IndexError becomes ArgumentOutOfRangeException.
        ["Select out of range"] = new(() => F(3).Select(0, 5), typeof(ArgumentOutOfRangeException), "Tensor.Select:", "index 5 out of range"),
        ["this[i] out of range"] = new(() => F(3, 2)[3], typeof(ArgumentOutOfRangeException), "Tensor.Index:", "index 3 out of range"),
        ["this[-i] out of range"] = new(() => F(3, 2)[-4], typeof(ArgumentOutOfRangeException), "Tensor.Index:", "out of range"),
        ["this[long tensor] out of range"] = new(() => F(3)[L(5)], typeof(ArgumentOutOfRangeException), "Tensor.Index:", "out of bounds"),
        ["this[mask] of the wrong shape"] = new(() => F(3, 4)[Torch.Ones([5], DType.Bool)], typeof(ArgumentOutOfRangeException), "Tensor.Index:", "does not match the shape"),
        ["IndexSelect out of range"] = new(() => F(3).IndexSelect(0, L(5)), typeof(ArgumentOutOfRangeException), "Tensor.IndexSelect:", "out of range"),
        ["Gather out of range"] = new(() => F(3).Gather(0, L(5)), typeof(TorchException), "Tensor.Gather:", "out of bounds"),
        ["Scatter out of range"] = new(() => F(2, 5).Scatter(1, L(9).Reshape(1, 1), 1.0), typeof(TorchException), "Tensor.Scatter:", "out of bounds"),
        ["Sum over a missing dim"] = new(() => F(2, 3).Sum(2), typeof(ArgumentOutOfRangeException), "Tensor.Sum:", "Dimension out of range"),
        ["Softmax over a missing dim"] = new(() => F(2, 3).Softmax(-3), typeof(ArgumentOutOfRangeException), "Tensor.Softmax:", "Dimension out of range"),
        ["Transpose of a missing dim"] = new(() => F(2, 3).Transpose(0, 2), typeof(ArgumentOutOfRangeException), "Tensor.Transpose:", "Dimension out of range"),
        ["Squeeze of a missing dim"] = new(() => F(2, 3).Squeeze(5), typeof(ArgumentOutOfRangeException), "Tensor.Squeeze:", "Dimension out of range"),
        ["Max over a missing dim"] = new(() => F(2, 3).Max(3), typeof(ArgumentOutOfRangeException), "Tensor.Max:", "Dimension out of range"),
        ["TopK with k too large"] = new(() => F(3).TopK(4), typeof(TorchException), "Tensor.TopK:", "out of range"),
        ["Size of a missing dim"] = new(() => F(2, 3).Size(2), typeof(ArgumentOutOfRangeException), null, "2 dimensions"),

        // Scalars and conversions.
        ["Item of several elements"] = new(() => F(2, 3).Item<float>(), typeof(TorchException), "Tensor.Item:", "6 elements cannot be converted to Scalar"),
        ["Item of no element"] = new(() => F(0).Item<double>(), typeof(TorchException), "Tensor.Item:", "0 elements"),
        ["FromArray with the wrong shape"] = new(() => Torch.FromArray(new[] { 1f, 2, 3 }, [2, 2]), typeof(ArgumentException), null, "shape [2, 2] holds 4 elements but 3 were given"),
        ["FromArray with a negative size"] = new(() => Torch.FromArray(new[] { 1f }, [-1]), typeof(ArgumentException), null, "negative size"),
        ["FromArray of an unsupported type"] = new(() => Torch.FromArray(new ushort[] { 1 }), typeof(NotSupportedException), null, "UInt16"),
        ["CopyTo with the wrong element type"] = new(() => { F(3).CopyTo<double>(new double[3]); return null; }, typeof(ArgumentException), null, "torch.float32", "torch.float64"),
        ["CopyTo a short destination"] = new(() => { F(3).CopyTo<float>(new float[2]); return null; }, typeof(ArgumentException), null, "holds 2 elements"),
        ["ToArray with the wrong element type"] = new(() => L(1).ToArray<int>(), typeof(ArgumentException), null, "torch.int64", "torch.int32"),

        // Creation.
        ["Zeros of a negative size"] = new(() => Torch.Zeros([2, -1]), typeof(TorchException), "Torch.Zeros:", "negative dimension"),
        ["Full of a negative size"] = new(() => Torch.Full([-3], 1.0), typeof(TorchException), "Torch.Full:", "negative dimension"),
        ["Arange with step 0"] = new(() => Torch.Arange(0, 5, 0), typeof(TorchException), "Torch.Arange:", "step must be nonzero"),
        ["Arange the wrong way"] = new(() => Torch.Arange(5, 0, 1), typeof(TorchException), "Torch.Arange:", "upper bound and larger bound inconsistent"),
        ["Linspace of negative steps"] = new(() => Torch.Linspace(0, 1, -2), typeof(TorchException), "Torch.Linspace:", "non-negative"),
        ["Randint of an empty range"] = new(() => Torch.Randint(5, 5, [3]), typeof(TorchException), "Torch.Randint:", "from"),
        ["Eye of a negative size"] = new(() => Torch.Eye(-2), typeof(TorchException), "Torch.Eye:", "n must be greater or equal to 0"),
        ["Threads = 0"] = new(() => Torch.Threads = 0, typeof(ArgumentOutOfRangeException), null),

        // Autograd.
        ["Backward of a tensor without grad"] = new(() => { F(2).Sum().Backward(); return null; }, typeof(TorchException), "Tensor.Backward:", "does not require grad"),
        ["Backward with a gradient of the wrong shape"] = new(() => { (Torch.Ones([2], requiresGrad: true) * 2).Backward(F(3)); return null; }, typeof(TorchException), "Tensor.Backward:", "invalid gradient at index 0"),
        ["Autograd.Grad of an input that does not require grad"] = new(() => Autograd.Grad(F(2).Sum(), F(2)), typeof(TorchException), "Autograd.Grad:", "does not require grad"),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Cases.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BadInputThrowsAnExplainedException(string name)
    {
        var c = Cases[name];
        using var scope = Torch.NewDisposeScope();
        var e = Assert.Throws(c.Exception, () => c.Act());
        if (c.Prefix != null) Assert.StartsWith(c.Prefix, e.Message);
        foreach (var fragment in c.Fragments) Assert.Contains(fragment, e.Message);
    }

    [Fact]
    public void CudaWithoutCudaIsAnExceptionNotACrash()
    {
        Assert.False(Torch.CudaIsAvailable && Torch.CudaDeviceCount == 0);
        if (Torch.CudaIsAvailable) return;
        Assert.Equal(0, Torch.CudaDeviceCount);
        Torch.CudaSynchronize();
        using var scope = Torch.NewDisposeScope();
        var e = Assert.Throws<TorchException>(() => F(2).Cuda());
        Assert.StartsWith("Tensor.To:", e.Message);
        Assert.Throws<TorchException>(() => Torch.Zeros([2], device: Device.CUDA));
    }

    // Each use of a disposed tensor, as the receiver or as an argument.
    private static readonly Dictionary<string, Func<Tensor, Tensor, object?>> DisposedUses = new()
    {
        ["Shape"] = (d, _) => d.Shape,
        ["DType"] = (d, _) => d.DType,
        ["NumElements"] = (d, _) => d.NumElements,
        ["Item"] = (d, _) => d.Item<float>(),
        ["ToArray"] = (d, _) => d.ToArray<float>(),
        ["ToValuesString"] = (d, _) => d.ToValuesString(),
        ["RequiresGrad"] = (d, _) => d.RequiresGrad = true,
        ["Grad"] = (d, _) => d.Grad,
        ["Exp"] = (d, _) => d.Exp(),
        ["Exp_"] = (d, _) => d.Exp_(),
        ["receiver of +"] = (d, l) => d + l,
        ["argument of +"] = (d, l) => l + d,
        ["scalar - tensor"] = (d, _) => 1.0 - d,
        ["Sum"] = (d, _) => d.Sum(),
        ["MatMul argument"] = (d, l) => l.MatMul(d),
        ["Copy_ source"] = (d, l) => l.Copy_(d),
        ["Where condition"] = (d, l) => l.Where(d, l),
        ["IndexSelect index"] = (d, l) => l.IndexSelect(0, d),
        ["this[tensor]"] = (d, l) => l[d],
        ["Chunk"] = (d, _) => d.Chunk(2),
        ["Sort"] = (d, _) => d.Sort(),
        ["Torch.Cat element"] = (d, l) => Torch.Cat([l, d]),
        ["Torch.Stack element"] = (d, l) => Torch.Stack([d, l]),
        ["Backward gradient"] = (d, l) => { (l.Alias().RequiresGrad_() * 2).Backward(d); return null; },
        ["Grad assignment"] = (d, l) => l.Grad = d,
        ["Autograd.Grad input"] = (d, l) => Autograd.Grad(l.Sum(), d),
        ["SetData source"] = (d, l) => { l.SetData(d); return null; },
        ["Detach"] = (d, _) => d.Detach(),
        ["Alias"] = (d, _) => d.Alias(),
        ["To"] = (d, _) => d.To(DType.Float64),
        ["MoveToOuterDisposeScope"] = (d, _) => d.MoveToOuterDisposeScope().Sum(),
    };

    public static TheoryData<string> DisposedUseNames()
    {
        var data = new TheoryData<string>();
        foreach (var name in DisposedUses.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(DisposedUseNames))]
    public void UsingADisposedTensorThrowsObjectDisposed(string use)
    {
        using var scope = Torch.NewDisposeScope();
        var live = Torch.Ones([2]);
        var disposed = Torch.Ones([2]);
        disposed.Dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => DisposedUses[use](disposed, live));
        Assert.Contains("disposed", e.Message);
        Assert.False(live.IsDisposed);
        Assert.Equal([1f, 1], live.ToArray<float>());
    }

    [Fact]
    public void GradOutputsOfTheWrongCountAreRejected()
    {
        using var scope = Torch.NewDisposeScope();
        var x = Torch.Ones([2], requiresGrad: true);
        var e = Assert.Throws<ArgumentException>(() => Autograd.Grad([x.Sum()], [x], [null, null]));
        Assert.Contains("2 grad outputs for 1 outputs", e.Message);
    }
}
