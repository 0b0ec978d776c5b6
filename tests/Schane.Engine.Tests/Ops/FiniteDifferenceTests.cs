namespace Schane.Engine.Tests.Ops;

/// <summary>
/// Backward against central finite differences in float64 (torch.autograd.gradcheck's method): for random inputs and
/// random weights w, the gradient of L = sum(f(x) · w) from Backward must match (L(x + h·e_i) − L(x − h·e_i)) / 2h.
/// </summary>
public class FiniteDifferenceTests
{
    private enum Domain { Any, Positive }

    private sealed record Spec(Func<Tensor[], Tensor> F, (long[] Shape, Domain Domain)[] Inputs);

    private static (long[], Domain) In(params long[] shape) => (shape, Domain.Any);
    private static (long[], Domain) Pos(params long[] shape) => (shape, Domain.Positive);

    private static readonly Dictionary<string, Spec> Functions = new()
    {
        ["exp"] = new(x => x[0].Exp(), [In(3, 4)]),
        ["log"] = new(x => x[0].Log(), [Pos(3, 4)]),
        ["log2"] = new(x => x[0].Log2(), [Pos(5)]),
        ["log1p"] = new(x => x[0].Log1p(), [Pos(5)]),
        ["expm1"] = new(x => x[0].Expm1(), [In(5)]),
        ["sqrt"] = new(x => x[0].Sqrt(), [Pos(3, 4)]),
        ["rsqrt"] = new(x => x[0].Rsqrt(), [Pos(5)]),
        ["reciprocal"] = new(x => x[0].Reciprocal(), [Pos(5)]),
        ["sin·cos"] = new(x => x[0].Sin() * x[0].Cos(), [In(6)]),
        ["tanh"] = new(x => x[0].Tanh(), [In(6)]),
        ["sigmoid"] = new(x => x[0].Sigmoid(), [In(6)]),
        ["erf"] = new(x => x[0].Erf(), [In(6)]),
        ["abs"] = new(x => x[0].Abs(), [In(6)]),
        ["relu"] = new(x => x[0].Relu(), [In(6)]),
        ["square"] = new(x => x[0].Square(), [In(6)]),
        ["neg"] = new(x => -x[0], [In(6)]),
        ["add·alpha"] = new(x => x[0].Add(x[1], -1.5), [In(3, 4), In(4)]),
        ["sub·alpha"] = new(x => x[0].Sub(x[1], 2.5), [In(3, 1), In(4)]),
        ["mul"] = new(x => x[0] * x[1], [In(3, 4), In(3, 1)]),
        ["div"] = new(x => x[0] / x[1], [In(3, 4), Pos(4)]),
        ["scalar ops"] = new(x => (2.0 - x[0]) / 3.0 + 1.5 / (x[0] * x[0] + 1) * 2L - 1L, [In(6)]),
        ["pow(t, t)"] = new(x => x[0].Pow(x[1]), [Pos(5), In(5)]),
        ["pow(t, 2.5)"] = new(x => x[0].Pow(2.5), [Pos(5)]),
        ["remainder"] = new(x => x[0].Remainder(x[1]), [In(5), Pos(5)]),
        ["atan2"] = new(x => x[0].Atan2(x[1]), [In(5), In(5)]),
        ["maximum·minimum"] = new(x => x[0].Maximum(x[1]) + x[0].Minimum(x[1]) * 2, [In(6), In(6)]),
        ["lerp"] = new(x => x[0].Lerp(x[1], 0.3), [In(5), In(5)]),
        ["clamp"] = new(x => x[0].Clamp(-0.5, 0.5), [In(8)]),
        ["where"] = new(x => Torch.Where(x[0].Gt(0), x[0] * 2, x[1].Exp()), [In(8), In(8)]),
        ["masked_fill"] = new(x => x[0].MaskedFill(x[0].Lt(0), 0.5) * x[0], [In(8)]),
        ["addcmul_·addcdiv_"] = new(x => x[0].Clone().Addcmul_(x[1], x[2], 0.5).Addcdiv_(x[1], x[2].Exp(), -2), [In(4), In(4), In(4)]),
        ["arithmetic in place"] = new(x => (x[0] * 1).Mul_(x[1]).Add_(x[1], 2).Sub_(0.5).Div_(3.0).Pow_(2).Mul_(-0.5).Add_(1.5).Div_(x[1].Exp()), [In(5), In(5)]),
        // Each of these saves its input or result for backward, so each works on a fresh tensor.
        ["unary in place"] = new(x => (x[0] * 1).Exp_() + (x[0].Exp() * 1).Log_() + (x[0].Exp() * 1).Sqrt_() + (x[0] * 1).Tanh_() + (x[0] * 1).Sigmoid_()
            + (x[0] * 1).Neg_() + (x[0] * 1).Square_() + (x[0] * 1).Relu_(), [In(5)]),
        ["sum·mean"] = new(x => x[0].Sum(1) * x[0].Mean([0], keepDim: true).Squeeze(0).Sum(), [In(3, 4)]),
        ["prod"] = new(x => x[0].Prod(0) + x[0].Prod(), [In(3, 3)]),
        ["std·var"] = new(x => x[0].Std([1]) + x[0].Var([0, 1], keepDim: true).Squeeze() + x[0].Std(), [In(3, 4)]),
        ["norm"] = new(x => x[0].Norm() + x[0].Norm(3, [1]).Sum() + x[0].Norm(1, [0], keepDim: true).Sum(), [In(3, 4)]),
        ["logsumexp"] = new(x => x[0].LogSumExp(1) + x[0].LogSumExp([0, 1]), [In(3, 4)]),
        ["softmax"] = new(x => x[0].Softmax(1), [In(3, 4)]),
        ["log_softmax"] = new(x => x[0].LogSoftmax(0), [In(3, 4)]),
        ["normalize"] = new(x => x[0].Normalize(2, 1), [In(3, 4)]),
        ["amax·amin"] = new(x => x[0].Amax([1]) + x[0].Amin([1]), [In(3, 4)]),
        ["max(dim)·min()"] = new(x => x[0].Max(0).Values.Sum() + x[0].Min(), [In(3, 4)]),
        ["cumsum"] = new(x => x[0].Cumsum(1), [In(3, 4)]),
        ["matmul"] = new(x => x[0].MatMul(x[1]), [In(2, 3, 4), In(4, 2)]),
        ["mm·T"] = new(x => x[0].Mm(x[1].T), [In(3, 4), In(2, 4)]),
        ["bmm"] = new(x => x[0].Bmm(x[1]), [In(2, 2, 3), In(2, 3, 2)]),
        ["addmm"] = new(x => x[0].Addmm(x[1], x[2], 0.5, 2), [In(3), In(2, 4), In(4, 3)]),
        ["reshape·permute·flatten"] = new(x => x[0].Reshape(2, 3, 2).Permute(2, 0, 1).Flatten(1) * x[0].View(4, 3).Sum(0).Repeat(2, 2), [In(12)]),
        ["expand·repeat"] = new(x => x[0].Expand(3, 4) * x[0].Repeat(1, 4) * x[1], [In(3, 1), In(4)]),
        ["flip·roll·tril·triu·diagonal"] = new(x => x[0].Flip(0).Roll(1, 1).Tril() + x[0].Triu(1) + x[0].Diagonal().Unsqueeze(1), [In(3, 3)]),
        ["narrow·slice·select·index"] = new(x => x[0].Narrow(1, 1, 2).Sum(1) + x[0].Slice(1, 0, 4, 3).Sum(1) + x[0].Select(1, 0) + x[0].T[1], [In(3, 4)]),
        ["cat·stack"] = new(x => Torch.Cat([x[0], x[1] * 2], 1).Sum(0) + Torch.Stack([x[0], x[0].Exp()], 2).Sum([0, 2]).Sum(), [In(2, 3), In(2, 2)]),
        ["chunk·split·unbind"] = new(x => x[0].Chunk(2, 1)[1].Sum() * x[0].Split([1, 2], 0)[1].Exp().Sum() + x[0].Unbind(1)[2], [In(3, 4)]),
        ["index_select·gather"] = new(x => x[0].IndexSelect(0, Torch.FromArray(new long[] { 2, 0, 2 })).Sum(1) + x[0].Gather(1, Torch.FromArray(new long[] { 1, 1, 0, 2, 3, 3 }, [3, 2])).Sum(1), [In(3, 4)]),
        ["scatter·scatter_add"] = new(x => x[0].Scatter(1, Torch.FromArray(new long[] { 1, 3 }, [1, 2]), x[1]).ScatterAdd(0, Torch.FromArray(new long[] { 0, 1, 0, 0 }, [1, 4]), (x[0] * x[0]).Narrow(0, 1, 1)), [In(2, 4), In(1, 2)]),
        ["masked_select·mask index·long index"] = new(x => x[0].MaskedSelect(x[0].Gt(0)).Exp().Sum() + x[0][x[0].Lt(0)].Square().Sum() + x[0][Torch.FromArray(new long[] { 1, -1, 1 })].Sum(), [In(3, 4)]),
        ["index_put_"] = new(x => x[0].Clone().IndexPut_(Torch.FromArray(new long[] { 0, 2 }), x[1]), [In(3, 2), In(2)]),
        ["topk·sort"] = new(x => x[0].TopK(2).Values * x[0].Sort(1, descending: true).Values.Narrow(1, 1, 2), [In(3, 4)]),
        ["to(float32)·to(float64)"] = new(x => x[0].To(DType.Float32).To(DType.Float64) * 0 + x[0].Clone().Contiguous().Alias(), [In(4)]),
    };

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var name in Functions.Keys) data.Add(name);
        return data;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void BackwardMatchesCentralDifferences(string name)
    {
        var spec = Functions[name];
        var random = new Random(name.Length * 7919 + name[0]);
        double Sample(Domain d) => d == Domain.Positive ? 0.5 + 1.5 * random.NextDouble() : 2 * random.NextDouble() - 1;
        var data = spec.Inputs.Select(i => Enumerable.Range(0, (int)Count(i.Shape)).Select(_ => Sample(i.Domain)).ToArray()).ToArray();

        using var scope = Torch.NewDisposeScope();
        var inputs = data.Select((d, k) => Torch.FromArray(d, spec.Inputs[k].Shape, requiresGrad: true)).ToArray();
        var output = spec.F(inputs);
        Assert.Equal(DType.Float64, output.DType);
        var weights = Torch.FromArray(Enumerable.Range(0, (int)output.NumElements).Select(_ => 2 * random.NextDouble() - 1).ToArray(), output.Shape);
        (output * weights).Sum().Backward();

        double Loss()
        {
            using var inner = Torch.NewDisposeScope();
            using var noGrad = Torch.NoGrad();
            var xs = data.Select((d, k) => Torch.FromArray(d, spec.Inputs[k].Shape)).ToArray();
            return (spec.F(xs) * weights).Sum().Item<double>();
        }

        const double h = 1e-6;
        for (var k = 0; k < inputs.Length; k++)
        {
            var analytic = inputs[k].Grad?.ToArray<double>() ?? throw new Xunit.Sdk.XunitException($"input {k} got no gradient");
            for (var i = 0; i < data[k].Length; i++)
            {
                var x = data[k][i];
                data[k][i] = x + h;
                var plus = Loss();
                data[k][i] = x - h;
                var minus = Loss();
                data[k][i] = x;
                var numeric = (plus - minus) / (2 * h);
                Assert.True(Math.Abs(analytic[i] - numeric) <= 1e-6 + 1e-5 * Math.Abs(numeric),
                    $"{name}: d/d(input {k})[{i}]: backward {analytic[i]:R}, finite differences {numeric:R}");
            }
        }
    }

    private static long Count(long[] shape) => shape.Aggregate(1L, (a, b) => a * b);
}
