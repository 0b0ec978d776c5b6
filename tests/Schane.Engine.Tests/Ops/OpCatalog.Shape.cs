namespace Schane.Engine.Tests.Ops;

// Views, joining and splitting, indexing, sorting, properties.
public static partial class OpCatalog
{
    private static IEnumerable<OpDefinition> Views() =>
    [
        Op("Reshape", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("a.reshape(4, 6)", () => a.Reshape(4, 6));
            c.Grad("a.reshape(-1)", () => a.Reshape(-1));
            c.Grad("a.reshape(2, -1, 2)", () => a.Reshape(2, -1, 2));
            c.Grad("a.transpose(0, 2).reshape(4, 6)", () => a.Transpose(0, 2).Reshape(4, 6));
            c.Grad("a[0, 0, :1].reshape(())", () => a[0][0].Narrow(0, 0, 1).Reshape());
        }),
        Op("View", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("a.view(6, 4)", () => a.View(6, 4));
            c.Grad("a.view(-1, 12)", () => a.View(-1, 12));
        }),
        Op("Permute", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("a.permute(2, 0, 1)", () => a.Permute(2, 0, 1));
            c.Grad("a.permute(-1, -3, -2)", () => a.Permute(-1, -3, -2));
        }),
        Op("Transpose", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("a.transpose(0, 2)", () => a.Transpose(0, 2));
            c.Grad("a.transpose(-1, 1)", () => a.Transpose(-1, 1));
        }),
        Op("T", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("a.t()", () => a.T);
            c.Grad("a.t().t()", () => a.T.T);
        }),
        Op("Squeeze", c =>
        {
            var a = c.Normal([1, 3, 1, 4]);
            c.Grad("a.squeeze()", () => a.Squeeze());
            c.Grad("a.squeeze(2)", () => a.Squeeze(2));
            c.Grad("a.squeeze(1)", () => a.Squeeze(1));
            c.Grad("a.squeeze(-4)", () => a.Squeeze(-4));
        }),
        Op("Unsqueeze", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("a.unsqueeze(0)", () => a.Unsqueeze(0));
            c.Grad("a.unsqueeze(-1)", () => a.Unsqueeze(-1));
            c.Grad("a.unsqueeze(1)", () => a.Unsqueeze(1));
        }),
        Op("Expand", c =>
        {
            var a = c.Normal([3, 1]);
            var b = c.Normal([4]);
            c.Grad("a.expand(3, 5)", () => a.Expand(3, 5));
            c.Grad("a.expand(2, -1, 4)", () => a.Expand(2, -1, 4));
            c.Grad("b.expand(3, 4)", () => b.Expand(3, 4));
            c.Value("b.expand(3, 4).stride()", () => b.Expand(3, 4).Strides);
        }),
        Op("Repeat", c =>
        {
            var a = c.Normal([2, 3]);
            c.Grad("a.repeat(2, 1)", () => a.Repeat(2, 1));
            c.Grad("a.repeat(2, 1, 3)", () => a.Repeat(2, 1, 3));
        }),
        Op("Flatten", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("a.flatten()", () => a.Flatten());
            c.Grad("a.flatten(1)", () => a.Flatten(1));
            c.Grad("a.flatten(0, 1)", () => a.Flatten(0, 1));
            c.Grad("a.transpose(0, 1).flatten(-2)", () => a.Transpose(0, 1).Flatten(-2));
        }),
        Op("Flip", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Grad("torch.flip(a, (0, 2))", () => a.Flip(0, 2));
            c.Grad("torch.flip(a, (-1,))", () => a.Flip(-1));
        }),
        Op("Roll", c =>
        {
            var a = c.Normal([3, 5]);
            c.Grad("torch.roll(a, 2, 1)", () => a.Roll(2, 1));
            c.Grad("torch.roll(a, -1, 0)", () => a.Roll(-1, 0));
            c.Grad("torch.roll(a, 7, -1)", () => a.Roll(7, -1));
        }),
        Op("Diagonal", c =>
        {
            var a = c.Normal([4, 5]);
            c.Grad("torch.diagonal(a)", () => a.Diagonal());
            c.Grad("torch.diagonal(a, 1)", () => a.Diagonal(1));
            c.Grad("torch.diagonal(a, -2)", () => a.Diagonal(-2));
        }),
        Op("Tril", c =>
        {
            var a = c.Normal([4, 5]);
            c.Grad("torch.tril(a)", () => a.Tril());
            c.Grad("torch.tril(a, 1)", () => a.Tril(1));
            c.Grad("torch.tril(a, -1)", () => a.Tril(-1));
        }),
        Op("Triu", c =>
        {
            var a = c.Normal([2, 4, 5]);
            c.Grad("torch.triu(a)", () => a.Triu());
            c.Grad("torch.triu(a, 2)", () => a.Triu(2));
            c.Grad("torch.triu(a, -1)", () => a.Triu(-1));
        }),
        Op("Narrow", c =>
        {
            var a = c.Normal([4, 5]);
            c.Grad("a.narrow(1, 1, 2)", () => a.Narrow(1, 1, 2));
            c.Grad("a.narrow(0, 3, 1)", () => a.Narrow(0, 3, 1));
            c.Grad("a.narrow(-1, 0, 0)", () => a.Narrow(-1, 0, 0));
        }),
        Op("Slice", c =>
        {
            var a = c.Normal([6, 7]);
            c.Grad("a[:, 1:4]", () => a.Slice(1, 1, 4));
            c.Grad("a[1:6:2]", () => a.Slice(0, 1, 6, 2));
            c.Grad("a[:, -3:]", () => a.Slice(1, -3, long.MaxValue));
            c.Grad("a[2:100]", () => a.Slice(0, 2, 100));
            c.Grad("a[:, 5:2]", () => a.Slice(1, 5, 2));
            c.Grad("a[:, :-2:3]", () => a.Slice(1, 0, -2, 3));
        }),
        Op("Select", c =>
        {
            var a = c.Normal([3, 4, 5]);
            c.Grad("a.select(1, 2)", () => a.Select(1, 2));
            c.Grad("a.select(-1, -1)", () => a.Select(-1, -1));
            c.Grad("a.select(0, 0)", () => a.Select(0, 0));
        }),
        Op("this[long]", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("a[1]", () => a[1]);
            c.Grad("a[-1]", () => a[-1]);
            c.Grad("a[2][3]", () => a[2][3]);
        }),
    ];

    private static IEnumerable<OpDefinition> Joins() =>
    [
        Op("Torch.Cat", c =>
        {
            var a = c.Normal([2, 3]);
            var b = c.Normal([4, 3]);
            var d = c.Normal([2, 1]);
            c.Grad("torch.cat([a, b])", () => Torch.Cat([a, b]));
            c.Grad("torch.cat([a, c, a], 1)", () => Torch.Cat([a, d, a], 1));
            c.Grad("torch.cat([a, c], -1)", () => Torch.Cat([a, d], -1));
            c.Grad("torch.cat([a])", () => Torch.Cat([a]));
        }),
        Op("Torch.Stack", c =>
        {
            var a = c.Normal([2, 3]);
            var b = c.Normal([2, 3]);
            c.Grad("torch.stack([a, b])", () => Torch.Stack([a, b]));
            c.Grad("torch.stack([a, b, a], 1)", () => Torch.Stack([a, b, a], 1));
            c.Grad("torch.stack([a, b], -1)", () => Torch.Stack([a, b], -1));
        }),
        Op("Chunk", c =>
        {
            var a = c.Normal([5, 6]);
            c.Grad("torch.chunk(a, 3)", () => a.Chunk(3));
            c.Grad("torch.chunk(a, 4, 1)", () => a.Chunk(4, 1));
            c.Grad("torch.chunk(a, 2, -1)", () => a.Chunk(2, -1));
        }),
        Op("Split", c =>
        {
            var a = c.Normal([5, 6]);
            c.Grad("torch.split(a, 2)", () => a.Split(2));
            c.Grad("torch.split(a, 4, 1)", () => a.Split(4, 1));
            c.Grad("torch.split(a, [1, 3, 2], 1)", () => a.Split([1, 3, 2], 1));
            c.Grad("torch.split(a, [5], 0)", () => a.Split([5]));
        }),
        Op("Unbind", c =>
        {
            var a = c.Normal([3, 4]);
            c.Grad("torch.unbind(a)", () => a.Unbind());
            c.Grad("torch.unbind(a, 1)", () => a.Unbind(1));
        }),
    ];

    private static IEnumerable<OpDefinition> Indexing() =>
    [
        Op("IndexSelect", c =>
        {
            var a = c.Normal([5, 4]);
            var i = c.Ints([7], 0, 5);
            var j = c.Ints([3], 0, 4, DType.Int32);
            c.Grad("torch.index_select(a, 0, b)", () => a.IndexSelect(0, i));
            c.Grad("torch.index_select(a, 1, c)", () => a.IndexSelect(1, j));
            c.Grad("torch.index_select(a, -1, b[:2])", () => a.IndexSelect(-1, i.Narrow(0, 0, 2)));
        }),
        Op("Gather", c =>
        {
            var a = c.Normal([3, 5]);
            var i = c.Ints([3, 4], 0, 5);
            var j = c.Ints([2, 5], 0, 3);
            c.Grad("torch.gather(a, 1, b)", () => a.Gather(1, i));
            c.Grad("torch.gather(a, 0, c)", () => a.Gather(0, j));
        }),
        Op("Scatter", c =>
        {
            var a = c.Normal([3, 5]);
            var i = c.DistinctIndices(3, 2, 5);
            var src = c.Normal([3, 2]);
            c.Grad("torch.scatter(a, 1, b, c)", () => a.Scatter(1, i, src));
            c.Grad("torch.scatter(a, 1, b, 2.5)", () => a.Scatter(1, i, 2.5));
            var rows = c.DistinctIndices(3, 2, 3);
            var src0 = c.Normal([2, 3]);
            c.Grad("torch.scatter(a, 0, d.t(), e)", () => a.Scatter(0, rows.T, src0));
        }),
        Op("ScatterAdd", c =>
        {
            var a = c.Normal([3, 5]);
            var i = c.Ints([3, 4], 0, 5);
            var src = c.Normal([3, 4]);
            c.Grad("torch.scatter_add(a, 1, b, c)", () => a.ScatterAdd(1, i, src));
            c.Grad("torch.scatter_add(a, 0, b[:2] % 3, c[:2])", () => a.ScatterAdd(0, i.Narrow(0, 0, 2) % 3L, src.Narrow(0, 0, 2)));
        }),
        Op("MaskedSelect", c =>
        {
            var a = c.Normal([3, 4]);
            var m = c.Bools([3, 4]);
            var n = c.Bools([4]);
            c.Grad("torch.masked_select(a, b)", () => a.MaskedSelect(m));
            c.Grad("torch.masked_select(a, c)", () => a.MaskedSelect(n));
        }),
        Op("Nonzero", c =>
        {
            var a = c.Ints([3, 4], -1, 2);
            var m = c.Bools([5]);
            c.Value("torch.nonzero(a)", () => a.Nonzero());
            c.Value("torch.nonzero(b)", () => m.Nonzero());
            c.Value("torch.nonzero(torch.zeros(2, 2))", () => Torch.Zeros([2, 2]).Nonzero());
        }),
        Op("this[Tensor]", c =>
        {
            var a = c.Normal([4, 3]);
            var m = c.Bools([4, 3]);
            var rows = c.Bools([4]);
            var i = c.Ints([6], -4, 4);
            var j = c.Ints([2, 2], 0, 4);
            c.Grad("a[b]", () => a[m]);
            c.Grad("a[c]", () => a[rows]);
            c.Grad("a[d]", () => a[i]);
            c.Grad("a[e]", () => a[j]);
        }),
        Op("IndexPut_", c =>
        {
            var a = c.Normal([5, 3]);
            var i = c.DistinctIndices(1, 3, 5);
            var v = c.Normal([3, 3]);
            var row = c.Normal([3]);
            var m = c.Bools([5]);
            var mm = c.Bools([5, 3]);
            c.Grad("a.clone().index_put_((b[0],), c)", () => InPlace(a.Clone(), x => x.IndexPut_(i[0], v)));
            c.Grad("a.clone().index_put_((b[0],), d)", () => InPlace(a.Clone(), x => x.IndexPut_(i[0], row)));
            c.Grad("a.clone().index_put_((e,), d)", () => InPlace(a.Clone(), x => x.IndexPut_(m, row)));
            c.Grad("a.clone().index_put_((f,), torch.tensor(-1.0))", () => InPlace(a.Clone(), x => x.IndexPut_(mm, Torch.Scalar(-1))));
        }),
        Op("OneHot", c =>
        {
            var i = c.Ints([6], 0, 4);
            var j = c.Ints([2, 3], 0, 3);
            c.Value("F.one_hot(a, 5)", () => i.OneHot(5));
            c.Value("F.one_hot(b)", () => j.OneHot());
        }),
        Op("Bincount", c =>
        {
            var i = c.Ints([20], 0, 6);
            c.Value("torch.bincount(a)", () => i.Bincount());
            c.Value("torch.bincount(a, minlength=10)", () => i.Bincount(10));
            c.Value("torch.bincount(a, minlength=2)", () => i.Bincount(2));
        }),
    ];

    private static IEnumerable<OpDefinition> Sorting() =>
    [
        Op("TopK", c =>
        {
            var a = c.Normal([3, 6]);
            c.Grad("torch.topk(a, 2)", () => a.TopK(2));
            c.Grad("torch.topk(a, 3, dim=0, largest=False)", () => a.TopK(3, 0, largest: false));
            c.Grad("torch.topk(a, 4, sorted=False).values.sort().values", () => a.TopK(4, sorted: false).Values.Sort().Values);
        }),
        Op("Sort", c =>
        {
            var a = c.Normal([3, 6]);
            var i = c.DistinctIndices(1, 8, 8);
            c.Grad("torch.sort(a)", () => a.Sort());
            c.Grad("torch.sort(a, 0, descending=True)", () => a.Sort(0, descending: true));
            c.Value("torch.sort(b[0])", () => i[0].Sort());
        }),
        Op("Argsort", c =>
        {
            var a = c.Normal([3, 6]);
            c.Value("torch.argsort(a)", () => a.Argsort());
            c.Value("torch.argsort(a, 0, descending=True)", () => a.Argsort(0, descending: true));
        }),
    ];

    private static IEnumerable<OpDefinition> Properties() =>
    [
        Op("Shape", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Value("a.shape", () => a.Shape);
            c.Value("a.permute(2, 0, 1).shape", () => a.Permute(2, 0, 1).Shape);
            c.Value("a.sum().shape", () => a.Sum().Shape);
        }),
        Op("Strides", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Value("a.stride()", () => a.Strides);
            c.Value("a.transpose(0, 2).stride()", () => a.Transpose(0, 2).Strides);
            c.Value("a[:, 1:3:2].stride()", () => a.Slice(1, 1, 3, 2).Strides);
        }),
        Op("Dim", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Value("a.dim()", () => a.Dim);
            c.Value("a.sum().dim()", () => a.Sum().Dim);
        }),
        Op("NumElements", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Value("a.numel()", () => a.NumElements);
            c.Value("a[:, :0].numel()", () => a.Narrow(1, 0, 0).NumElements);
        }),
        Op("Size", c =>
        {
            var a = c.Normal([2, 3, 4]);
            c.Value("a.size(1)", () => a.Size(1));
            c.Value("a.size(-1)", () => a.Size(-1));
        }),
        Op("IsContiguous", c =>
        {
            var a = c.Normal([2, 3]);
            c.Value("a.is_contiguous()", () => a.IsContiguous);
            c.Value("a.t().is_contiguous()", () => a.T.IsContiguous);
        }),
        Op("RequiresGrad", c =>
        {
            var a = c.Normal([2, 3]);
            c.Value("a.requires_grad", () => a.RequiresGrad);
            c.Value("(a.requires_grad_() * 2).requires_grad", () => (a.RequiresGrad_() * 2).RequiresGrad);
            c.Value("a.requires_grad_(False).requires_grad", () => a.RequiresGrad_(false).RequiresGrad);
        }),
        Op("IsLeaf", c =>
        {
            var a = c.Normal([2, 3]);
            c.Value("a.is_leaf", () => a.IsLeaf);
            c.Value("(a.requires_grad_() * 2).is_leaf", () => (a.RequiresGrad_() * 2).IsLeaf);
            c.Value("a.requires_grad_(False).is_leaf", () => a.RequiresGrad_(false).IsLeaf);
        }),
        Op("Item", c =>
        {
            var a = c.Normal([2, 3]);
            var i = c.Ints([4], -100, 100);
            c.Value("a.sum().item()", () => a.Sum().Item<double>());
            c.Value("b.sum().item()", () => i.Sum().Item<long>());
            c.Value("a[1, 2].item()", () => (double)a[1][2].Item<float>());
            c.Value("bool(a[0, 0] > 0)", () => a[0][0].Gt(0).Item<bool>());
        }),
        Op("ToArray", c =>
        {
            var a = c.Normal([3, 4]);
            var i = c.Ints([3, 4], -100, 100);
            c.Value("a.t().flatten()", () => Torch.FromArray(a.T.ToArray<float>()));
            c.Value("b.t().flatten()", () => Torch.FromArray(i.T.ToArray<long>()));
            c.Value("a[:, 1]", () => Torch.FromArray(a.Select(1, 1).ToArray<float>()));
        }),
        Op("CopyTo", c =>
        {
            var a = c.Normal([3, 4], DType.Float64);
            c.Value("a.flip(0).flatten()", () =>
            {
                var buffer = new double[20];
                a.Flip(0).CopyTo<double>(buffer);
                return Torch.FromArray(buffer[..12]);
            });
        }),
    ];
}
