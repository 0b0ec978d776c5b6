namespace Schane.Engine.Tests.Ops;

// Elementwise unary and binary math, comparisons, where / masked_fill, clamp, in-place forms.
public static partial class OpCatalog
{
    // Inputs inside each function's smooth domain: gradients are compared there.
    private enum Domain { Any, Positive, Unit }

    private static IEnumerable<OpDefinition> Unary()
    {
        (string Name, string Torch, Func<Tensor, Tensor> Op, Domain Domain)[] ops =
        [
            ("Neg", "torch.neg", x => x.Neg(), Domain.Any),
            ("Abs", "torch.abs", x => x.Abs(), Domain.Any),
            ("Exp", "torch.exp", x => x.Exp(), Domain.Any),
            ("Log", "torch.log", x => x.Log(), Domain.Positive),
            ("Log2", "torch.log2", x => x.Log2(), Domain.Positive),
            ("Log1p", "torch.log1p", x => x.Log1p(), Domain.Positive),
            ("Expm1", "torch.expm1", x => x.Expm1(), Domain.Any),
            ("Sqrt", "torch.sqrt", x => x.Sqrt(), Domain.Positive),
            ("Rsqrt", "torch.rsqrt", x => x.Rsqrt(), Domain.Positive),
            ("Sin", "torch.sin", x => x.Sin(), Domain.Any),
            ("Cos", "torch.cos", x => x.Cos(), Domain.Any),
            ("Tanh", "torch.tanh", x => x.Tanh(), Domain.Any),
            ("Sigmoid", "torch.sigmoid", x => x.Sigmoid(), Domain.Any),
            ("Relu", "torch.relu", x => x.Relu(), Domain.Any),
            ("Sign", "torch.sign", x => x.Sign(), Domain.Any),
            ("Floor", "torch.floor", x => x.Floor(), Domain.Any),
            ("Ceil", "torch.ceil", x => x.Ceil(), Domain.Any),
            ("Round", "torch.round", x => x.Round(), Domain.Any),
            ("Trunc", "torch.trunc", x => x.Trunc(), Domain.Any),
            ("Reciprocal", "torch.reciprocal", x => x.Reciprocal(), Domain.Positive),
            ("Square", "torch.square", x => x.Square(), Domain.Any),
            ("Erf", "torch.erf", x => x.Erf(), Domain.Any),
        ];
        foreach (var (name, torch, op, domain) in ops)
            yield return Op(name, c =>
            {
                Tensor Make(long[] shape, DType dtype) => domain switch
                {
                    Domain.Positive => c.Uniform(shape, 0.1, 3, dtype),
                    _ => c.Normal(shape, dtype, scale: 2),
                };
                var a = Make([3, 4], DType.Float32);
                var b = Make([2, 3], DType.Float64);
                c.Grad($"{torch}(a)", () => op(a));
                c.Grad($"{torch}(b)", () => op(b));
                c.Grad($"{torch}(a.t())", () => op(a.T));
                c.Value($"{torch}(torch.zeros(0, 2))", () => op(Torch.Zeros([0, 2])));
            });

        // Integer inputs: the ops that keep integers integral, and those that promote them to float.
        yield return Op("Unary(int64)", c =>
        {
            var i = c.Ints([7], -9, 9);
            c.Value("torch.neg(a)", () => i.Neg());
            c.Value("torch.abs(a)", () => i.Abs());
            c.Value("torch.sign(a)", () => i.Sign());
            c.Value("torch.relu(a)", () => i.Relu());
            c.Value("torch.square(a)", () => i.Square());
            c.Value("torch.exp(a)", () => i.Exp());
            c.Value("torch.sigmoid(a)", () => i.Sigmoid());
            c.Value("torch.reciprocal(a)", () => i.Reciprocal());
            c.Value("torch.sqrt(a.abs())", () => i.Abs().Sqrt());
        });
        yield return Op("Round(half to even)", c =>
        {
            var a = c.Input(Torch.FromArray(new[] { 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, 2.4999f, -2.5001f }));
            c.Value("torch.round(a)", () => a.Round());
        });

        yield return Op("LogicalNot", c =>
        {
            var m = c.Bools([3, 4]);
            var a = c.Input(Torch.FromArray(new[] { 0f, 1.5f, -2f, 0f }));
            c.Value("torch.logical_not(a)", () => m.LogicalNot());
            c.Value("torch.logical_not(b)", () => a.LogicalNot());
        });
        foreach (var (name, torch, op) in new (string, string, Func<Tensor, Tensor>)[]
                 {
                     ("IsNan", "torch.isnan", x => x.IsNan()), ("IsInf", "torch.isinf", x => x.IsInf()),
                     ("IsFinite", "torch.isfinite", x => x.IsFinite()),
                 })
            yield return Op(name, c =>
            {
                var a = c.Input(Torch.FromArray(new[] { 1f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -2f }));
                var i = c.Ints([3], -5, 5);
                c.Value($"{torch}(a)", () => op(a));
                c.Value($"{torch}(b)", () => op(i));
            });

        // In-place unary ops return this and record a differentiable in-place node.
        foreach (var (name, torch, op, domain) in new (string, string, Func<Tensor, Tensor>, Domain)[]
                 {
                     ("Neg_", "neg_", x => x.Neg_(), Domain.Any), ("Exp_", "exp_", x => x.Exp_(), Domain.Any),
                     ("Log_", "log_", x => x.Log_(), Domain.Positive), ("Sqrt_", "sqrt_", x => x.Sqrt_(), Domain.Positive),
                     ("Relu_", "relu_", x => x.Relu_(), Domain.Any), ("Sigmoid_", "sigmoid_", x => x.Sigmoid_(), Domain.Any),
                     ("Tanh_", "tanh_", x => x.Tanh_(), Domain.Any), ("Square_", "square_", x => x.Square_(), Domain.Any),
                 })
            yield return Op(name, c =>
            {
                var a = domain == Domain.Positive ? c.Uniform([3, 4], 0.1, 3) : c.Normal([3, 4]);
                c.Grad($"a.clone().{torch}()", () => InPlace(a.Clone(), op));
                c.Grad($"(a * 2).{torch}()", () => InPlace(a * 2, op));
            });
    }

    private static IEnumerable<OpDefinition> Binary() =>
    [
        Op("Add", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            var i = c.Ints([3, 4], -9, 9);
            var d = c.Normal([3, 1], DType.Float64);
            c.Grad("torch.add(a, b)", () => a.Add(b));
            c.Grad("torch.add(a, b, alpha=2.5)", () => a.Add(b, 2.5));
            c.Grad("torch.add(a, d)", () => a.Add(d));
            c.Value("torch.add(c, c, alpha=3)", () => i.Add(i, 3));
            c.Value("torch.add(c, a)", () => i.Add(a));
            c.Value("torch.add(c, c)", () => i.Add(i));
        }),
        Op("Sub", c =>
        {
            var a = c.Normal([2, 3, 4]);
            var b = c.Normal([3, 1]);
            c.Grad("torch.sub(a, b)", () => a.Sub(b));
            c.Grad("torch.sub(a, b, alpha=-0.5)", () => a.Sub(b, -0.5));
        }),
        Op("Mul", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 1]);
            var i = c.Ints([3, 4], -9, 9, DType.Int32);
            c.Grad("torch.mul(a, b)", () => a.Mul(b));
            c.Grad("torch.mul(a, a)", () => a.Mul(a));
            c.Value("torch.mul(c, c)", () => i.Mul(i));
        }),
        Op("Div", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Uniform([4], 0.5, 2);
            var i = c.Ints([3, 4], -9, 9);
            var j = c.Ints([3, 4], 1, 5);
            c.Grad("torch.div(a, b)", () => a.Div(b));
            c.Value("torch.div(c, d)", () => i.Div(j));
        }),
        Op("Pow", c =>
        {
            var a = c.Uniform([3, 4], 0.2, 2);
            var b = c.Normal([3, 4]);
            var n = c.Normal([5]);
            var i = c.Ints([5], -4, 4);
            c.Grad("torch.pow(a, b)", () => a.Pow(b));
            c.Grad("torch.pow(a, 3.0)", () => a.Pow(3.0));
            c.Grad("torch.pow(a, 0.5)", () => a.Pow(0.5));
            c.Grad("torch.pow(c, 2.0)", () => n.Pow(2.0));
            c.Value("torch.pow(d, 2.0)", () => i.Pow(2.0));
            c.Value("torch.pow(d.abs(), d.abs())", () => i.Abs().Pow(i.Abs()));
        }),
        Op("Remainder", c =>
        {
            var a = c.Normal([3, 4], scale: 5);
            var b = c.Uniform([4], 1, 2);
            var i = c.Ints([3, 4], -20, 20);
            var j = c.Ints([4], 1, 6);
            c.Grad("torch.remainder(a, b)", () => a.Remainder(b));
            c.Value("torch.remainder(a, 3)", () => a.Remainder(3));
            c.Value("torch.remainder(c, 3)", () => i.Remainder(3));
            c.Value("torch.remainder(c, -3)", () => i.Remainder(-3));
            c.Value("torch.remainder(c, d)", () => i.Remainder(j));
        }),
        Op("FloorDivide", c =>
        {
            var a = c.Normal([3, 4], scale: 5);
            var b = c.Uniform([4], 1, 2);
            var i = c.Ints([3, 4], -20, 20);
            var j = c.Ints([4], 1, 6);
            c.Value("torch.floor_divide(a, b)", () => a.FloorDivide(b));
            c.Value("torch.floor_divide(c, d)", () => i.FloorDivide(j));
        }),
        Op("Maximum", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            c.Grad("torch.maximum(a, b)", () => a.Maximum(b));
            var i = c.Ints([5], -5, 5);
            var j = c.Ints([5], -5, 5);
            c.Value("torch.maximum(c, d)", () => i.Maximum(j));
        }),
        Op("Minimum", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 1]);
            c.Grad("torch.minimum(a, b)", () => a.Minimum(b));
        }),
        Op("Atan2", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 4]);
            c.Grad("torch.atan2(a, b)", () => a.Atan2(b));
        }),
        Op("LogicalAnd", c =>
        {
            var m = c.Bools([3, 4]);
            var n = c.Bools([4]);
            var a = c.Ints([3, 4], -1, 2);
            c.Value("torch.logical_and(a, b)", () => m.LogicalAnd(n));
            c.Value("torch.logical_and(c, a)", () => a.LogicalAnd(m));
        }),
        Op("LogicalOr", c =>
        {
            var m = c.Bools([3, 4]);
            var n = c.Bools([3, 1]);
            var a = c.Ints([3, 4], -1, 2);
            c.Value("torch.logical_or(a, b)", () => m.LogicalOr(n));
            c.Value("torch.logical_or(c, c)", () => a.LogicalOr(a));
        }),
        .. Comparisons(),
        Op("Add_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            c.Grad("a.clone().add_(b)", () => InPlace(a.Clone(), x => x.Add_(b)));
            c.Grad("a.clone().add_(b, alpha=-2)", () => InPlace(a.Clone(), x => x.Add_(b, -2)));
            c.Grad("a.clone().add_(1.5)", () => InPlace(a.Clone(), x => x.Add_(1.5)));
        }),
        Op("Sub_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 1]);
            c.Grad("a.clone().sub_(b)", () => InPlace(a.Clone(), x => x.Sub_(b)));
            c.Grad("a.clone().sub_(b, alpha=0.5)", () => InPlace(a.Clone(), x => x.Sub_(b, 0.5)));
            c.Grad("a.clone().sub_(0.25)", () => InPlace(a.Clone(), x => x.Sub_(0.25)));
            var i = c.Ints([3, 4], -5, 5);
            c.Value("c.clone().sub_(c.flip(0), alpha=2)", () => InPlace(i.Clone(), x => x.Sub_(i.Flip(0), 2)));
        }),
        Op("Mul_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            c.Grad("a.clone().mul_(b)", () => InPlace(a.Clone(), x => x.Mul_(b)));
            c.Grad("a.clone().mul_(-3.0)", () => InPlace(a.Clone(), x => x.Mul_(-3.0)));
        }),
        Op("Div_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Uniform([4], 0.5, 2);
            c.Grad("a.clone().div_(b)", () => InPlace(a.Clone(), x => x.Div_(b)));
            c.Grad("a.clone().div_(4.0)", () => InPlace(a.Clone(), x => x.Div_(4.0)));
        }),
        Op("Pow_", c =>
        {
            var a = c.Uniform([3, 4], 0.2, 2);
            c.Grad("a.clone().pow_(2.5)", () => InPlace(a.Clone(), x => x.Pow_(2.5)));
        }),
        Op("Addcmul_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 4]);
            var d = c.Normal([4]);
            c.Grad("a.clone().addcmul_(b, c)", () => InPlace(a.Clone(), x => x.Addcmul_(b, d)));
            c.Grad("a.clone().addcmul_(b, c, value=-0.5)", () => InPlace(a.Clone(), x => x.Addcmul_(b, d, -0.5)));
            var i = c.Ints([4], -5, 5);
            c.Value("d.clone().addcmul_(d, d, value=2)", () => InPlace(i.Clone(), x => x.Addcmul_(i, i, 2)));
        }),
        Op("Addcdiv_", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([3, 4]);
            var d = c.Uniform([4], 0.5, 2);
            c.Grad("a.clone().addcdiv_(b, c)", () => InPlace(a.Clone(), x => x.Addcdiv_(b, d)));
            c.Grad("a.clone().addcdiv_(b, c, value=0.1)", () => InPlace(a.Clone(), x => x.Addcdiv_(b, d, 0.1)));
        }),
        Op("Lerp", c =>
        {
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            c.Grad("torch.lerp(a, b, 0.3)", () => a.Lerp(b, 0.3));
            c.Grad("torch.lerp(a, b, 1.5)", () => a.Lerp(b, 1.5));
        }),
        Op("Clamp", c =>
        {
            var a = c.Normal([4, 5]);
            var i = c.Ints([6], -5, 5);
            c.Grad("torch.clamp(a, -0.5, 0.7)", () => a.Clamp(-0.5, 0.7));
            c.Grad("torch.clamp(a, min=-0.5)", () => a.Clamp(min: -0.5));
            c.Grad("torch.clamp(a, max=0.2)", () => a.Clamp(max: 0.2));
            c.Grad("torch.clamp(a, -1, 1)", () => a.Clamp(-1, 1));
            c.Grad("torch.clamp(a.to(torch.float64), 0, 1)", () => a.To(DType.Float64).Clamp(0, 1));
            c.Value("torch.clamp(b, -2, 3)", () => i.Clamp(-2, 3));
            c.Value("torch.clamp(b, min=1.5)", () => i.Clamp(1.5));
        }),
        Op("ClampMin", c =>
        {
            var a = c.Normal([4, 5]);
            c.Grad("torch.clamp_min(a, 0.1)", () => a.ClampMin(0.1));
        }),
        Op("ClampMax", c =>
        {
            var a = c.Normal([4, 5]);
            c.Grad("torch.clamp_max(a, -0.1)", () => a.ClampMax(-0.1));
        }),
        Op("Where", c =>
        {
            var m = c.Bools([3, 4]);
            var a = c.Normal([3, 4]);
            var b = c.Normal([4]);
            var n = c.Bools([3, 1]);
            c.Grad("torch.where(a, b, c)", () => a.Where(m, b));
            c.Grad("torch.where(d, b, c)", () => a.Where(n, b));
        }),
        Op("Torch.Where", c =>
        {
            var m = c.Bools([3, 4]);
            var a = c.Normal([3, 4]);
            var i = c.Ints([3, 4], 0, 5);
            c.Grad("torch.where(a, b, -b)", () => Torch.Where(m, a, -a));
            c.Value("torch.where(a, c, c * 10)", () => Torch.Where(m, i, i * 10));
        }),
        Op("MaskedFill", c =>
        {
            var a = c.Normal([3, 4]);
            var m = c.Bools([3, 4]);
            var n = c.Bools([4]);
            var i = c.Ints([3, 4], 0, 5);
            c.Grad("a.masked_fill(b, -2.5)", () => a.MaskedFill(m, -2.5));
            c.Grad("a.masked_fill(c, float('-inf')).exp()", () => a.MaskedFill(n, double.NegativeInfinity).Exp());
            c.Value("d.masked_fill(b, 7.0)", () => i.MaskedFill(m, 7.0));
        }),
        Op("MaskedFill_", c =>
        {
            var a = c.Normal([3, 4]);
            var m = c.Bools([3, 4]);
            c.Grad("a.clone().masked_fill_(b, 1.5)", () => InPlace(a.Clone(), x => x.MaskedFill_(m, 1.5)));
        }),
    ];

    private static IEnumerable<OpDefinition> Comparisons()
    {
        foreach (var (name, torch, tensorOp, scalarOp) in new (string, string, Func<Tensor, Tensor, Tensor>, Func<Tensor, double, Tensor>)[]
                 {
                     ("Eq", "eq", (x, y) => x.Eq(y), (x, s) => x.Eq(s)), ("Ne", "ne", (x, y) => x.Ne(y), (x, s) => x.Ne(s)),
                     ("Lt", "lt", (x, y) => x.Lt(y), (x, s) => x.Lt(s)), ("Le", "le", (x, y) => x.Le(y), (x, s) => x.Le(s)),
                     ("Gt", "gt", (x, y) => x.Gt(y), (x, s) => x.Gt(s)), ("Ge", "ge", (x, y) => x.Ge(y), (x, s) => x.Ge(s)),
                 })
            yield return Op(name, c =>
            {
                // Rounded values make ties, where eq/le/ge and ne/lt/gt differ.
                var a = c.Input(c.Normal([4, 5], scale: 2, grad: false).Round());
                var b = c.Input(c.Normal([5], scale: 2, grad: false).Round());
                var i = c.Ints([4, 5], -2, 3);
                c.Value($"torch.{torch}(b, d)", () => tensorOp(a, b));
                c.Value($"torch.{torch}(b, 1.0)", () => scalarOp(a, 1.0));
                c.Value($"torch.{torch}(e, 0.5)", () => scalarOp(i, 0.5));
                c.Value($"torch.{torch}(e, 1.0)", () => scalarOp(i, 1.0));
                c.Value($"torch.{torch}(e, b)", () => tensorOp(i, a));
            });
    }
}
