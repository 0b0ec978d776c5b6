// Tensors: lifetime, creation, properties, data transfer, elementwise math, reductions, shape and indexing.
#include "shim.h"

// ---- lifetime and tensor lists -------------------------------------------------------------------

SCH_API void sch_tensor_free(TensorHandle t) { delete t; }

SCH_API int sch_list_size(TensorListHandle list) { return (int)list->size(); }
SCH_API TensorHandle sch_list_take(TensorListHandle list, int i) { return new at::Tensor((*list)[i]); }
SCH_API void sch_list_free(TensorListHandle list) { delete list; }

// ---- runtime ---------------------------------------------------------------------------------------

SCH_API int sch_manual_seed(uint64_t seed) { return SCH_STATUS(torch::manual_seed(seed)); }
SCH_API int sch_set_num_threads(int n) { return SCH_STATUS(at::set_num_threads(n)); }
SCH_API int sch_get_num_threads() { return at::get_num_threads(); }
SCH_API int sch_cuda_is_available() { return sch_guard<int>(0, [] { return (int)torch::cuda::is_available(); }); }
SCH_API int sch_cuda_device_count() { return sch_guard<int>(0, [] { return (int)torch::cuda::device_count(); }); }
SCH_API int sch_cuda_synchronize() { return SCH_STATUS(if (torch::cuda::is_available()) torch::cuda::synchronize()); }

// ---- creation --------------------------------------------------------------------------------------
// The torch:: factories, not the at:: ones: only they honour requires_grad in the options.

SCH_API TensorHandle sch_empty(const int64_t* dims, int ndim, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::empty(sch_shape(dims, ndim), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_zeros(const int64_t* dims, int ndim, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::zeros(sch_shape(dims, ndim), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_ones(const int64_t* dims, int ndim, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::ones(sch_shape(dims, ndim), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_full(const int64_t* dims, int ndim, double v, int64_t iv, int isInt, int dtype, int dev,
                              int devIndex, int grad) {
  return SCH_TENSOR(torch::full(sch_shape(dims, ndim), sch_scalar(v, iv, isInt), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_arange(double start, double end, double step, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::arange(start, end, step, sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_linspace(double start, double end, int64_t steps, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::linspace(start, end, steps, sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_randn(const int64_t* dims, int ndim, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::randn(sch_shape(dims, ndim), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_rand(const int64_t* dims, int ndim, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::rand(sch_shape(dims, ndim), sch_options(dtype, dev, devIndex, grad)));
}
SCH_API TensorHandle sch_randint(int64_t low, int64_t high, const int64_t* dims, int ndim, int dtype, int dev,
                                 int devIndex) {
  return SCH_TENSOR(at::randint(low, high, sch_shape(dims, ndim), sch_options(dtype, dev, devIndex)));
}
SCH_API TensorHandle sch_randperm(int64_t n, int dtype, int dev, int devIndex) {
  return SCH_TENSOR(at::randperm(n, sch_options(dtype, dev, devIndex)));
}
SCH_API TensorHandle sch_eye(int64_t n, int64_t m, int dtype, int dev, int devIndex, int grad) {
  return SCH_TENSOR(torch::eye(n, m, sch_options(dtype, dev, devIndex, grad)));
}
// Copies `data` (C order, `dtype` elements) into a new CPU tensor.
SCH_API TensorHandle sch_from_data(const void* data, const int64_t* dims, int ndim, int dtype, int grad) {
  return SCH_TENSOR(at::from_blob(const_cast<void*>(data), sch_shape(dims, ndim), sch_options(dtype, 0, -1))
                        .clone()
                        .set_requires_grad(grad != 0));
}
SCH_API TensorHandle sch_empty_like(TensorHandle t) { return SCH_TENSOR(at::empty_like(*t)); }
SCH_API TensorHandle sch_zeros_like(TensorHandle t) { return SCH_TENSOR(at::zeros_like(*t)); }
SCH_API TensorHandle sch_ones_like(TensorHandle t) { return SCH_TENSOR(at::ones_like(*t)); }
SCH_API TensorHandle sch_randn_like(TensorHandle t) { return SCH_TENSOR(at::randn_like(*t)); }
SCH_API int sch_uniform_(TensorHandle t, double low, double high) { return SCH_STATUS(t->uniform_(low, high)); }
SCH_API int sch_normal_(TensorHandle t, double mean, double std) { return SCH_STATUS(t->normal_(mean, std)); }
SCH_API int sch_bernoulli_(TensorHandle t, double p) { return SCH_STATUS(t->bernoulli_(p)); }

// ---- properties and data ----------------------------------------------------------------------------

SCH_API int sch_dim(TensorHandle t) { return (int)t->dim(); }
SCH_API int64_t sch_numel(TensorHandle t) { return t->numel(); }
SCH_API void sch_shape_of(TensorHandle t, int64_t* dims) {
  for (int64_t i = 0; i < t->dim(); i++) dims[i] = t->size(i);
}
SCH_API void sch_strides_of(TensorHandle t, int64_t* strides) {
  for (int64_t i = 0; i < t->dim(); i++) strides[i] = t->stride(i);
}
SCH_API int sch_dtype_of(TensorHandle t) { return (int)t->scalar_type(); }
SCH_API int sch_device_type(TensorHandle t) { return t->device().is_cuda() ? 1 : 0; }
SCH_API int sch_device_index(TensorHandle t) { return t->device().index(); }
SCH_API int sch_is_contiguous(TensorHandle t) { return t->is_contiguous(); }
SCH_API int sch_requires_grad(TensorHandle t) { return t->requires_grad(); }
SCH_API int sch_set_requires_grad(TensorHandle t, int value) { return SCH_STATUS(t->requires_grad_(value != 0)); }
SCH_API int sch_is_leaf(TensorHandle t) { return t->is_leaf(); }
SCH_API void* sch_data_ptr(TensorHandle t) { return t->data_ptr(); }
SCH_API int sch_item_double(TensorHandle t, double* out) { return SCH_STATUS(*out = t->item<double>()); }
SCH_API int sch_item_long(TensorHandle t, int64_t* out) { return SCH_STATUS(*out = t->item<int64_t>()); }
// Copies the tensor's elements, in C order, into `out` (which holds numel elements of the tensor's dtype).
SCH_API int sch_copy_to(TensorHandle t, void* out) {
  return SCH_STATUS({
    at::Tensor source = t->detach().to(at::kCPU).contiguous();
    std::memcpy(out, source.data_ptr(), source.nbytes());
  });
}
// Writes libtorch's printout of the tensor into `buffer`; returns the length it needs (call again if larger).
SCH_API int sch_to_string(TensorHandle t, char* buffer, int capacity) {
  return sch_guard<int>(-1, [&]() {
    std::ostringstream stream;
    stream << *t;
    std::string text = stream.str();
    std::snprintf(buffer, capacity, "%s", text.c_str());
    return (int)text.size() + 1;
  });
}

// ---- conversion and copies --------------------------------------------------------------------------

SCH_API TensorHandle sch_to_dtype(TensorHandle t, int dtype) { return SCH_TENSOR(t->to(sch_dtype(dtype))); }
SCH_API TensorHandle sch_to_device(TensorHandle t, int dev, int devIndex, int nonBlocking) {
  return SCH_TENSOR(t->to(sch_device(dev, devIndex), nonBlocking != 0));
}
SCH_API TensorHandle sch_clone(TensorHandle t) { return SCH_TENSOR(t->clone()); }
SCH_API TensorHandle sch_contiguous(TensorHandle t) { return SCH_TENSOR(t->contiguous()); }
SCH_API TensorHandle sch_detach(TensorHandle t) { return SCH_TENSOR(t->detach()); }
SCH_API TensorHandle sch_alias(TensorHandle t) { return SCH_TENSOR(*t); }
SCH_API int sch_copy_(TensorHandle dst, TensorHandle src) { return SCH_STATUS(dst->copy_(*src)); }
SCH_API int sch_fill_(TensorHandle t, double v, int64_t iv, int isInt) { return SCH_STATUS(t->fill_(sch_scalar(v, iv, isInt))); }
SCH_API int sch_zero_(TensorHandle t) { return SCH_STATUS(t->zero_()); }
