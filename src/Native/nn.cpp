// Neural-network functional ops (torch.nn.functional): layers, activations, pooling, losses.
// Optional tensors (bias, weight, running stats) arrive as null handles. Pairs of sizes (stride, padding, ...)
// arrive as two int64 values each.
#include "shim.h"

static c10::optional<at::Tensor> sch_optional(TensorHandle t) {
  return t ? c10::optional<at::Tensor>(*t) : c10::optional<at::Tensor>();
}

static at::IntArrayRef sch_pair(const int64_t* values) { return at::IntArrayRef(values, 2); }

// ---- layers --------------------------------------------------------------------------------------------

SCH_API TensorHandle sch_linear(TensorHandle x, TensorHandle weight, TensorHandle bias) {
  return SCH_TENSOR(at::linear(*x, *weight, sch_optional(bias)));
}

SCH_API TensorHandle sch_conv2d(TensorHandle x, TensorHandle weight, TensorHandle bias, const int64_t* stride,
                                const int64_t* padding, const int64_t* dilation, int64_t groups) {
  return SCH_TENSOR(
      at::conv2d(*x, *weight, sch_optional(bias), sch_pair(stride), sch_pair(padding), sch_pair(dilation), groups));
}

// In training, normalises with the batch statistics and updates the running statistics in place
// (running = (1 - momentum) * running + momentum * batch); otherwise normalises with the running statistics.
SCH_API TensorHandle sch_batch_norm(TensorHandle x, TensorHandle runningMean, TensorHandle runningVar,
                                    TensorHandle weight, TensorHandle bias, int training, double momentum, double eps) {
  return SCH_TENSOR(at::batch_norm(*x, sch_optional(weight), sch_optional(bias), sch_optional(runningMean),
                                   sch_optional(runningVar), training != 0, momentum, eps,
                                   at::globalContext().userEnabledCuDNN()));
}

SCH_API TensorHandle sch_layer_norm(TensorHandle x, const int64_t* normalizedShape, int ndim, TensorHandle weight,
                                    TensorHandle bias, double eps) {
  return SCH_TENSOR(at::layer_norm(*x, sch_shape(normalizedShape, ndim), sch_optional(weight), sch_optional(bias), eps,
                                   at::globalContext().userEnabledCuDNN()));
}

SCH_API TensorHandle sch_dropout(TensorHandle x, double p, int training) {
  return SCH_TENSOR(at::dropout(*x, p, training != 0));
}

// ---- pooling and activations ---------------------------------------------------------------------------

SCH_API TensorHandle sch_max_pool2d(TensorHandle x, const int64_t* kernel, const int64_t* stride,
                                    const int64_t* padding, const int64_t* dilation, int ceilMode) {
  return SCH_TENSOR(
      at::max_pool2d(*x, sch_pair(kernel), sch_pair(stride), sch_pair(padding), sch_pair(dilation), ceilMode != 0));
}

SCH_API TensorHandle sch_adaptive_avg_pool2d(TensorHandle x, const int64_t* outputSize) {
  return SCH_TENSOR(at::adaptive_avg_pool2d(*x, sch_pair(outputSize)));
}

// approximate: 0 = "none" (exact erf form), 1 = "tanh".
SCH_API TensorHandle sch_gelu(TensorHandle x, int approximate) {
  return SCH_TENSOR(at::gelu(*x, approximate ? "tanh" : "none"));
}

// ---- losses (reduction: 0 = none, 1 = mean, 2 = sum, as at::Reduction) ---------------------------------------

// target holds class indices (int64) or class probabilities (same shape and dtype as the input).
SCH_API TensorHandle sch_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction,
                                       int64_t ignoreIndex, double labelSmoothing) {
  return SCH_TENSOR(
      at::cross_entropy_loss(*input, *target, sch_optional(weight), reduction, ignoreIndex, labelSmoothing));
}

SCH_API TensorHandle sch_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, int reduction,
                                  int64_t ignoreIndex) {
  return SCH_TENSOR(at::nll_loss_nd(*input, *target, sch_optional(weight), reduction, ignoreIndex));
}

SCH_API TensorHandle sch_mse_loss(TensorHandle input, TensorHandle target, int reduction) {
  return SCH_TENSOR(at::mse_loss(*input, *target, reduction));
}

// ---- module state --------------------------------------------------------------------------------------

// BatchNorm's num_batches_tracked += 1 in training (an int64 scalar); writes the new count into *count.
SCH_API int sch_batch_norm_count(TensorHandle numBatchesTracked, int64_t* count) {
  return SCH_STATUS(*count = numBatchesTracked->add_(1).item<int64_t>());
}
