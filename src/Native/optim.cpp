// Optimizer updates (torch.optim.SGD, torch.optim.AdamW) and gradient clipping (torch.nn.utils.clip_grad_norm_).
//
// One call updates every parameter, so a step costs one crossing of the boundary however many parameters the
// model has. The arithmetic repeats PyTorch 1.13's single-tensor implementations op for op (same ops, same
// scalar arguments, same order), so on the same libtorch the results match torch.optim bit for bit (as measured
// against Debian's PyTorch 1.13; PyTorch 2 rewrote some of these updates, e.g. with lerp_, and may differ in the last bit).
//
// State tensors (momentum buffers, moments) are created here the first time a parameter has a gradient, and
// returned through the caller's handle arrays: a null slot means "no state yet", and a new handle is written into it.
// Parameters without a gradient are skipped and get no state, as in PyTorch.
#include "shim.h"

// Sets every parameter's .grad to undefined (setToNone) or zeroes it in place (Optimizer.zero_grad).
SCH_API int sch_optim_zero_grad(const TensorHandle* params, int n, int setToNone) {
  return sch_guard<int>(-1, [&]() {
    for (int i = 0; i < n; i++) {
      at::Tensor& grad = params[i]->mutable_grad();
      if (!grad.defined()) continue;
      if (setToNone) {
        grad = at::Tensor();
      } else {
        if (grad.grad_fn()) grad.detach_();
        else grad.requires_grad_(false);
        grad.zero_();
      }
    }
    return 0;
  });
}

// torch.optim.SGD: momentumBuffers[i] is created on the parameter's first step when momentum != 0.
SCH_API int sch_sgd_step(const TensorHandle* params, int n, TensorHandle* momentumBuffers, double lr, double momentum,
                         double dampening, double weightDecay, int nesterov, int maximize) {
  return sch_guard<int>(-1, [&]() {
    at::NoGradGuard noGrad;
    for (int i = 0; i < n; i++) {
      at::Tensor& param = *params[i];
      const at::Tensor& grad = param.grad();
      if (!grad.defined()) continue;
      at::Tensor d_p = maximize ? grad.neg() : grad;
      if (weightDecay != 0) d_p = d_p.add(param, weightDecay);
      if (momentum != 0) {
        if (!momentumBuffers[i]) {
          momentumBuffers[i] = new at::Tensor(d_p.clone().detach());
        } else {
          momentumBuffers[i]->mul_(momentum).add_(d_p, 1 - dampening);
        }
        const at::Tensor& buf = *momentumBuffers[i];
        d_p = nesterov ? d_p.add(buf, momentum) : buf;
      }
      param.add_(d_p, -lr);
    }
    return 0;
  });
}

// torch.optim.AdamW: steps[i] counts the parameter's updates (incremented here); the moment tensors are created on
// the parameter's first step (maxExpAvgSq only with amsgrad, and then the array must be given).
SCH_API int sch_adamw_step(const TensorHandle* params, int n, TensorHandle* expAvg, TensorHandle* expAvgSq,
                           TensorHandle* maxExpAvgSq, int64_t* steps, double lr, double beta1, double beta2,
                           double eps, double weightDecay, int amsgrad, int maximize) {
  return sch_guard<int>(-1, [&]() {
    at::NoGradGuard noGrad;
    if (amsgrad && !maxExpAvgSq) throw std::invalid_argument("amsgrad needs the max_exp_avg_sq slots");
    for (int i = 0; i < n; i++) {
      at::Tensor& param = *params[i];
      const at::Tensor& g = param.grad();
      if (!g.defined()) continue;
      if (g.is_sparse()) throw std::invalid_argument("AdamW does not support sparse gradients");
      at::Tensor grad = maximize ? g.neg() : g;
      if (!expAvg[i]) expAvg[i] = new at::Tensor(at::zeros_like(param, at::MemoryFormat::Preserve));
      if (!expAvgSq[i]) expAvgSq[i] = new at::Tensor(at::zeros_like(param, at::MemoryFormat::Preserve));
      if (amsgrad && !maxExpAvgSq[i]) maxExpAvgSq[i] = new at::Tensor(at::zeros_like(param, at::MemoryFormat::Preserve));
      at::Tensor& exp_avg = *expAvg[i];
      at::Tensor& exp_avg_sq = *expAvgSq[i];

      const double step = (double)++steps[i];
      param.mul_(1 - lr * weightDecay);
      exp_avg.mul_(beta1).add_(grad, 1 - beta1);
      exp_avg_sq.mul_(beta2).addcmul_(grad, grad, 1 - beta2);

      const double bias_correction1 = 1 - std::pow(beta1, step);
      const double bias_correction2 = 1 - std::pow(beta2, step);
      const double step_size = lr / bias_correction1;
      const double bias_correction2_sqrt = std::sqrt(bias_correction2);
      at::Tensor denom;
      if (amsgrad) {
        at::Tensor& max_sq = *maxExpAvgSq[i];
        at::maximum_out(max_sq, max_sq, exp_avg_sq);
        denom = (max_sq.sqrt() / bias_correction2_sqrt).add_(eps);
      } else {
        denom = (exp_avg_sq.sqrt() / bias_correction2_sqrt).add_(eps);
      }
      param.addcdiv_(exp_avg, denom, -step_size);
    }
    return 0;
  });
}

// torch.nn.utils.clip_grad_norm_: scales all gradients together so that their joint norm is at most maxNorm, and
// writes that joint norm (before clipping) into *totalNorm. normType may be +infinity (the largest |g|).
SCH_API int sch_clip_grad_norm(const TensorHandle* params, int n, double maxNorm, double normType,
                               int errorIfNonfinite, double* totalNorm) {
  return sch_guard<int>(-1, [&]() {
    at::NoGradGuard noGrad;
    std::vector<at::Tensor> grads;
    for (int i = 0; i < n; i++)
      if (params[i]->grad().defined()) grads.push_back(params[i]->grad());
    if (grads.empty()) {
      *totalNorm = 0;
      return 0;
    }
    const at::Device device = grads[0].device();
    std::vector<at::Tensor> norms;
    norms.reserve(grads.size());
    at::Tensor total;
    if (std::isinf(normType) && normType > 0) {
      for (auto& g : grads) norms.push_back(g.detach().abs().max().to(device));
      total = norms.size() == 1 ? norms[0] : at::stack(norms).max();
    } else {
      for (auto& g : grads) norms.push_back(at::norm(g.detach(), normType).to(device));
      total = at::norm(at::stack(norms), normType);
    }
    const double value = total.item<double>();
    if (errorIfNonfinite && !std::isfinite(value))
      throw std::invalid_argument("the total norm of order " + std::to_string(normType) +
                                  " of the gradients is non-finite, so it cannot be clipped");
    // PyTorch computes max_norm / (total + 1e-6) as reciprocal() * max_norm; keep its rounding.
    at::Tensor coef = ((total + 1e-6).reciprocal() * maxNorm).clamp_max(1.0);
    for (auto& g : grads) g.detach().mul_(coef.to(g.device()));
    *totalNorm = value;
    return 0;
  });
}
