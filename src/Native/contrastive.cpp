// Fused row kernels of the contrastive losses (SCHaNe, SupCon / NT-Xent, HCL) with built-in exponential weighting,
// or (SCHaNe, HCL) with log-weights computed beforehand by any weighting function.
//
// For a block of anchor rows, given S = z_I zᵀ / τ, each row's loss is a function of a few row-wise sums of
// exponentials; the kernel computes them in two passes over the row, then overwrites the row with dL/dS in a
// third. No R × N temporaries are allocated: the block stays resident, which is what makes the blocked loss run
// close to the speed of its three matrix products (see DESIGN.md). The math per loss is written out in
// src/Schane.Core/Losses/FusedContrastive.cs; the generic autograd path computes the same values and gradients.
#include "shim.h"
#include <cmath>
#include <limits>

namespace {

enum Kind { SCHANE_INSIDE = 0, SCHANE_OUTSIDE = 1, SUPCON = 2, HCL = 3 };

struct Params {
  int32_t kind;
  double beta;      // exponential weighting: w ∝ exp(β s) over negatives
  double tau_plus;  // HCL debiasing prior
  double scale;     // SupCon's τ / τ_base (1 for NT-Xent)
  double clamp;     // HCL's e^{−1/τ}
};

// exp that the compiler vectorises (no libm call): range reduction by ln 2, Taylor polynomial, exponent bits.
// Relative error about 1e-7 (float) and 2e-16 (double); inputs below the smallest normal give ~0.
// The clamps are value selects, not std::min/max (which compile to branches and block vectorisation).
inline float vexp(float x) {
  x = x > -87.0f ? x : -87.0f;
  x = x < 88.0f ? x : 88.0f;
  const float magic = 12582912.0f;  // 1.5 · 2^23: adding and subtracting it rounds to an integer
  float k = (x * 1.44269504088896341f + magic) - magic;
  float r = x - k * 0.693145751953125f - k * 1.428606765330187045e-06f;
  float p = 1.f + r * (1.f + r * (0.5f + r * (1.f / 6 + r * (1.f / 24 + r * (1.f / 120 + r * (1.f / 720))))));
  int32_t bits = ((int32_t)k + 127) << 23;
  return p * __builtin_bit_cast(float, bits);
}

inline double vexp(double x) {
  x = x > -708.0 ? x : -708.0;
  x = x < 709.0 ? x : 709.0;
  const double magic = 6755399441055744.0;  // 1.5 · 2^52
  double k = (x * 1.4426950408889634074 + magic) - magic;
  double r = x - k * 6.93147180369123816490e-01 - k * 1.90821492927058770002e-10;
  // Taylor to r^12 / 12! (|r| ≤ ln2 / 2)
  double p = 1 + r * (1 + r * (1. / 2 + r * (1. / 6 + r * (1. / 24 + r * (1. / 120 + r * (1. / 720 + r * (1. / 5040 +
             r * (1. / 40320 + r * (1. / 362880 + r * (1. / 3628800 + r * (1. / 39916800 + r * (1. / 479001600))))))))))));
  int64_t bits = ((int64_t)k + 1023) << 52;
  return p * __builtin_bit_cast(double, bits);
}

inline double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
inline double sigmoid(double x) { return x >= 0 ? 1 / (1 + std::exp(-x)) : std::exp(x) / (1 + std::exp(x)); }

// One anchor row's buffers, each n long. Exponential weighting: s (the similarities) is overwritten with dL/ds and
// the others are null. Given log-weights: w holds log w_k (read at the negatives only), out receives dL/ds with the
// weights held fixed and gw receives dL/d(log w) (zero off the negatives); s is only read, because the weighting's
// autograd graph may have saved it.
template <typename T>
struct RowBuffers {
  T* s;
  const T* w;
  T* out;
  T* gw;
};

// One anchor row, with its labels and its own column `self`. Returns the row's loss; *valid says whether the anchor
// has a positive. The three loops are written for the vectoriser: value selects instead of branches, `omp simd`
// reductions, one code path per loss kind. With log-weights (`weighted`), each negative's term is e^{s + log w}
// instead of |N| softmax(βs)·e^{s}: the same formulas with β = 0 and no normalisation by B and |N|.
template <typename T, int kind, bool weighted>
__attribute__((always_inline)) inline double row(RowBuffers<T> m, const int32_t* __restrict labels, int32_t n, int32_t self,
                                                 const Params& p, bool* valid) {
  static_assert(!weighted || kind != SUPCON, "SupCon has no negative weighting");
  constexpr bool supcon = kind == SUPCON;
  T* s = m.s;
  const T* __restrict w = m.w;
  T* __restrict gw = m.gw;
  const int32_t y = labels[self];
  const T lowest = std::numeric_limits<T>::lowest(), highest = std::numeric_limits<T>::max();
  const T minusInf = -std::numeric_limits<T>::infinity();
  const T beta = weighted ? T(0) : (T)p.beta, beta1 = weighted ? T(1) : (T)(p.beta + 1);

  // Pass 1: counts and extremes over the positives P and the negatives N (for SupCon, N is every k ≠ i).
  T maxP = lowest, maxN = lowest, minN = highest;
  int32_t countP = 0, countN = 0;
#pragma omp simd reduction(max : maxP, maxN) reduction(min : minN) reduction(+ : countP, countN)
  for (int32_t k = 0; k < n; k++) {
    const bool same = labels[k] == y, other = k != self;
    const bool isP = same & other, isN = supcon ? other : !same;
    const T x = s[k];
    const T t = weighted ? x + w[k] : x;  // the exponent of a negative's term (its log-weight folded in)
    const T xp = isP ? x : lowest, xn = isN ? t : lowest, xm = isN ? t : highest;
    maxP = xp > maxP ? xp : maxP;
    maxN = xn > maxN ? xn : maxN;
    minN = xm < minN ? xm : minN;
    countP += isP;
    countN += isN;
  }
  *valid = countP > 0;
  const T shiftB = supcon ? maxN : (beta >= 0 ? beta * maxN : beta * minN);
  const T shiftC = beta1 >= 0 ? beta1 * maxN : beta1 * minN;

  // Pass 2: A = Σ_P e^{s − maxP}; B = Σ_N e^{βs − shiftB}; C = Σ_N e^{(1+β)s − shiftC}. For SupCon, B is the
  // denominator Σ_{k≠i} e^{s − maxN} and sumP = Σ_P s. With log-weights, C = Σ_N e^{s + log w − shiftC}, where a
  // weight of 0 (log w = −∞) adds exactly 0, and B is not needed.
  T A = 0, B = 0, C = 0, sumP = 0;
#pragma omp simd reduction(+ : A, B, C, sumP)
  for (int32_t k = 0; k < n; k++) {
    const bool same = labels[k] == y, other = k != self;
    const bool isP = same & other, isN = supcon ? other : !same;
    const T x = s[k];
    if constexpr (weighted) {
      const T t = x + w[k];
      A += isP ? vexp(x - maxP) : T(0);
      C += (isN & (t > minusInf)) ? vexp(t - shiftC) : T(0);
    } else {
      const T e1 = vexp(supcon ? x - shiftB : (isP ? x - maxP : beta * x - shiftB));
      A += (isP & !supcon) ? e1 : T(0);
      B += isN ? e1 : T(0);
      sumP += isP ? x : T(0);
      if constexpr (!supcon) C += isN ? vexp(beta1 * x - shiftC) : T(0);
    }
  }

  // Row scalars, and the coefficients of dL/ds: for k ∈ P, coefP · e1; for k ∈ N, coefC · e2 − coefB · e1.
  double loss = 0, coefP = 0, coefB = 0, coefC = 0, constP = 0;
  const double logPos = countP > 0 ? maxP + std::log((double)A) - std::log((double)countP) : 0;
  double logNg = 0;
  if constexpr (weighted) {
    // Every weight 0: Ng = 0, and every coefficient below is 0 (C is replaced by 1 only to keep them finite).
    logNg = countN > 0 ? (C > 0 ? shiftC + std::log((double)C) : -std::numeric_limits<double>::infinity()) : 0;
    C = C > 0 ? C : T(1);
    B = T(1);  // unused: the weights carry their own normalisation
  } else if constexpr (!supcon) {
    logNg = countN > 0 ? std::log((double)countN) + shiftC + std::log((double)C) - shiftB - std::log((double)B) : 0;
  }
  if constexpr (kind == SCHANE_INSIDE) {
    if (countP > 0 && countN > 0) {  // no positive: left out; no negative: loss 0
      const double delta = logNg - logPos, sig = sigmoid(delta);
      loss = softplus(delta);
      coefP = -sig / A;
      coefC = sig * (double)beta1 / C;
      coefB = sig * (double)beta / B;
    }
  } else if constexpr (kind == SCHANE_OUTSIDE) {
    if (countP > 0 && countN > 0) {
      double sumSig = 0;
      for (int32_t k = 0; k < n; k++) {
        if (labels[k] != y || k == self) continue;
        const double t = logNg - (double)s[k];
        loss += softplus(t);
        sumSig += sigmoid(t);
      }
      loss /= (double)countP;
      const double q = sumSig / (double)countP;
      coefC = q * (double)beta1 / C;
      coefB = q * (double)beta / B;
      constP = 1.0 / (double)countP;  // k ∈ P: −σ(logNg − s_k) / |P|
    }
  } else if constexpr (kind == SUPCON) {
    if (countP > 0) {
      const double logDen = (double)maxN + std::log((double)B);
      loss = -p.scale * ((double)sumP / (double)countP - logDen);
      coefB = p.scale / B;                // + scale · softmax over k ≠ i
      constP = p.scale / (double)countP;  // − scale / |P| at positives
    }
  } else {  // HCL
    if (countP > 0) {
      const double pos = std::exp(logPos), rw = countN > 0 ? std::exp(logNg) : 0, tp = p.tau_plus, cN = (double)countN;
      const double debiased = (rw - tp * cN * pos) / (1 - tp), floor = cN * p.clamp;
      const bool clamped = debiased < floor;
      const double ng = clamped ? floor : debiased;
      loss = std::log1p(ng / pos);
      const double dPos = (1 + (clamped ? 0 : -tp * cN / (1 - tp))) / (pos + ng) - 1 / pos;
      const double dRw = clamped ? 0 : 1 / ((1 - tp) * (pos + ng));
      coefP = dPos * pos / A;
      coefC = countN > 0 ? dRw * rw * (double)beta1 / C : 0;
      coefB = countN > 0 ? dRw * rw * (double)beta / B : 0;
    }
  }

  // Pass 3: dL/ds (zeros for an anchor that is left out), in place or, with log-weights, into out and gw.
  const T on = *valid ? T(1) : T(0);
  const T cP = (T)coefP * on, cB = (T)coefB * on, cC = (T)coefC * on, kP = (T)constP * on, ng = (T)logNg;
  if constexpr (weighted) {
    T* out = m.out;
#pragma omp simd
    for (int32_t k = 0; k < n; k++) {
      const bool same = labels[k] == y, other = k != self;
      const bool isP = same & other, isN = !same;
      const T x = s[k], t = x + w[k];
      const T e1 = vexp(x - maxP);
      const T gN = (isN & (t > minusInf)) ? cC * vexp(t - shiftC) : T(0);
      T gP;
      if constexpr (kind == SCHANE_OUTSIDE) {
        gP = -kP / (T(1) + vexp(x - ng));  // −σ(logNg − s_k) / |P|
      } else {
        gP = cP * e1;
      }
      out[k] = isP ? gP : gN;
      gw[k] = gN;
    }
    return loss;
  }
#pragma omp simd
  for (int32_t k = 0; k < n; k++) {
    const bool same = labels[k] == y, other = k != self;
    const bool isP = same & other, isN = supcon ? other : !same;
    const T x = s[k];
    const T e1 = vexp(supcon ? x - shiftB : (isP ? x - maxP : beta * x - shiftB));
    T g;
    if constexpr (supcon) {
      g = (isN ? cB * e1 : T(0)) - (isP ? kP : T(0));
    } else if constexpr (kind == SCHANE_OUTSIDE) {
      const T e2 = vexp(beta1 * x - shiftC);
      const T sigP = T(1) / (T(1) + vexp(x - ng));  // σ(logNg − s_k)
      g = isP ? -kP * sigP : (isN ? cC * e2 - cB * e1 : T(0));
    } else {
      const T e2 = vexp(beta1 * x - shiftC);
      g = isP ? cP * e1 : (isN ? cC * e2 - cB * e1 : T(0));
    }
    s[k] = g;
  }
  return loss;
}

template <typename T, bool weighted>
__attribute__((always_inline)) inline void row_range(RowBuffers<T> m, const int32_t* labels, int32_t n, int64_t first, const Params& p,
                                                       double* losses, bool* valid, int64_t begin, int64_t end) {
  for (int64_t r = begin; r < end; r++) {
    const int64_t o = r * n;
    const RowBuffers<T> x{m.s + o, weighted ? m.w + o : nullptr, weighted ? m.out + o : nullptr, weighted ? m.gw + o : nullptr};
    const int32_t self = (int32_t)(first + r);
    if constexpr (weighted) {
      switch (p.kind) {
        case SCHANE_INSIDE: losses[r] = row<T, SCHANE_INSIDE, true>(x, labels, n, self, p, valid + r); break;
        case SCHANE_OUTSIDE: losses[r] = row<T, SCHANE_OUTSIDE, true>(x, labels, n, self, p, valid + r); break;
        default: losses[r] = row<T, HCL, true>(x, labels, n, self, p, valid + r); break;
      }
    } else {
      switch (p.kind) {
        case SCHANE_INSIDE: losses[r] = row<T, SCHANE_INSIDE, false>(x, labels, n, self, p, valid + r); break;
        case SCHANE_OUTSIDE: losses[r] = row<T, SCHANE_OUTSIDE, false>(x, labels, n, self, p, valid + r); break;
        case SUPCON: losses[r] = row<T, SUPCON, false>(x, labels, n, self, p, valid + r); break;
        default: losses[r] = row<T, HCL, false>(x, labels, n, self, p, valid + r); break;
      }
    }
  }
}

// The anchors begin … end − 1 of the block, compiled for AVX-512, AVX2 and the baseline (the loader picks the best
// the machine supports); at::parallel_for spreads ranges of anchors over the intra-op threads.
#define SCH_ROW_RANGE(NAME, T, WEIGHTED)                                                                                  \
  __attribute__((target_clones("avx512f", "avx2", "default"))) void NAME(RowBuffers<T> m, const int32_t* labels, int32_t n, \
                                                                         int64_t first, const Params& p, double* losses,   \
                                                                         bool* valid, int64_t begin, int64_t end) {        \
    row_range<T, WEIGHTED>(m, labels, n, first, p, losses, valid, begin, end);                                            \
  }
SCH_ROW_RANGE(row_range_f32, float, false)
SCH_ROW_RANGE(row_range_f64, double, false)
SCH_ROW_RANGE(weighted_row_range_f32, float, true)
SCH_ROW_RANGE(weighted_row_range_f64, double, true)
#undef SCH_ROW_RANGE

void check_rows(const at::Tensor& block, const at::Tensor& labels, int64_t first) {
  TORCH_CHECK(block.dim() == 2 && block.is_contiguous() && block.device().is_cpu(),
              "the similarity block must be a contiguous 2-D CPU tensor");
  TORCH_CHECK(labels.dim() == 1 && labels.scalar_type() == at::kLong && labels.is_contiguous() && labels.device().is_cpu(),
              "labels must be a contiguous 1-D int64 CPU tensor");
  TORCH_CHECK(labels.size(0) == block.size(1), "labels (", labels.size(0), ") must match the block's columns (", block.size(1), ")");
  TORCH_CHECK(first >= 0 && first + block.size(0) <= block.size(1), "anchor rows out of range");
  TORCH_CHECK(block.size(1) < (int64_t)1 << 31, "the fused kernel takes fewer than 2^31 columns");
  TORCH_CHECK(block.scalar_type() == at::kFloat || block.scalar_type() == at::kDouble,
              "the fused contrastive kernel takes float32 or float64, not ", block.scalar_type());
}

}  // namespace

// block: [R, N] contiguous CPU float32/float64 holding S for anchors first … first+R−1; overwritten with dL/dS
// (for a loss summed over the valid anchors). labels: [N] int64 CPU. losses[R], valid[R]: per-anchor outputs.
SCH_API int sch_contrastive_rows(TensorHandle block, TensorHandle labels, int64_t first, int32_t kind, double beta,
                                 double tauPlus, double scale, double clamp, double* losses, bool* valid) {
  return sch_guard<int>(-1, [&]() {
    check_rows(*block, *labels, first);
    TORCH_CHECK(kind >= SCHANE_INSIDE && kind <= HCL, "unknown contrastive kernel ", kind);
    Params p{kind, beta, tauPlus, scale, clamp};
    // int32 labels keep the label lanes as wide as float lanes in the vectorised loops.
    const at::Tensor labels32 = labels->to(at::kInt);
    const int32_t* y = labels32.data_ptr<int32_t>();
    const int32_t n = (int32_t)block->size(1);
    if (block->scalar_type() == at::kFloat) {
      const RowBuffers<float> m{block->data_ptr<float>(), nullptr, nullptr, nullptr};
      at::parallel_for(0, block->size(0), 1, [&](int64_t b, int64_t e) { row_range_f32(m, y, n, first, p, losses, valid, b, e); });
    } else {
      const RowBuffers<double> m{block->data_ptr<double>(), nullptr, nullptr, nullptr};
      at::parallel_for(0, block->size(0), 1, [&](int64_t b, int64_t e) { row_range_f64(m, y, n, first, p, losses, valid, b, e); });
    }
    return 0;
  });
}

// SCHaNe or HCL with the negatives' log-weights given: block S and logWeights [R, N] are read; gradBlock receives
// dL/dS with the weights held fixed and gradWeights dL/d(log w) (zero off the negatives), both [R, N] contiguous of
// the block's dtype. The caller adds the weights' own dependence on S (autograd through the weighting).
SCH_API int sch_contrastive_rows_weighted(TensorHandle block, TensorHandle logWeights, TensorHandle gradBlock,
                                          TensorHandle gradWeights, TensorHandle labels, int64_t first, int32_t kind,
                                          double tauPlus, double clamp, double* losses, bool* valid) {
  return sch_guard<int>(-1, [&]() {
    check_rows(*block, *labels, first);
    TORCH_CHECK(kind == SCHANE_INSIDE || kind == SCHANE_OUTSIDE || kind == HCL,
                "log-weights apply to SCHaNe and HCL, not contrastive kernel ", kind);
    for (const at::Tensor* t : {logWeights, gradBlock, gradWeights})
      TORCH_CHECK(t->sizes() == block->sizes() && t->scalar_type() == block->scalar_type() && t->is_contiguous() && t->device().is_cpu(),
                  "log-weights and gradients must be contiguous CPU tensors shaped and typed like the block");
    TORCH_CHECK(!gradBlock->is_same(*block) && !gradWeights->is_same(*block) && !gradWeights->is_same(*gradBlock),
                "the gradients need buffers of their own");
    Params p{kind, 0, tauPlus, 1, clamp};
    const at::Tensor labels32 = labels->to(at::kInt);
    const int32_t* y = labels32.data_ptr<int32_t>();
    const int32_t n = (int32_t)block->size(1);
    if (block->scalar_type() == at::kFloat) {
      const RowBuffers<float> m{block->data_ptr<float>(), logWeights->data_ptr<float>(), gradBlock->data_ptr<float>(),
                                gradWeights->data_ptr<float>()};
      at::parallel_for(0, block->size(0), 1, [&](int64_t b, int64_t e) { weighted_row_range_f32(m, y, n, first, p, losses, valid, b, e); });
    } else {
      const RowBuffers<double> m{block->data_ptr<double>(), logWeights->data_ptr<double>(), gradBlock->data_ptr<double>(),
                                 gradWeights->data_ptr<double>()};
      at::parallel_for(0, block->size(0), 1, [&](int64_t b, int64_t e) { weighted_row_range_f64(m, y, n, first, p, losses, valid, b, e); });
    }
    return 0;
  });
}

// out = beta · out + alpha · (a @ b), in place (torch.addmm(out, a, b, beta=beta, alpha=alpha, out=out)).
SCH_API int sch_addmm_(TensorHandle out, TensorHandle a, TensorHandle b, double beta, double alpha) {
  return SCH_STATUS(out->addmm_(*a, *b, beta, alpha));
}
