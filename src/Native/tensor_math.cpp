// Elementwise math, comparisons, reductions, matrix products and softmax.
// Families of ops with one signature share one export and an op code; the codes match the managed
// UnaryOp / BinaryOp enums (src/Schane.Torch/Native/OpCodes.cs) and must stay in the same order.
#include "shim.h"

#include <cmath>

enum UnaryOp {
  U_NEG, U_ABS, U_EXP, U_LOG, U_LOG1P, U_EXPM1, U_SQRT, U_RSQRT, U_SIN, U_COS, U_TANH, U_SIGMOID, U_RELU,
  U_SIGN, U_FLOOR, U_CEIL, U_ROUND, U_RECIPROCAL, U_SQUARE, U_ERF, U_LOGICAL_NOT, U_ISNAN, U_ISINF,
  U_ISFINITE, U_LOG2, U_TRUNC
};

enum BinaryOp {
  B_ADD, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_REMAINDER, B_EQ, B_NE, B_LT, B_LE, B_GT, B_GE,
  B_LOGICAL_AND, B_LOGICAL_OR, B_ATAN2, B_FLOOR_DIVIDE
};

static at::Tensor unary(int op, const at::Tensor& x) {
  switch (op) {
    case U_NEG: return x.neg();
    case U_ABS: return x.abs();
    case U_EXP: return x.exp();
    case U_LOG: return x.log();
    case U_LOG1P: return x.log1p();
    case U_EXPM1: return x.expm1();
    case U_SQRT: return x.sqrt();
    case U_RSQRT: return x.rsqrt();
    case U_SIN: return x.sin();
    case U_COS: return x.cos();
    case U_TANH: return x.tanh();
    case U_SIGMOID: return x.sigmoid();
    case U_RELU: return x.relu();
    case U_SIGN: return x.sign();
    case U_FLOOR: return x.floor();
    case U_CEIL: return x.ceil();
    case U_ROUND: return x.round();
    case U_RECIPROCAL: return x.reciprocal();
    case U_SQUARE: return x.square();
    case U_ERF: return x.erf();
    case U_LOGICAL_NOT: return x.logical_not();
    case U_ISNAN: return x.isnan();
    case U_ISINF: return x.isinf();
    case U_ISFINITE: return x.isfinite();
    case U_LOG2: return x.log2();
    case U_TRUNC: return x.trunc();
  }
  throw std::invalid_argument("unknown unary op code " + std::to_string(op));
}

static at::Tensor& unary_(int op, at::Tensor& x) {
  switch (op) {
    case U_NEG: return x.neg_();
    case U_ABS: return x.abs_();
    case U_EXP: return x.exp_();
    case U_LOG: return x.log_();
    case U_SQRT: return x.sqrt_();
    case U_TANH: return x.tanh_();
    case U_SIGMOID: return x.sigmoid_();
    case U_RELU: return x.relu_();
    case U_RECIPROCAL: return x.reciprocal_();
    case U_SQUARE: return x.square_();
    default: return x.copy_(unary(op, x));
  }
}

// A number from the managed side (always a double) as Python would pass it: whole numbers as integer scalars, so that
// integer tensors accept them (torch.add(int_tensor, other, alpha=2) works; alpha=2.0 is an error) and keep their dtype
// (torch.clamp(int_tensor, 0, 5) stays integral). Float tensors treat both forms alike.
static at::Scalar sch_number(double v) {
  return std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e18 ? at::Scalar(static_cast<int64_t>(v)) : at::Scalar(v);
}

// The elementwise form of `b` is either a tensor or a scalar; both paths end in the same switch.
template <typename B>
static at::Tensor binary(int op, const at::Tensor& a, const B& b, const at::Scalar& alpha) {
  switch (op) {
    case B_ADD: return at::add(a, b, alpha);
    case B_SUB: return at::sub(a, b, alpha);
    case B_MUL: return at::mul(a, b);
    case B_DIV: return at::div(a, b);
    case B_POW: return at::pow(a, b);
    case B_REMAINDER: return at::remainder(a, b);
    case B_EQ: return at::eq(a, b);
    case B_NE: return at::ne(a, b);
    case B_LT: return at::lt(a, b);
    case B_LE: return at::le(a, b);
    case B_GT: return at::gt(a, b);
    case B_GE: return at::ge(a, b);
    case B_FLOOR_DIVIDE: return at::floor_divide(a, b);
  }
  if constexpr (std::is_same<B, at::Tensor>::value) {
    switch (op) {
      case B_MAXIMUM: return at::maximum(a, b);
      case B_MINIMUM: return at::minimum(a, b);
      case B_LOGICAL_AND: return at::logical_and(a, b);
      case B_LOGICAL_OR: return at::logical_or(a, b);
      case B_ATAN2: return at::atan2(a, b);
    }
  } else {
    auto other = at::scalar_tensor(b, a.options().dtype(at::result_type(a, b)));
    return binary<at::Tensor>(op, a, other, alpha);
  }
  throw std::invalid_argument("unknown binary op code " + std::to_string(op));
}

template <typename B>
static void binary_(int op, at::Tensor& a, const B& b, const at::Scalar& alpha) {
  switch (op) {
    case B_ADD: a.add_(b, alpha); return;
    case B_SUB: a.sub_(b, alpha); return;
    case B_MUL: a.mul_(b); return;
    case B_DIV: a.div_(b); return;
    case B_POW: a.pow_(b); return;
    default: a.copy_(binary(op, a, b, alpha));
  }
}

SCH_API TensorHandle sch_unary(int op, TensorHandle x) { return SCH_TENSOR(unary(op, *x)); }
SCH_API int sch_unary_(int op, TensorHandle x) { return SCH_STATUS(unary_(op, *x)); }

SCH_API TensorHandle sch_binary(int op, TensorHandle a, TensorHandle b, double alpha) {
  return SCH_TENSOR(binary(op, *a, *b, sch_number(alpha)));
}
SCH_API TensorHandle sch_binary_scalar(int op, TensorHandle a, double v, int64_t iv, int isInt, double alpha) {
  return SCH_TENSOR(binary(op, *a, sch_scalar(v, iv, isInt), sch_number(alpha)));
}
// scalar OP tensor, for the non-commutative ops (2 - t, 2 / t, 2 ** t).
SCH_API TensorHandle sch_binary_scalar_left(int op, double v, int64_t iv, int isInt, TensorHandle b) {
  auto s = sch_scalar(v, iv, isInt);
  return SCH_TENSOR(binary(op, at::scalar_tensor(s, b->options().dtype(at::result_type(*b, s))), *b, at::Scalar(1)));
}
SCH_API int sch_binary_(int op, TensorHandle a, TensorHandle b, double alpha) {
  return SCH_STATUS(binary_(op, *a, *b, sch_number(alpha)));
}
SCH_API int sch_binary_scalar_(int op, TensorHandle a, double v, int64_t iv, int isInt, double alpha) {
  return SCH_STATUS(binary_(op, *a, sch_scalar(v, iv, isInt), sch_number(alpha)));
}

// a + value * b * c  and  a + value * b / c (the optimizer's fused forms), in place.
SCH_API int sch_addcmul_(TensorHandle a, TensorHandle b, TensorHandle c, double value) {
  return SCH_STATUS(a->addcmul_(*b, *c, sch_number(value)));
}
SCH_API int sch_addcdiv_(TensorHandle a, TensorHandle b, TensorHandle c, double value) {
  return SCH_STATUS(a->addcdiv_(*b, *c, sch_number(value)));
}
SCH_API TensorHandle sch_lerp(TensorHandle a, TensorHandle b, double weight) { return SCH_TENSOR(at::lerp(*a, *b, weight)); }

SCH_API TensorHandle sch_clamp(TensorHandle x, double min, int hasMin, double max, int hasMax) {
  return SCH_TENSOR(at::clamp(*x, hasMin ? c10::optional<at::Scalar>(sch_number(min)) : c10::nullopt,
                              hasMax ? c10::optional<at::Scalar>(sch_number(max)) : c10::nullopt));
}
SCH_API TensorHandle sch_where(TensorHandle cond, TensorHandle a, TensorHandle b) { return SCH_TENSOR(at::where(*cond, *a, *b)); }
SCH_API TensorHandle sch_masked_fill(TensorHandle x, TensorHandle mask, double v, int64_t iv, int isInt) {
  return SCH_TENSOR(x->masked_fill(*mask, sch_scalar(v, iv, isInt)));
}
SCH_API int sch_masked_fill_(TensorHandle x, TensorHandle mask, double v, int64_t iv, int isInt) {
  return SCH_STATUS(x->masked_fill_(*mask, sch_scalar(v, iv, isInt)));
}

// ---- reductions ------------------------------------------------------------------------------------

enum ReduceOp { R_SUM, R_MEAN, R_PROD, R_AMAX, R_AMIN, R_LOGSUMEXP, R_ALL, R_ANY, R_STD, R_VAR };

// Applies a one-dimension reduction over several dims, the highest first, so that dropping a dimension never
// shifts the index of one still to be reduced (prod, all and any take a single dim in libtorch 1.13).
template <typename F>
static at::Tensor reduce_each(const at::Tensor& t, at::IntArrayRef dims, bool keep, F reduce) {
  std::vector<int64_t> sorted;
  for (int64_t d : dims) sorted.push_back(c10::maybe_wrap_dim(d, t.dim()));
  std::sort(sorted.rbegin(), sorted.rend());
  at::Tensor r = t;
  for (int64_t d : sorted) r = reduce(r, d, keep);
  return r;
}

// Reduces over `dims` (all dims when ndims < 0).
SCH_API TensorHandle sch_reduce(int op, TensorHandle x, const int64_t* dims, int ndims, int keepdim) {
  return SCH_TENSOR(([&]() -> at::Tensor {
    const at::Tensor& t = *x;
    bool all = ndims < 0;
    std::vector<int64_t> every;
    if (all)
      for (int64_t i = 0; i < t.dim(); i++) every.push_back(i);
    at::IntArrayRef d = all ? at::IntArrayRef(every) : sch_shape(dims, ndims);
    bool keep = keepdim != 0;
    switch (op) {
      case R_SUM: return all && !keep ? t.sum() : t.sum(d, keep);
      case R_MEAN: return all && !keep ? t.mean() : t.mean(d, keep);
      case R_PROD:
        return all && !keep ? t.prod() : reduce_each(t, d, keep, [](const at::Tensor& r, int64_t dim, bool k) { return r.prod(dim, k); });
      case R_AMAX: return at::amax(t, d, keep);
      case R_AMIN: return at::amin(t, d, keep);
      case R_LOGSUMEXP: return at::logsumexp(t, d, keep);
      case R_ALL:
        return all && !keep ? t.all() : reduce_each(t, d, keep, [](const at::Tensor& r, int64_t dim, bool k) { return r.all(dim, k); });
      case R_ANY:
        return all && !keep ? t.any() : reduce_each(t, d, keep, [](const at::Tensor& r, int64_t dim, bool k) { return r.any(dim, k); });
      case R_STD: return at::std(t, at::OptionalIntArrayRef(d), /*unbiased=*/true, keep);
      case R_VAR: return at::var(t, at::OptionalIntArrayRef(d), /*unbiased=*/true, keep);
    }
    throw std::invalid_argument("unknown reduction op code " + std::to_string(op));
  })());
}

// max/min along a dimension: values and indices.
SCH_API int sch_max_dim(TensorHandle x, int64_t dim, int keepdim, int isMin, TensorHandle* values, TensorHandle* indices) {
  return SCH_STATUS({
    auto r = isMin ? at::min(*x, dim, keepdim != 0) : at::max(*x, dim, keepdim != 0);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
  });
}
SCH_API TensorHandle sch_argmax(TensorHandle x, int64_t dim, int hasDim, int keepdim, int isMin) {
  auto d = hasDim ? c10::optional<int64_t>(dim) : c10::nullopt;
  return SCH_TENSOR(isMin ? at::argmin(*x, d, keepdim != 0) : at::argmax(*x, d, keepdim != 0));
}
SCH_API TensorHandle sch_norm(TensorHandle x, double p, const int64_t* dims, int ndims, int keepdim) {
  return SCH_TENSOR(([&]() -> at::Tensor {
    if (ndims >= 0) return at::norm(*x, p, sch_shape(dims, ndims), keepdim != 0);
    if (keepdim == 0) return at::norm(*x, p);
    // torch.norm(x, keepdim=True) over all dimensions keeps every one of them as size 1.
    std::vector<int64_t> every(x->dim());
    for (int64_t i = 0; i < x->dim(); i++) every[i] = i;
    return at::norm(*x, p, every, true);
  })());
}
SCH_API TensorHandle sch_cumsum(TensorHandle x, int64_t dim) { return SCH_TENSOR(at::cumsum(*x, dim)); }

// ---- matrix products, softmax, normalisation ---------------------------------------------------------

SCH_API TensorHandle sch_matmul(TensorHandle a, TensorHandle b) { return SCH_TENSOR(at::matmul(*a, *b)); }
SCH_API TensorHandle sch_mm(TensorHandle a, TensorHandle b) { return SCH_TENSOR(at::mm(*a, *b)); }
SCH_API TensorHandle sch_bmm(TensorHandle a, TensorHandle b) { return SCH_TENSOR(at::bmm(*a, *b)); }
SCH_API TensorHandle sch_addmm(TensorHandle bias, TensorHandle a, TensorHandle b, double beta, double alpha) {
  return SCH_TENSOR(at::addmm(*bias, *a, *b, sch_number(beta), sch_number(alpha)));
}
// out = beta * out + alpha * (a @ b), into an existing tensor (a reused buffer).
SCH_API int sch_mm_out(TensorHandle out, TensorHandle a, TensorHandle b) { return SCH_STATUS(at::mm_out(*out, *a, *b)); }
SCH_API TensorHandle sch_softmax(TensorHandle x, int64_t dim) { return SCH_TENSOR(at::softmax(*x, dim)); }
SCH_API TensorHandle sch_log_softmax(TensorHandle x, int64_t dim) { return SCH_TENSOR(at::log_softmax(*x, dim)); }
// torch.nn.functional.normalize: x / max(||x||_p, eps) along dim.
SCH_API TensorHandle sch_normalize(TensorHandle x, double p, int64_t dim, double eps) {
  return SCH_TENSOR(*x / at::norm(*x, p, {dim}, true).clamp_min(eps).expand_as(*x));
}
SCH_API int sch_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, int equalNan) {
  return sch_guard<int>(-1, [&]() { return (int)at::allclose(*a, *b, rtol, atol, equalNan != 0); });
}
SCH_API int sch_equal(TensorHandle a, TensorHandle b) { return sch_guard<int>(-1, [&]() { return (int)at::equal(*a, *b); }); }
