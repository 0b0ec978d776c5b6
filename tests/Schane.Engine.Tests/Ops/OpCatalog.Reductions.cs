namespace Schane.Engine.Tests.Ops;

// Reductions, matrix products, softmax, normalisation, comparisons of whole tensors.
public static partial class OpCatalog
{
    private static IEnumerable<OpDefinition> Reductions() =>
    [
        Op("Sum", c =>
        {
            var a = c.Normal([2, 3, 4]);
            var i = c.Ints([3, 4], -9, 9, DType.Int32);
            var m = c.Bools([3, 4]);
            var u = c.Ints([5], 0, 250, DType.UInt8);
            c.Grad("torch.sum(a)", () => a.Sum());
            c.Grad("torch.sum(a, 1)", () => a.Sum(1));
            c.Grad("torch.sum(a, -1, keepdim=True)", () => a.Sum(-1, keepDim: true));
            c.Grad("torch.sum(a, (0, 2))", () => a.Sum([0, 2]));
            c.Grad("torch.sum(a, (2, 0), keepdim=True)", () => a.Sum([2, 0], keepDim: true));
            c.Value("torch.sum(b)", () => i.Sum());
            c.Value("torch.sum(b, 0)", () => i.Sum(0));
            c.Value("torch.sum(c)", () => m.Sum());
            c.Value("torch.sum(d)", () => u.Sum());
            c.Value("torch.sum(torch.zeros(0, 3))", () => Torch.Zeros([0, 3]).Sum());
        }),
        Op("Mean", c =>
        {
            var a = c.Normal([2, 3, 4]);
            var d = c.Normal([5, 2], DType.Float64);
            c.Grad("torch.mean(a)", () => a.Mean());
            c.Grad("torch.mean(a, 0, keepdim=True)", () => a.Mean(0, keepDim: true));
            c.Grad("torch.mean(a, (1, 2))", () => a.Mean([1, 2]));
            c.Grad("torch.mean(a, (-1,), keepdim=True)", () => a.Mean([-1], keepDim: true));
            c.Grad("torch.mean(b, 1)", () => d.Mean(1));
        }),
        Op("Prod", c =>
        {
            var a = c.Uniform([3, 4], 0.5, 1.5);
            var i = c.Ints([3, 4], -3, 4);
            c.Grad("torch.prod(a)", () => a.Prod());
            c.Grad("torch.prod(a, 1)", () => a.Prod(1));
            c.Grad("torch.prod(a, 0, keepdim=True)", () => a.Prod(0, keepDim: true));
            c.Value("torch.prod(b)", () => i.Prod());
            c.Value("torch.prod(b, -1)", () => i.Prod(-1));
        }),
        Op("Max()", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([6], -50, 50);
            c.Grad("torch.max(a)", () => a.Max());
            c.Value("torch.max(b)", () => i.Max());
        }),
        Op("Min()", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([6], -50, 50);
            c.Grad("torch.min(a)", () => a.Min());
            c.Value("torch.min(b)", () => i.Min());
        }),
        Op("Max(dim)", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Grad("torch.max(a, 1)", () => a.Max(1));
            c.Grad("torch.max(a, -1, keepdim=True)", () => a.Max(-1, keepDim: true));
            c.Value("torch.max(a, 0).indices", () => a.Max(0).Indices);
        }),
        Op("Min(dim)", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Grad("torch.min(a, 0)", () => a.Min(0));
            c.Grad("torch.min(a, 2, keepdim=True)", () => a.Min(2, keepDim: true));
        }),
        Op("Amax", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Grad("torch.amax(a, (0, 2))", () => a.Amax([0, 2]));
            c.Grad("torch.amax(a, (1,), keepdim=True)", () => a.Amax([1], keepDim: true));
        }),
        Op("Amin", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Grad("torch.amin(a, (-1,))", () => a.Amin([-1]));
            c.Grad("torch.amin(a, (0, 1), keepdim=True)", () => a.Amin([0, 1], keepDim: true));
        }),
        Op("Argmax", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Value("torch.argmax(a)", () => a.Argmax());
            c.Value("torch.argmax(a, 1)", () => a.Argmax(1));
            c.Value("torch.argmax(a, -1, keepdim=True)", () => a.Argmax(-1, keepDim: true));
            c.Value("torch.argmax(a, keepdim=True)", () => a.Argmax(keepDim: true));
        }),
        Op("Argmin", c =>
        {
            var a = c.Normal([3, 4, 2]);
            c.Value("torch.argmin(a)", () => a.Argmin());
            c.Value("torch.argmin(a, 0)", () => a.Argmin(0));
            c.Value("torch.argmin(a, 2, keepdim=True)", () => a.Argmin(2, keepDim: true));
        }),
        Op("LogSumExp", c =>
        {
            var a = c.Normal([3, 4, 2], scale: 10);
            c.Grad("torch.logsumexp(a, 1)", () => a.LogSumExp(1));
            c.Grad("torch.logsumexp(a, -1, keepdim=True)", () => a.LogSumExp(-1, keepDim: true));
            c.Grad("torch.logsumexp(a, (0, 2))", () => a.LogSumExp([0, 2]));
            c.Grad("torch.logsumexp(a * 100, 0)", () => (a * 100).LogSumExp(0));
        }),
        Op("All", c =>
        {
            var m = c.Bools([3, 4], p: 0.8);
            var a = c.Ints([3, 4], 0, 3);
            c.Value("torch.all(a)", () => m.All());
            c.Value("torch.all(a, 1)", () => m.All(1));
            c.Value("torch.all(a, 0, keepdim=True)", () => m.All(0, keepDim: true));
            c.Value("torch.all(b, 1)", () => a.All(1));
            c.Value("torch.all(torch.ones(2, dtype=torch.bool))", () => Torch.Ones([2], DType.Bool).All());
        }),
        Op("Any", c =>
        {
            var m = c.Bools([3, 4], p: 0.2);
            var a = c.Ints([3, 4], -1, 1);
            c.Value("torch.any(a)", () => m.Any());
            c.Value("torch.any(a, 0)", () => m.Any(0));
            c.Value("torch.any(a, -1, keepdim=True)", () => m.Any(-1, keepDim: true));
            c.Value("torch.any(b, 0)", () => a.Any(0));
            c.Value("torch.any(torch.zeros(3, dtype=torch.bool))", () => Torch.Zeros([3], DType.Bool).Any());
        }),
        Op("Std", c =>
        {
            var a = c.Normal([3, 4, 5]);
            c.Grad("torch.std(a)", () => a.Std());
            c.Grad("torch.std(a, (1,))", () => a.Std([1]));
            c.Grad("torch.std(a, (0, 2), keepdim=True)", () => a.Std([0, 2], keepDim: true));
            c.Grad("torch.std(a, (0, 1, 2), keepdim=True)", () => a.Std(keepDim: true));
        }),
        Op("Var", c =>
        {
            var a = c.Normal([3, 4, 5], DType.Float64);
            c.Grad("torch.var(a)", () => a.Var());
            c.Grad("torch.var(a, (-1,))", () => a.Var([-1]));
            c.Grad("torch.var(a, (0, 1), keepdim=True)", () => a.Var([0, 1], keepDim: true));
        }),
        Op("Norm", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("torch.norm(a)", () => a.Norm());
            c.Grad("torch.norm(a, p=1)", () => a.Norm(1));
            c.Grad("torch.norm(a, p=3, dim=(1,))", () => a.Norm(3, [1]));
            c.Grad("torch.norm(a, p=2, dim=(0,), keepdim=True)", () => a.Norm(2, [0], keepDim: true));
            c.Grad("torch.norm(a, p=float('inf'), dim=(1,))", () => a.Norm(double.PositiveInfinity, [1]));
            c.Grad("torch.norm(a, p=2, keepdim=True)", () => a.Norm(keepDim: true));
            c.Grad("torch.norm(a, p=2, dim=(0, 1))", () => a.Norm(2, [0, 1]));
        }),
        Op("Cumsum", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([5], -5, 5, DType.Int32);
            c.Grad("torch.cumsum(a, 0)", () => a.Cumsum(0));
            c.Grad("torch.cumsum(a, -1)", () => a.Cumsum(-1));
            c.Value("torch.cumsum(b, 0)", () => i.Cumsum(0));
        }),
        Op("AllClose", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Input(a + 1e-4);
            c.Value("torch.allclose(a, b)", () => a.AllClose(b));
            c.Value("torch.allclose(a, b, rtol=0, atol=1e-3)", () => a.AllClose(b, 0, 1e-3));
            c.Value("torch.allclose(a / 0, b / 0, equal_nan=True)", () => (a / 0.0).AllClose(b / 0.0, equalNan: true));
        }),
        Op("Equal", c =>
        {
            var a = c.Normal([3, 4]);
            c.Value("torch.equal(a, a.clone())", () => a.Equal(a.Clone()));
            c.Value("torch.equal(a, a + 1e-3)", () => a.Equal(a + 1e-3));
            c.Value("torch.equal(a, a[:2])", () => a.Equal(a.Narrow(0, 0, 2)));
        }),
    ];

    private static IEnumerable<OpDefinition> Products() =>
    [
        Op("MatMul", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4, 5]);
            var batch = c.Normal([2, 3, 4]);
            var v = c.Normal([4]);
            var w = c.Normal([2, 1, 3, 4]);
            var x = c.Normal([3, 4, 5]);
            var i = c.Ints([2, 3], -3, 3);
            var j = c.Ints([3, 2], -3, 3);
            c.Grad("torch.matmul(a, b)", () => a.MatMul(b));
            c.Grad("torch.matmul(c, b)", () => batch.MatMul(b));
            c.Grad("torch.matmul(d, b)", () => v.MatMul(b));
            c.Grad("torch.matmul(a, d)", () => a.MatMul(v));
            c.Grad("torch.matmul(d, d)", () => v.MatMul(v));
            c.Grad("torch.matmul(e, f)", () => w.MatMul(x));
            c.Value("torch.matmul(g, h)", () => i.MatMul(j));
        }),
        Op("Torch.MatMul", c =>
        {
            var a = c.Normal([2, 3, 4], DType.Float64);
            var b = c.Normal([2, 4, 2], DType.Float64);
            c.Grad("torch.matmul(a, b)", () => Torch.MatMul(a, b));
        }),
        Op("Mm", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4, 5]);
            c.Grad("torch.mm(a, b)", () => a.Mm(b));
            c.Grad("torch.mm(b.t(), a.t())", () => b.T.Mm(a.T));
        }),
        Op("Bmm", c =>
        {
            var a = c.Normal([2, 3, 4]);
            var b = c.Normal([2, 4, 5]);
            c.Grad("torch.bmm(a, b)", () => a.Bmm(b));
        }),
        Op("Addmm", c =>
        {
            var bias = c.Normal([3, 5]);
            var a = c.Normal([3, 4]);
            var b = c.Normal([4, 5]);
            var row = c.Normal([5]);
            c.Grad("torch.addmm(a, b, c)", () => bias.Addmm(a, b));
            c.Grad("torch.addmm(a, b, c, beta=0.5, alpha=-2)", () => bias.Addmm(a, b, 0.5, -2));
            c.Grad("torch.addmm(d, b, c)", () => row.Addmm(a, b));
            var i = c.Ints([2, 3], -5, 5);
            var j = c.Ints([3, 2], -5, 5);
            var k = c.Ints([2, 2], -5, 5);
            c.Value("torch.addmm(g, e, f)", () => k.Addmm(i, j));
            c.Value("torch.addmm(g, e, f, beta=2, alpha=-3)", () => k.Addmm(i, j, 2, -3));
        }),
        Op("MmInto", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4, 5]);
            c.Value("torch.mm(a, b)", () => InPlace(Torch.Empty([3, 5]), o => o.MmInto(a, b)));
            c.Value("torch.mm(a, b)", () => InPlace(Torch.Full([3, 5], 7.0), o => o.MmInto(a, b)));
        }),
        Op("Softmax", c =>
        {
            var a = c.Normal([3, 4, 5], scale: 3);
            var d = c.Normal([2, 6], DType.Float64);
            c.Grad("torch.softmax(a, 0)", () => a.Softmax(0));
            c.Grad("torch.softmax(a, 1)", () => a.Softmax(1));
            c.Grad("torch.softmax(a, -1)", () => a.Softmax(-1));
            c.Grad("torch.softmax(b * 100, 1)", () => (d * 100).Softmax(1));
        }),
        Op("LogSoftmax", c =>
        {
            var a = c.Normal([3, 4, 5], scale: 3);
            c.Grad("torch.log_softmax(a, 0)", () => a.LogSoftmax(0));
            c.Grad("torch.log_softmax(a, -1)", () => a.LogSoftmax(-1));
            c.Grad("torch.log_softmax(a * 100, 1)", () => (a * 100).LogSoftmax(1));
        }),
        Op("Normalize", c =>
        {
            var a = c.Normal([4, 5]);
            var z = c.Input(Torch.FromArray(new[] { 0f, 0f, 0f, 1f, 2f, 3f }, [2, 3]));
            c.Grad("F.normalize(a)", () => a.Normalize());
            c.Grad("F.normalize(a, p=1, dim=0)", () => a.Normalize(1, 0));
            c.Grad("F.normalize(a, p=2, dim=-1, eps=0.5)", () => a.Normalize(2, -1, 0.5));
            c.Value("F.normalize(b)", () => z.Normalize());
        }),
    ];
}
