// Views, joining and splitting, indexing, sorting.
#include "shim.h"

SCH_API TensorHandle sch_reshape(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->reshape(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_view(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->view(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_permute(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->permute(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_expand(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->expand(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_repeat(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->repeat(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_transpose(TensorHandle x, int64_t d0, int64_t d1) { return SCH_TENSOR(x->transpose(d0, d1)); }
SCH_API TensorHandle sch_squeeze(TensorHandle x, int64_t dim, int hasDim) { return SCH_TENSOR(hasDim ? x->squeeze(dim) : x->squeeze()); }
SCH_API TensorHandle sch_unsqueeze(TensorHandle x, int64_t dim) { return SCH_TENSOR(x->unsqueeze(dim)); }
SCH_API TensorHandle sch_flatten(TensorHandle x, int64_t start, int64_t end) { return SCH_TENSOR(x->flatten(start, end)); }
SCH_API TensorHandle sch_narrow(TensorHandle x, int64_t dim, int64_t start, int64_t length) { return SCH_TENSOR(x->narrow(dim, start, length)); }
SCH_API TensorHandle sch_slice(TensorHandle x, int64_t dim, int64_t start, int64_t end, int64_t step) {
  return SCH_TENSOR(x->slice(dim, start, end, step));
}
SCH_API TensorHandle sch_select(TensorHandle x, int64_t dim, int64_t index) { return SCH_TENSOR(x->select(dim, index)); }
SCH_API TensorHandle sch_diagonal(TensorHandle x, int64_t offset) { return SCH_TENSOR(x->diagonal(offset)); }
SCH_API TensorHandle sch_tril(TensorHandle x, int64_t diagonal) { return SCH_TENSOR(x->tril(diagonal)); }
SCH_API TensorHandle sch_triu(TensorHandle x, int64_t diagonal) { return SCH_TENSOR(x->triu(diagonal)); }
SCH_API TensorHandle sch_flip(TensorHandle x, const int64_t* dims, int ndim) { return SCH_TENSOR(x->flip(sch_shape(dims, ndim))); }
SCH_API TensorHandle sch_roll(TensorHandle x, int64_t shift, int64_t dim) { return SCH_TENSOR(x->roll(shift, dim)); }

SCH_API TensorHandle sch_cat(const TensorHandle* xs, int count, int64_t dim) { return SCH_TENSOR(at::cat(sch_tensors(xs, count), dim)); }
SCH_API TensorHandle sch_stack(const TensorHandle* xs, int count, int64_t dim) { return SCH_TENSOR(at::stack(sch_tensors(xs, count), dim)); }
SCH_API TensorListHandle sch_chunk(TensorHandle x, int64_t chunks, int64_t dim) {
  return sch_guard<TensorListHandle>(nullptr, [&]() { return sch_list(x->chunk(chunks, dim)); });
}
SCH_API TensorListHandle sch_split(TensorHandle x, int64_t size, int64_t dim) {
  return sch_guard<TensorListHandle>(nullptr, [&]() { return sch_list(x->split(size, dim)); });
}
SCH_API TensorListHandle sch_split_sizes(TensorHandle x, const int64_t* sizes, int count, int64_t dim) {
  return sch_guard<TensorListHandle>(nullptr, [&]() { return sch_list(x->split_with_sizes(sch_shape(sizes, count), dim)); });
}
SCH_API TensorListHandle sch_unbind(TensorHandle x, int64_t dim) {
  return sch_guard<TensorListHandle>(nullptr, [&]() { return sch_list(x->unbind(dim)); });
}

SCH_API TensorHandle sch_index_select(TensorHandle x, int64_t dim, TensorHandle index) { return SCH_TENSOR(x->index_select(dim, *index)); }
SCH_API TensorHandle sch_gather(TensorHandle x, int64_t dim, TensorHandle index) { return SCH_TENSOR(x->gather(dim, *index)); }
SCH_API TensorHandle sch_scatter(TensorHandle x, int64_t dim, TensorHandle index, TensorHandle src) {
  return SCH_TENSOR(x->scatter(dim, *index, *src));
}
SCH_API TensorHandle sch_scatter_add(TensorHandle x, int64_t dim, TensorHandle index, TensorHandle src) {
  return SCH_TENSOR(x->scatter_add(dim, *index, *src));
}
SCH_API TensorHandle sch_scatter_value(TensorHandle x, int64_t dim, TensorHandle index, double v, int64_t iv, int isInt) {
  return SCH_TENSOR(x->scatter(dim, *index, sch_scalar(v, iv, isInt)));
}
// x[index] with one index tensor: long indices along dim 0, or a boolean mask over the leading dims.
SCH_API TensorHandle sch_index(TensorHandle x, TensorHandle index) { return SCH_TENSOR(x->index({*index})); }
// x[index] = value (a tensor broadcast to the indexed shape), in place.
SCH_API int sch_index_put_(TensorHandle x, TensorHandle index, TensorHandle value) {
  return SCH_STATUS(x->index_put_({*index}, *value));
}
SCH_API TensorHandle sch_masked_select(TensorHandle x, TensorHandle mask) { return SCH_TENSOR(x->masked_select(*mask)); }
SCH_API TensorHandle sch_nonzero(TensorHandle x) { return SCH_TENSOR(x->nonzero()); }

SCH_API int sch_topk(TensorHandle x, int64_t k, int64_t dim, int largest, int sorted, TensorHandle* values, TensorHandle* indices) {
  return SCH_STATUS({
    auto r = x->topk(k, dim, largest != 0, sorted != 0);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
  });
}
SCH_API int sch_sort(TensorHandle x, int64_t dim, int descending, TensorHandle* values, TensorHandle* indices) {
  return SCH_STATUS({
    auto r = x->sort(dim, descending != 0);
    *values = new at::Tensor(std::get<0>(r));
    *indices = new at::Tensor(std::get<1>(r));
  });
}
SCH_API TensorHandle sch_argsort(TensorHandle x, int64_t dim, int descending) { return SCH_TENSOR(x->argsort(dim, descending != 0)); }
SCH_API TensorHandle sch_one_hot(TensorHandle x, int64_t classes) { return SCH_TENSOR(at::one_hot(*x, classes)); }
SCH_API TensorHandle sch_bincount(TensorHandle x, int64_t minlength) { return SCH_TENSOR(x->bincount({}, minlength)); }
