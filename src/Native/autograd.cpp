// Autograd: backward, .grad, gradient mode, torch.autograd.grad.
#include "shim.h"

SCH_API int sch_backward(TensorHandle t, TensorHandle gradient, int retainGraph, int createGraph) {
  return SCH_STATUS(t->backward(gradient ? *gradient : at::Tensor(), retainGraph ? c10::optional<bool>(true) : c10::nullopt,
                                createGraph != 0));
}
// Writes t.grad (or null when it has none) into *out.
SCH_API int sch_grad(TensorHandle t, TensorHandle* out) {
  return SCH_STATUS({
    const at::Tensor& g = t->grad();
    *out = g.defined() ? new at::Tensor(g) : nullptr;
  });
}
// The C++ API assigns any tensor; these are the checks Python's `tensor.grad = g` makes, so that a mismatch fails
// here rather than later inside backward or an optimizer step.
SCH_API int sch_set_grad(TensorHandle t, TensorHandle grad) {
  return SCH_STATUS({
    if (grad) {
      TORCH_CHECK(grad->sizes() == t->sizes(), "assigned grad has data of a different size: ", grad->sizes(),
                  " for a tensor of size ", t->sizes());
      TORCH_CHECK(grad->scalar_type() == t->scalar_type(), "assigned grad has dtype ", grad->scalar_type(),
                  " but the tensor has dtype ", t->scalar_type());
      TORCH_CHECK(grad->device() == t->device(), "assigned grad is on ", grad->device(), " but the tensor is on ",
                  t->device());
    }
    t->mutable_grad() = grad ? *grad : at::Tensor();
  });
}
SCH_API int sch_retain_grad(TensorHandle t) { return SCH_STATUS(t->retain_grad()); }
SCH_API int sch_grad_enabled() { return at::GradMode::is_enabled(); }
SCH_API void sch_set_grad_enabled(int enabled) { at::GradMode::set_enabled(enabled != 0); }

// torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph, allow_unused).
// An input that the outputs do not depend on gets an undefined tensor: returned as a null handle.
SCH_API TensorListHandle sch_autograd_grad(const TensorHandle* outputs, int nout, const TensorHandle* inputs, int nin,
                                           const TensorHandle* gradOutputs, int retainGraph, int createGraph,
                                           int allowUnused) {
  return sch_guard<TensorListHandle>(nullptr, [&]() {
    std::vector<at::Tensor> gouts;
    if (gradOutputs)
      for (int i = 0; i < nout; i++) gouts.push_back(gradOutputs[i] ? *gradOutputs[i] : at::Tensor());
    auto grads = torch::autograd::grad(sch_tensors(outputs, nout), sch_tensors(inputs, nin), gouts,
                                       retainGraph ? c10::optional<bool>(true) : c10::nullopt, createGraph != 0,
                                       allowUnused != 0);
    return sch_list(std::move(grads));
  });
}
SCH_API int sch_list_defined(TensorListHandle list, int i) { return (*list)[i].defined(); }

// param.data = source: swaps the tensor's storage (e.g. after a device or dtype move) keeping its identity,
// so every handle, optimizer and module field holding it sees the new data.
SCH_API int sch_set_data(TensorHandle t, TensorHandle source) { return SCH_STATUS(t->set_data(*source)); }
