namespace Schane.Engine.Tests.Ops;

// Creation, conversion and copies.
public static partial class OpCatalog
{
    private static IEnumerable<OpDefinition> Creation() =>
    [
        Op("Torch.Zeros", c =>
        {
            c.Value("torch.zeros(2, 3)", () => Torch.Zeros([2, 3]));
            c.Value("torch.zeros(4, dtype=torch.int64)", () => Torch.Zeros([4], DType.Int64));
            c.Value("torch.zeros(())", () => Torch.Zeros([]));
            c.Value("torch.zeros(0, 3, dtype=torch.float64)", () => Torch.Zeros([0, 3], DType.Float64));
            c.Value("torch.zeros(2, requires_grad=True).requires_grad", () => Torch.Zeros([2], requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.Ones", c =>
        {
            c.Value("torch.ones(3, 2)", () => Torch.Ones([3, 2]));
            c.Value("torch.ones(2, dtype=torch.bool)", () => Torch.Ones([2], DType.Bool));
            c.Value("torch.ones(2, 2, dtype=torch.int32)", () => Torch.Ones([2, 2], DType.Int32));
            c.Value("torch.ones(3, dtype=torch.float16)", () => Torch.Ones([3], DType.Float16));
            c.Value("torch.ones(3, dtype=torch.bfloat16)", () => Torch.Ones([3], DType.BFloat16));
            c.Value("torch.ones(2, requires_grad=True).requires_grad", () => Torch.Ones([2], requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.Empty", c =>
        {
            c.Value("torch.empty(2, 5).shape", () => Torch.Empty([2, 5]).Shape);
            c.Value("torch.zeros(3, dtype=torch.int16)", () => Torch.Empty([3], DType.Int16).Zero_());
            c.Value("torch.empty(2, requires_grad=True).requires_grad", () => Torch.Empty([2], requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.Full", c =>
        {
            c.Value("torch.full((2, 3), 2.5)", () => Torch.Full([2, 3], 2.5));
            c.Value("torch.full((3,), 7)", () => Torch.Full([3], 7));
            c.Value("torch.full((2,), 9007199254740993)", () => Torch.Full([2], 9007199254740993L));
            c.Value("torch.full((2, 2), -1.5, dtype=torch.float64)", () => Torch.Full([2, 2], -1.5, DType.Float64));
            c.Value("torch.full((2,), 3, dtype=torch.int32)", () => Torch.Full([2], 3, DType.Int32));
            c.Value("torch.full((2,), 1.0, dtype=torch.bool)", () => Torch.Full([2], 1.0, DType.Bool));
            c.Value("torch.full((2,), 0.5, requires_grad=True).requires_grad", () => Torch.Full([2], 0.5, requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.Scalar", c =>
        {
            c.Value("torch.tensor(2.5)", () => Torch.Scalar(2.5));
            c.Value("torch.tensor(-3.25, dtype=torch.float64)", () => Torch.Scalar(-3.25, DType.Float64));
        }),
        Op("Torch.FromScalar", c =>
        {
            c.Value("torch.tensor(2.5, dtype=torch.float64)", () => Torch.FromScalar(2.5));
            c.Value("torch.tensor(1.5, dtype=torch.float32)", () => Torch.FromScalar(1.5f));
            c.Value("torch.tensor(7)", () => Torch.FromScalar(7L));
            c.Value("torch.tensor(7, dtype=torch.int32)", () => Torch.FromScalar(7));
            c.Value("torch.tensor(True)", () => Torch.FromScalar(true));
        }),
        Op("Torch.Arange", c =>
        {
            c.Value("torch.arange(5)", () => Torch.Arange(5));
            c.Value("torch.arange(4, dtype=torch.float32)", () => Torch.Arange(4, DType.Float32));
            c.Value("torch.arange(2, 11, 3)", () => Torch.Arange(2, 11, 3));
            c.Value("torch.arange(5, 0, -1)", () => Torch.Arange(5, 0, -1));
            c.Value("torch.arange(0, 3, dtype=torch.float64)", () => Torch.Arange(0, 3, 1, DType.Float64));
            // Fractional bounds or steps give floats, as Python floats do in torch.arange.
            c.Value("torch.arange(0, 1, 0.25)", () => Torch.Arange(0, 1, 0.25));
            c.Value("torch.arange(0.5, 3)", () => Torch.Arange(0.5, 3));
            c.Value("torch.arange(0, 2, 0.5, requires_grad=True).requires_grad", () => Torch.Arange(0, 2, 0.5, requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.Linspace", c =>
        {
            c.Value("torch.linspace(0, 1, 5)", () => Torch.Linspace(0, 1, 5));
            c.Value("torch.linspace(-2, 2, 7, dtype=torch.float64)", () => Torch.Linspace(-2, 2, 7, DType.Float64));
            c.Value("torch.linspace(3, 3, 1)", () => Torch.Linspace(3, 3, 1));
            c.Value("torch.linspace(0, 10, 6, dtype=torch.int64)", () => Torch.Linspace(0, 10, 6, DType.Int64));
        }),
        Op("Torch.Eye", c =>
        {
            c.Value("torch.eye(3)", () => Torch.Eye(3));
            c.Value("torch.eye(2, 4)", () => Torch.Eye(2, 4));
            c.Value("torch.eye(4, 2, dtype=torch.int64)", () => Torch.Eye(4, 2, DType.Int64));
            c.Value("torch.eye(2, requires_grad=True).requires_grad", () => Torch.Eye(2, requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.FromArray", c =>
        {
            c.Value("torch.tensor([[1., 2., 3.], [4., 5., 6.]])", () => Torch.FromArray(new[,] { { 1f, 2f, 3f }, { 4f, 5f, 6f } }));
            c.Value("torch.tensor([[1, -2], [3, 4], [5, 6]])", () => Torch.FromArray(new long[] { 1, -2, 3, 4, 5, 6 }, [3, 2]));
            c.Value("torch.tensor([0.5, -1.25], dtype=torch.float64)", () => Torch.FromArray(new[] { 0.5, -1.25 }));
            c.Value("torch.tensor([True, False, True])", () => Torch.FromArray(new[] { true, false, true }));
            c.Value("torch.tensor([0, 7, 255], dtype=torch.uint8)", () => Torch.FromArray(new byte[] { 0, 7, 255 }));
            c.Value("torch.tensor([-128, 0, 127], dtype=torch.int8)", () => Torch.FromArray(new sbyte[] { -128, 0, 127 }));
            c.Value("torch.tensor([-32768, 5, 32767], dtype=torch.int16)", () => Torch.FromArray(new short[] { -32768, 5, 32767 }));
            c.Value("torch.tensor([[-2147483648, 2147483647]], dtype=torch.int32)", () => Torch.FromArray(new[] { int.MinValue, int.MaxValue }, [1, 2]));
            c.Value("torch.tensor([1.5, -0.25, 65504.], dtype=torch.float16)", () => Torch.FromArray(new[] { (Half)1.5, (Half)(-0.25), Half.MaxValue }));
            c.Value("torch.tensor([])", () => Torch.FromArray(Array.Empty<float>()));
            c.Value("torch.zeros(2, 0, 3)", () => Torch.FromArray(Array.Empty<float>(), [2, 0, 3]));
            c.Value("torch.tensor([1., 2.], requires_grad=True).requires_grad", () => Torch.FromArray(new[] { 1f, 2f }, requiresGrad: true).RequiresGrad);
        }),
        Op("Torch.FromSpan", c =>
        {
            var data = new[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f };
            c.Value("torch.tensor([[3., 4., 5.], [6., 7., 8.]])", () => Torch.FromSpan<float>(data.AsSpan(2), [2, 3]));
            c.Value("torch.tensor([2., 3.])", () => Torch.FromSpan<float>(data.AsSpan(1, 2)));
        }),
        Op("ZerosLike", c =>
        {
            var a = c.Normal([2, 3]);
            var i = c.Ints([4], 0, 9, DType.Int32);
            c.Value("torch.zeros_like(a)", () => a.ZerosLike());
            c.Value("torch.zeros_like(b)", () => i.ZerosLike());
        }),
        Op("OnesLike", c =>
        {
            var a = c.Normal([2, 3], DType.Float64);
            var i = c.Ints([4], 0, 9);
            c.Value("torch.ones_like(a)", () => a.OnesLike());
            c.Value("torch.ones_like(b)", () => i.OnesLike());
        }),
        Op("EmptyLike", c =>
        {
            var a = c.Normal([2, 3], DType.Float64);
            c.Value("torch.zeros_like(a)", () => a.EmptyLike().Zero_());
        }),
        Op("RandnLike", c =>
        {
            var a = c.Normal([2, 3], DType.Float64);
            c.Value("torch.zeros_like(a)", () => a.RandnLike().Zero_());
        }),
    ];

    private static IEnumerable<OpDefinition> Conversion() =>
    [
        Op("To(DType)", c =>
        {
            var a = c.Normal([3, 4], scale: 40);
            var u = c.Uniform([5], 0, 250);
            var m = c.Bools([6]);
            var i = c.Ints([5], -1000, 1000);
            c.Value("a.to(torch.int64)", () => a.To(DType.Int64));
            c.Value("a.to(torch.int32)", () => a.To(DType.Int32));
            c.Value("a.to(torch.int16)", () => a.To(DType.Int16));
            c.Value("(a / 2).to(torch.int8)", () => (a / 2).To(DType.Int8));
            c.Value("b.to(torch.uint8)", () => u.To(DType.UInt8));
            c.Value("a.to(torch.float16)", () => a.To(DType.Float16));
            c.Value("a.to(torch.bfloat16)", () => a.To(DType.BFloat16));
            c.Value("a.to(torch.bfloat16).to(torch.float32)", () => a.To(DType.BFloat16).To(DType.Float32));
            c.Value("a.to(torch.bool)", () => a.To(DType.Bool));
            c.Value("c.to(torch.float32)", () => m.To(DType.Float32));
            c.Value("d.to(torch.float64)", () => i.To(DType.Float64));
            c.Value("a", () => a.To(DType.Float32));
            c.Grad("a.to(torch.float64)", () => a.To(DType.Float64));
            c.Grad("a.to(torch.float64).to(torch.float32)", () => a.To(DType.Float64).To(DType.Float32));
        }),
        Op("To(Device)", c =>
        {
            var a = c.Normal([2, 3]);
            c.Grad("a.to('cpu')", () => a.To(Device.CPU));
            c.Grad("a.to('cpu')", () => a.To("cpu"));
        }),
        Op("Cpu", c =>
        {
            var a = c.Normal([2, 3]);
            c.Grad("a.cpu()", () => a.Cpu());
        }),
        Op("Clone", c =>
        {
            var a = c.Normal([2, 3]);
            c.Grad("a.clone()", () => a.Clone());
            c.Value("a.t().clone().is_contiguous()", () => a.T.Clone().IsContiguous);
        }),
        Op("Contiguous", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("a.t().contiguous()", () => a.T.Contiguous());
            c.Value("a.t().contiguous().is_contiguous()", () => a.T.Contiguous().IsContiguous);
            c.Value("a.t().contiguous().stride()", () => a.T.Contiguous().Strides);
        }),
        Op("Detach", c =>
        {
            var a = c.Normal([3, 4]);
            c.Value("a.detach()", () => a.Detach());
            c.Grad("a * a.detach()", () => a * a.Detach());
            c.Value("a.detach().requires_grad", () => a.RequiresGrad_().Detach().RequiresGrad);
        }),
        Op("Alias", c =>
        {
            var a = c.Normal([3]);
            c.Grad("a", () => a.Alias());
        }),
        Op("Copy_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            var i = c.Ints([3, 4], -5, 5);
            c.Grad("a.clone().copy_(b)", () => InPlace(a.Clone(), x => x.Copy_(b)));
            c.Value("a.clone().copy_(c)", () => InPlace(a.Clone(), x => x.Copy_(i)));
            c.Value("c.clone().copy_(a)", () => InPlace(i.Clone(), x => x.Copy_(a)));
        }),
        Op("Fill_", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([5], 0, 9);
            c.Grad("a.clone().fill_(2.5)", () => InPlace(a.Clone(), x => x.Fill_(2.5)));
            c.Value("b.clone().fill_(3.0)", () => InPlace(i.Clone(), x => x.Fill_(3.0)));
        }),
        Op("Zero_", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("a.clone().zero_() + a", () => InPlace(a.Clone(), x => x.Zero_()) + a);
        }),
    ];
}
