using Schane.Engine.Native;
using static Schane.Engine.Native.NativeMethods;

namespace Schane.Engine;

// Elementwise math, comparisons, reductions, matrix products, softmax. Each returns a new tensor unless its name
// ends in '_' (in place, returning this tensor), as in PyTorch.
public sealed unsafe partial class Tensor
{
    private Tensor Unary(UnaryOp op, string call) => Wrap(sch_unary((int)op, Handle), call);

    private Tensor Unary_(UnaryOp op, string call)
    {
        NativeError.Check(sch_unary_((int)op, Handle), call, "Tensor");
        return this;
    }

    internal Tensor Binary(BinaryOp op, Tensor other, string call, double alpha = 1) =>
        Wrap(sch_binary((int)op, Handle, other.Handle, alpha), call);

    internal Tensor Binary(BinaryOp op, double scalar, string call, double alpha = 1) =>
        Wrap(sch_binary_scalar((int)op, Handle, scalar, 0, 0, alpha), call);

    internal Tensor Binary(BinaryOp op, long scalar, string call, double alpha = 1) =>
        Wrap(sch_binary_scalar((int)op, Handle, scalar, scalar, 1, alpha), call);

    private Tensor Binary_(BinaryOp op, Tensor other, string call, double alpha = 1)
    {
        NativeError.Check(sch_binary_((int)op, Handle, other.Handle, alpha), call, "Tensor");
        return this;
    }

    private Tensor Binary_(BinaryOp op, double scalar, string call, double alpha = 1)
    {
        NativeError.Check(sch_binary_scalar_((int)op, Handle, scalar, 0, 0, alpha), call, "Tensor");
        return this;
    }

    // ---- unary -----------------------------------------------------------------------------------------

    /// <summary>torch.neg</summary>
    public Tensor Neg() => Unary(UnaryOp.Neg, nameof(Neg));
    /// <summary>torch.abs</summary>
    public Tensor Abs() => Unary(UnaryOp.Abs, nameof(Abs));
    /// <summary>torch.exp</summary>
    public Tensor Exp() => Unary(UnaryOp.Exp, nameof(Exp));
    /// <summary>torch.log</summary>
    public Tensor Log() => Unary(UnaryOp.Log, nameof(Log));
    /// <summary>torch.log2</summary>
    public Tensor Log2() => Unary(UnaryOp.Log2, nameof(Log2));
    /// <summary>torch.log1p</summary>
    public Tensor Log1p() => Unary(UnaryOp.Log1p, nameof(Log1p));
    /// <summary>torch.expm1</summary>
    public Tensor Expm1() => Unary(UnaryOp.Expm1, nameof(Expm1));
    /// <summary>torch.sqrt</summary>
    public Tensor Sqrt() => Unary(UnaryOp.Sqrt, nameof(Sqrt));
    /// <summary>torch.rsqrt</summary>
    public Tensor Rsqrt() => Unary(UnaryOp.Rsqrt, nameof(Rsqrt));
    /// <summary>torch.sin</summary>
    public Tensor Sin() => Unary(UnaryOp.Sin, nameof(Sin));
    /// <summary>torch.cos</summary>
    public Tensor Cos() => Unary(UnaryOp.Cos, nameof(Cos));
    /// <summary>torch.tanh</summary>
    public Tensor Tanh() => Unary(UnaryOp.Tanh, nameof(Tanh));
    /// <summary>torch.sigmoid</summary>
    public Tensor Sigmoid() => Unary(UnaryOp.Sigmoid, nameof(Sigmoid));
    /// <summary>torch.relu</summary>
    public Tensor Relu() => Unary(UnaryOp.Relu, nameof(Relu));
    /// <summary>torch.sign</summary>
    public Tensor Sign() => Unary(UnaryOp.Sign, nameof(Sign));
    /// <summary>torch.floor</summary>
    public Tensor Floor() => Unary(UnaryOp.Floor, nameof(Floor));
    /// <summary>torch.ceil</summary>
    public Tensor Ceil() => Unary(UnaryOp.Ceil, nameof(Ceil));
    /// <summary>torch.round</summary>
    public Tensor Round() => Unary(UnaryOp.Round, nameof(Round));
    /// <summary>torch.trunc</summary>
    public Tensor Trunc() => Unary(UnaryOp.Trunc, nameof(Trunc));
    /// <summary>torch.reciprocal</summary>
    public Tensor Reciprocal() => Unary(UnaryOp.Reciprocal, nameof(Reciprocal));
    /// <summary>torch.square</summary>
    public Tensor Square() => Unary(UnaryOp.Square, nameof(Square));
    /// <summary>torch.erf</summary>
    public Tensor Erf() => Unary(UnaryOp.Erf, nameof(Erf));
    /// <summary>torch.logical_not</summary>
    public Tensor LogicalNot() => Unary(UnaryOp.LogicalNot, nameof(LogicalNot));
    /// <summary>torch.isnan</summary>
    public Tensor IsNan() => Unary(UnaryOp.IsNan, nameof(IsNan));
    /// <summary>torch.isinf</summary>
    public Tensor IsInf() => Unary(UnaryOp.IsInf, nameof(IsInf));
    /// <summary>torch.isfinite</summary>
    public Tensor IsFinite() => Unary(UnaryOp.IsFinite, nameof(IsFinite));

    /// <summary>Tensor.neg_()</summary>
    public Tensor Neg_() => Unary_(UnaryOp.Neg, nameof(Neg_));
    /// <summary>Tensor.exp_()</summary>
    public Tensor Exp_() => Unary_(UnaryOp.Exp, nameof(Exp_));
    /// <summary>Tensor.log_()</summary>
    public Tensor Log_() => Unary_(UnaryOp.Log, nameof(Log_));
    /// <summary>Tensor.sqrt_()</summary>
    public Tensor Sqrt_() => Unary_(UnaryOp.Sqrt, nameof(Sqrt_));
    /// <summary>Tensor.relu_()</summary>
    public Tensor Relu_() => Unary_(UnaryOp.Relu, nameof(Relu_));
    /// <summary>Tensor.sigmoid_()</summary>
    public Tensor Sigmoid_() => Unary_(UnaryOp.Sigmoid, nameof(Sigmoid_));
    /// <summary>Tensor.tanh_()</summary>
    public Tensor Tanh_() => Unary_(UnaryOp.Tanh, nameof(Tanh_));
    /// <summary>Tensor.square_()</summary>
    public Tensor Square_() => Unary_(UnaryOp.Square, nameof(Square_));

    // ---- binary ----------------------------------------------------------------------------------------

    /// <summary>this + alpha · other (torch.add).</summary>
    public Tensor Add(Tensor other, double alpha = 1) => Binary(BinaryOp.Add, other, nameof(Add), alpha);
    /// <summary>this − alpha · other (torch.sub).</summary>
    public Tensor Sub(Tensor other, double alpha = 1) => Binary(BinaryOp.Sub, other, nameof(Sub), alpha);
    /// <summary>torch.mul</summary>
    public Tensor Mul(Tensor other) => Binary(BinaryOp.Mul, other, nameof(Mul));
    /// <summary>torch.div (true division).</summary>
    public Tensor Div(Tensor other) => Binary(BinaryOp.Div, other, nameof(Div));
    /// <summary>torch.pow</summary>
    public Tensor Pow(Tensor exponent) => Binary(BinaryOp.Pow, exponent, nameof(Pow));
    /// <summary>torch.pow with a scalar exponent.</summary>
    public Tensor Pow(double exponent) => Binary(BinaryOp.Pow, exponent, nameof(Pow));
    /// <summary>torch.remainder</summary>
    public Tensor Remainder(Tensor other) => Binary(BinaryOp.Remainder, other, nameof(Remainder));
    /// <summary>torch.remainder with a scalar.</summary>
    public Tensor Remainder(long other) => Binary(BinaryOp.Remainder, other, nameof(Remainder));
    /// <summary>torch.floor_divide</summary>
    public Tensor FloorDivide(Tensor other) => Binary(BinaryOp.FloorDivide, other, nameof(FloorDivide));
    /// <summary>torch.maximum (elementwise).</summary>
    public Tensor Maximum(Tensor other) => Binary(BinaryOp.Maximum, other, nameof(Maximum));
    /// <summary>torch.minimum (elementwise).</summary>
    public Tensor Minimum(Tensor other) => Binary(BinaryOp.Minimum, other, nameof(Minimum));
    /// <summary>torch.atan2</summary>
    public Tensor Atan2(Tensor other) => Binary(BinaryOp.Atan2, other, nameof(Atan2));
    /// <summary>torch.logical_and</summary>
    public Tensor LogicalAnd(Tensor other) => Binary(BinaryOp.LogicalAnd, other, nameof(LogicalAnd));
    /// <summary>torch.logical_or</summary>
    public Tensor LogicalOr(Tensor other) => Binary(BinaryOp.LogicalOr, other, nameof(LogicalOr));

    /// <summary>torch.eq</summary>
    public Tensor Eq(Tensor other) => Binary(BinaryOp.Eq, other, nameof(Eq));
    /// <summary>torch.eq with a scalar.</summary>
    public Tensor Eq(double other) => Binary(BinaryOp.Eq, other, nameof(Eq));
    /// <summary>torch.ne</summary>
    public Tensor Ne(Tensor other) => Binary(BinaryOp.Ne, other, nameof(Ne));
    /// <summary>torch.ne with a scalar.</summary>
    public Tensor Ne(double other) => Binary(BinaryOp.Ne, other, nameof(Ne));
    /// <summary>torch.lt</summary>
    public Tensor Lt(Tensor other) => Binary(BinaryOp.Lt, other, nameof(Lt));
    /// <summary>torch.lt with a scalar.</summary>
    public Tensor Lt(double other) => Binary(BinaryOp.Lt, other, nameof(Lt));
    /// <summary>torch.le</summary>
    public Tensor Le(Tensor other) => Binary(BinaryOp.Le, other, nameof(Le));
    /// <summary>torch.le with a scalar.</summary>
    public Tensor Le(double other) => Binary(BinaryOp.Le, other, nameof(Le));
    /// <summary>torch.gt</summary>
    public Tensor Gt(Tensor other) => Binary(BinaryOp.Gt, other, nameof(Gt));
    /// <summary>torch.gt with a scalar.</summary>
    public Tensor Gt(double other) => Binary(BinaryOp.Gt, other, nameof(Gt));
    /// <summary>torch.ge</summary>
    public Tensor Ge(Tensor other) => Binary(BinaryOp.Ge, other, nameof(Ge));
    /// <summary>torch.ge with a scalar.</summary>
    public Tensor Ge(double other) => Binary(BinaryOp.Ge, other, nameof(Ge));

    /// <summary>Tensor.add_(other, alpha=alpha)</summary>
    public Tensor Add_(Tensor other, double alpha = 1) => Binary_(BinaryOp.Add, other, nameof(Add_), alpha);
    /// <summary>Tensor.add_(scalar)</summary>
    public Tensor Add_(double scalar) => Binary_(BinaryOp.Add, scalar, nameof(Add_));
    /// <summary>Tensor.sub_(other, alpha=alpha)</summary>
    public Tensor Sub_(Tensor other, double alpha = 1) => Binary_(BinaryOp.Sub, other, nameof(Sub_), alpha);
    /// <summary>Tensor.sub_(scalar)</summary>
    public Tensor Sub_(double scalar) => Binary_(BinaryOp.Sub, scalar, nameof(Sub_));
    /// <summary>Tensor.mul_(other)</summary>
    public Tensor Mul_(Tensor other) => Binary_(BinaryOp.Mul, other, nameof(Mul_));
    /// <summary>Tensor.mul_(scalar)</summary>
    public Tensor Mul_(double scalar) => Binary_(BinaryOp.Mul, scalar, nameof(Mul_));
    /// <summary>Tensor.div_(other)</summary>
    public Tensor Div_(Tensor other) => Binary_(BinaryOp.Div, other, nameof(Div_));
    /// <summary>Tensor.div_(scalar)</summary>
    public Tensor Div_(double scalar) => Binary_(BinaryOp.Div, scalar, nameof(Div_));
    /// <summary>Tensor.pow_(scalar)</summary>
    public Tensor Pow_(double exponent) => Binary_(BinaryOp.Pow, exponent, nameof(Pow_));

    /// <summary>this += value · t1 · t2 (Tensor.addcmul_).</summary>
    public Tensor Addcmul_(Tensor t1, Tensor t2, double value = 1)
    {
        NativeError.Check(sch_addcmul_(Handle, t1.Handle, t2.Handle, value));
        return this;
    }

    /// <summary>this += value · t1 / t2 (Tensor.addcdiv_).</summary>
    public Tensor Addcdiv_(Tensor t1, Tensor t2, double value = 1)
    {
        NativeError.Check(sch_addcdiv_(Handle, t1.Handle, t2.Handle, value));
        return this;
    }

    /// <summary>this + weight · (end − this) (torch.lerp).</summary>
    public Tensor Lerp(Tensor end, double weight) => Wrap(sch_lerp(Handle, end.Handle, weight));

    /// <summary>
    /// Limits values to [min, max]; either bound may be left out (torch.clamp). Whole-number bounds keep an integer
    /// tensor integral; a fractional bound makes it float, as a Python float does.
    /// </summary>
    public Tensor Clamp(double? min = null, double? max = null) =>
        Wrap(sch_clamp(Handle, min ?? 0, min.HasValue ? 1 : 0, max ?? 0, max.HasValue ? 1 : 0));

    /// <summary>torch.clamp_min</summary>
    public Tensor ClampMin(double min) => Clamp(min, null);

    /// <summary>torch.clamp_max</summary>
    public Tensor ClampMax(double max) => Clamp(null, max);

    /// <summary>Elements of this where <paramref name="condition"/> is true, else of <paramref name="other"/> (torch.where(condition, this, other)).</summary>
    public Tensor Where(Tensor condition, Tensor other) => Wrap(sch_where(condition.Handle, Handle, other.Handle));

    /// <summary>Replaces elements where <paramref name="mask"/> is true by <paramref name="value"/> (Tensor.masked_fill).</summary>
    public Tensor MaskedFill(Tensor mask, double value) => Wrap(sch_masked_fill(Handle, mask.Handle, value, 0, 0));

    /// <summary>In-place <see cref="MaskedFill"/> (Tensor.masked_fill_).</summary>
    public Tensor MaskedFill_(Tensor mask, double value)
    {
        NativeError.Check(sch_masked_fill_(Handle, mask.Handle, value, 0, 0));
        return this;
    }

    // ---- reductions --------------------------------------------------------------------------------------

    private Tensor Reduce(ReduceOp op, ReadOnlySpan<int> dims, bool keepDim, string call)
    {
        Span<long> d = stackalloc long[dims.Length];
        for (var i = 0; i < dims.Length; i++) d[i] = dims[i];
        fixed (long* p = d)
            return Wrap(sch_reduce((int)op, Handle, p, dims.IsEmpty ? -1 : dims.Length, keepDim ? 1 : 0), call);
    }

    /// <summary>Sum of all elements (torch.sum).</summary>
    public Tensor Sum() => Reduce(ReduceOp.Sum, [], false, nameof(Sum));
    /// <summary>Sum over <paramref name="dims"/> (torch.sum(dim, keepdim)).</summary>
    public Tensor Sum(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Sum, dims, keepDim, nameof(Sum));
    /// <summary>Sum over one dimension.</summary>
    public Tensor Sum(int dim, bool keepDim = false) => Reduce(ReduceOp.Sum, [dim], keepDim, nameof(Sum));
    /// <summary>Mean of all elements (torch.mean).</summary>
    public Tensor Mean() => Reduce(ReduceOp.Mean, [], false, nameof(Mean));
    /// <summary>Mean over <paramref name="dims"/> (torch.mean(dim, keepdim)).</summary>
    public Tensor Mean(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Mean, dims, keepDim, nameof(Mean));
    /// <summary>Mean over one dimension.</summary>
    public Tensor Mean(int dim, bool keepDim = false) => Reduce(ReduceOp.Mean, [dim], keepDim, nameof(Mean));
    /// <summary>Product of all elements (torch.prod).</summary>
    public Tensor Prod() => Reduce(ReduceOp.Prod, [], false, nameof(Prod));
    /// <summary>Product over one dimension (torch.prod(dim)).</summary>
    public Tensor Prod(int dim, bool keepDim = false) => Reduce(ReduceOp.Prod, [dim], keepDim, nameof(Prod));
    /// <summary>Product over several dimensions (torch.prod applied per dim).</summary>
    public Tensor Prod(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Prod, dims, keepDim, nameof(Prod));
    /// <summary>True where every element over <paramref name="dims"/> is nonzero (torch.all(dim) per dim).</summary>
    public Tensor All(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.All, dims, keepDim, nameof(All));
    /// <summary>True where any element over <paramref name="dims"/> is nonzero (torch.any(dim) per dim).</summary>
    public Tensor Any(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Any, dims, keepDim, nameof(Any));
    /// <summary>Maximum of all elements (torch.max()).</summary>
    public Tensor Max() => Reduce(ReduceOp.Amax, [], false, nameof(Max));
    /// <summary>Minimum of all elements (torch.min()).</summary>
    public Tensor Min() => Reduce(ReduceOp.Amin, [], false, nameof(Min));
    /// <summary>Maximum over <paramref name="dims"/> (torch.amax).</summary>
    public Tensor Amax(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Amax, dims, keepDim, nameof(Amax));
    /// <summary>Minimum over <paramref name="dims"/> (torch.amin).</summary>
    public Tensor Amin(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.Amin, dims, keepDim, nameof(Amin));
    /// <summary>log Σ exp over <paramref name="dims"/>, computed stably (torch.logsumexp).</summary>
    public Tensor LogSumExp(ReadOnlySpan<int> dims, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, dims, keepDim, nameof(LogSumExp));
    /// <summary>log Σ exp over one dimension (torch.logsumexp).</summary>
    public Tensor LogSumExp(int dim, bool keepDim = false) => Reduce(ReduceOp.LogSumExp, [dim], keepDim, nameof(LogSumExp));
    /// <summary>True when every element is nonzero (torch.all).</summary>
    public Tensor All() => Reduce(ReduceOp.All, [], false, nameof(All));
    /// <summary>torch.all(dim)</summary>
    public Tensor All(int dim, bool keepDim = false) => Reduce(ReduceOp.All, [dim], keepDim, nameof(All));
    /// <summary>True when any element is nonzero (torch.any).</summary>
    public Tensor Any() => Reduce(ReduceOp.Any, [], false, nameof(Any));
    /// <summary>torch.any(dim)</summary>
    public Tensor Any(int dim, bool keepDim = false) => Reduce(ReduceOp.Any, [dim], keepDim, nameof(Any));
    /// <summary>Unbiased standard deviation over <paramref name="dims"/>, or all elements when empty (torch.std).</summary>
    public Tensor Std(ReadOnlySpan<int> dims = default, bool keepDim = false) => Reduce(ReduceOp.Std, dims, keepDim, nameof(Std));
    /// <summary>Unbiased variance over <paramref name="dims"/>, or all elements when empty (torch.var).</summary>
    public Tensor Var(ReadOnlySpan<int> dims = default, bool keepDim = false) => Reduce(ReduceOp.Var, dims, keepDim, nameof(Var));

    /// <summary>Maximum values and their indices along <paramref name="dim"/> (torch.max(dim)).</summary>
    public (Tensor Values, Tensor Indices) Max(int dim, bool keepDim = false) => MaxMin(dim, keepDim, false);

    /// <summary>Minimum values and their indices along <paramref name="dim"/> (torch.min(dim)).</summary>
    public (Tensor Values, Tensor Indices) Min(int dim, bool keepDim = false) => MaxMin(dim, keepDim, true);

    private (Tensor, Tensor) MaxMin(int dim, bool keepDim, bool isMin)
    {
        IntPtr values, indices;
        NativeError.Check(sch_max_dim(Handle, dim, keepDim ? 1 : 0, isMin ? 1 : 0, &values, &indices), isMin ? nameof(Min) : nameof(Max), "Tensor");
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Index of the maximum, over all elements (flattened) or along <paramref name="dim"/> (torch.argmax).</summary>
    public Tensor Argmax(int? dim = null, bool keepDim = false) =>
        Wrap(sch_argmax(Handle, dim ?? 0, dim.HasValue ? 1 : 0, keepDim ? 1 : 0, 0));

    /// <summary>Index of the minimum (torch.argmin).</summary>
    public Tensor Argmin(int? dim = null, bool keepDim = false) =>
        Wrap(sch_argmax(Handle, dim ?? 0, dim.HasValue ? 1 : 0, keepDim ? 1 : 0, 1));

    /// <summary>p-norm over <paramref name="dims"/>, or of all elements when empty (torch.norm / torch.linalg.vector_norm).</summary>
    public Tensor Norm(double p = 2, ReadOnlySpan<int> dims = default, bool keepDim = false)
    {
        Span<long> d = stackalloc long[dims.Length];
        for (var i = 0; i < dims.Length; i++) d[i] = dims[i];
        fixed (long* ptr = d) return Wrap(sch_norm(Handle, p, ptr, dims.IsEmpty ? -1 : dims.Length, keepDim ? 1 : 0));
    }

    /// <summary>Cumulative sum along <paramref name="dim"/> (torch.cumsum).</summary>
    public Tensor Cumsum(int dim) => Wrap(sch_cumsum(Handle, dim));

    // ---- matrix products and softmax -----------------------------------------------------------------------

    /// <summary>Matrix product with broadcasting (torch.matmul).</summary>
    public Tensor MatMul(Tensor other) => Wrap(sch_matmul(Handle, other.Handle));
    /// <summary>2-D matrix product (torch.mm).</summary>
    public Tensor Mm(Tensor other) => Wrap(sch_mm(Handle, other.Handle));
    /// <summary>Batched matrix product of [B, n, m] and [B, m, p] (torch.bmm).</summary>
    public Tensor Bmm(Tensor other) => Wrap(sch_bmm(Handle, other.Handle));

    /// <summary>beta · this + alpha · (a @ b) (torch.addmm with this as input).</summary>
    public Tensor Addmm(Tensor a, Tensor b, double beta = 1, double alpha = 1) => Wrap(sch_addmm(Handle, a.Handle, b.Handle, beta, alpha));

    /// <summary>Writes a @ b into this tensor, reusing its memory (torch.mm(a, b, out=this)).</summary>
    public Tensor MmInto(Tensor a, Tensor b)
    {
        NativeError.Check(sch_mm_out(Handle, a.Handle, b.Handle));
        return this;
    }

    /// <summary>torch.softmax(dim)</summary>
    public Tensor Softmax(int dim) => Wrap(sch_softmax(Handle, dim));
    /// <summary>torch.log_softmax(dim)</summary>
    public Tensor LogSoftmax(int dim) => Wrap(sch_log_softmax(Handle, dim));

    /// <summary>this / max(‖this‖_p, eps) along <paramref name="dim"/> (torch.nn.functional.normalize).</summary>
    public Tensor Normalize(double p = 2, int dim = 1, double eps = 1e-12) => Wrap(sch_normalize(Handle, p, dim, eps));

    /// <summary>|this − other| ≤ atol + rtol·|other| everywhere (torch.allclose).</summary>
    public bool AllClose(Tensor other, double rtol = 1e-5, double atol = 1e-8, bool equalNan = false) =>
        NativeError.Check(sch_allclose(Handle, other.Handle, rtol, atol, equalNan ? 1 : 0)) != 0;

    /// <summary>Same shape and elements (torch.equal).</summary>
    public bool Equal(Tensor other) => NativeError.Check(sch_equal(Handle, other.Handle)) != 0;
}
