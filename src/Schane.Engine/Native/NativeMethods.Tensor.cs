using System.Runtime.InteropServices;

namespace Schane.Engine.Native;

internal static unsafe partial class NativeMethods
{
    // tensor.cpp: lifetime and lists
    [LibraryImport(Lib)] internal static partial void sch_tensor_free(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_list_size(IntPtr list);
    [LibraryImport(Lib)] internal static partial IntPtr sch_list_take(IntPtr list, int i);
    [LibraryImport(Lib)] internal static partial void sch_list_free(IntPtr list);

    // tensor.cpp: runtime
    [LibraryImport(Lib)] internal static partial int sch_manual_seed(ulong seed);
    [LibraryImport(Lib)] internal static partial int sch_set_num_threads(int n);
    [LibraryImport(Lib)] internal static partial int sch_get_num_threads();
    [LibraryImport(Lib)] internal static partial int sch_cuda_is_available();
    [LibraryImport(Lib)] internal static partial int sch_cuda_device_count();
    [LibraryImport(Lib)] internal static partial int sch_cuda_synchronize();

    // tensor.cpp: creation
    [LibraryImport(Lib)] internal static partial IntPtr sch_empty(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_zeros(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_ones(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_full(long* dims, int ndim, double v, long iv, int isInt, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_arange(double start, double end, double step, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_linspace(double start, double end, long steps, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_randn(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_rand(long* dims, int ndim, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_randint(long low, long high, long* dims, int ndim, int dtype, int dev, int devIndex);
    [LibraryImport(Lib)] internal static partial IntPtr sch_randperm(long n, int dtype, int dev, int devIndex);
    [LibraryImport(Lib)] internal static partial IntPtr sch_eye(long n, long m, int dtype, int dev, int devIndex, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_from_data(void* data, long* dims, int ndim, int dtype, int grad);
    [LibraryImport(Lib)] internal static partial IntPtr sch_empty_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_zeros_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_ones_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_randn_like(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_uniform_(IntPtr t, double low, double high);
    [LibraryImport(Lib)] internal static partial int sch_normal_(IntPtr t, double mean, double std);
    [LibraryImport(Lib)] internal static partial int sch_bernoulli_(IntPtr t, double p);

    // tensor.cpp: properties and data
    [LibraryImport(Lib)] internal static partial int sch_dim(IntPtr t);
    [LibraryImport(Lib)] internal static partial long sch_numel(IntPtr t);
    [LibraryImport(Lib)] internal static partial void sch_shape_of(IntPtr t, long* dims);
    [LibraryImport(Lib)] internal static partial void sch_strides_of(IntPtr t, long* strides);
    [LibraryImport(Lib)] internal static partial int sch_dtype_of(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_device_type(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_device_index(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_is_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_requires_grad(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_set_requires_grad(IntPtr t, int value);
    [LibraryImport(Lib)] internal static partial int sch_is_leaf(IntPtr t);
    [LibraryImport(Lib)] internal static partial void* sch_data_ptr(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_item_double(IntPtr t, double* value);
    [LibraryImport(Lib)] internal static partial int sch_item_long(IntPtr t, long* value);
    [LibraryImport(Lib)] internal static partial int sch_copy_to(IntPtr t, void* destination);
    [LibraryImport(Lib)] internal static partial int sch_to_string(IntPtr t, byte* buffer, int capacity);

    // tensor.cpp: conversion and copies
    [LibraryImport(Lib)] internal static partial IntPtr sch_to_dtype(IntPtr t, int dtype);
    [LibraryImport(Lib)] internal static partial IntPtr sch_to_device(IntPtr t, int dev, int devIndex, int nonBlocking);
    [LibraryImport(Lib)] internal static partial IntPtr sch_clone(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_contiguous(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_detach(IntPtr t);
    [LibraryImport(Lib)] internal static partial IntPtr sch_alias(IntPtr t);
    [LibraryImport(Lib)] internal static partial int sch_copy_(IntPtr dst, IntPtr src);
    [LibraryImport(Lib)] internal static partial int sch_fill_(IntPtr t, double v, long iv, int isInt);
    [LibraryImport(Lib)] internal static partial int sch_zero_(IntPtr t);

    // tensor_math.cpp
    [LibraryImport(Lib)] internal static partial IntPtr sch_unary(int op, IntPtr x);
    [LibraryImport(Lib)] internal static partial int sch_unary_(int op, IntPtr x);
    [LibraryImport(Lib)] internal static partial IntPtr sch_binary(int op, IntPtr a, IntPtr b, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr sch_binary_scalar(int op, IntPtr a, double v, long iv, int isInt, double alpha);
    [LibraryImport(Lib)] internal static partial IntPtr sch_binary_scalar_left(int op, double v, long iv, int isInt, IntPtr b);
    [LibraryImport(Lib)] internal static partial int sch_binary_(int op, IntPtr a, IntPtr b, double alpha);
    [LibraryImport(Lib)] internal static partial int sch_binary_scalar_(int op, IntPtr a, double v, long iv, int isInt, double alpha);
    [LibraryImport(Lib)] internal static partial int sch_addcmul_(IntPtr a, IntPtr b, IntPtr c, double value);
    [LibraryImport(Lib)] internal static partial int sch_addcdiv_(IntPtr a, IntPtr b, IntPtr c, double value);
    [LibraryImport(Lib)] internal static partial IntPtr sch_lerp(IntPtr a, IntPtr b, double weight);
    [LibraryImport(Lib)] internal static partial IntPtr sch_clamp(IntPtr x, double min, int hasMin, double max, int hasMax);
    [LibraryImport(Lib)] internal static partial IntPtr sch_where(IntPtr cond, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr sch_masked_fill(IntPtr x, IntPtr mask, double v, long iv, int isInt);
    [LibraryImport(Lib)] internal static partial int sch_masked_fill_(IntPtr x, IntPtr mask, double v, long iv, int isInt);
    [LibraryImport(Lib)] internal static partial IntPtr sch_reduce(int op, IntPtr x, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial int sch_max_dim(IntPtr x, long dim, int keepdim, int isMin, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr sch_argmax(IntPtr x, long dim, int hasDim, int keepdim, int isMin);
    [LibraryImport(Lib)] internal static partial IntPtr sch_norm(IntPtr x, double p, long* dims, int ndims, int keepdim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_cumsum(IntPtr x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_matmul(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr sch_mm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr sch_bmm(IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr sch_addmm(IntPtr bias, IntPtr a, IntPtr b, double beta, double alpha);
    [LibraryImport(Lib)] internal static partial int sch_mm_out(IntPtr output, IntPtr a, IntPtr b);
    [LibraryImport(Lib)] internal static partial IntPtr sch_softmax(IntPtr x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_log_softmax(IntPtr x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_normalize(IntPtr x, double p, long dim, double eps);
    [LibraryImport(Lib)] internal static partial int sch_allclose(IntPtr a, IntPtr b, double rtol, double atol, int equalNan);
    [LibraryImport(Lib)] internal static partial int sch_equal(IntPtr a, IntPtr b);

    // tensor_shape.cpp
    [LibraryImport(Lib)] internal static partial IntPtr sch_reshape(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_view(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_permute(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_expand(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_repeat(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_transpose(IntPtr x, long d0, long d1);
    [LibraryImport(Lib)] internal static partial IntPtr sch_squeeze(IntPtr x, long dim, int hasDim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_unsqueeze(IntPtr x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_flatten(IntPtr x, long start, long end);
    [LibraryImport(Lib)] internal static partial IntPtr sch_narrow(IntPtr x, long dim, long start, long length);
    [LibraryImport(Lib)] internal static partial IntPtr sch_slice(IntPtr x, long dim, long start, long end, long step);
    [LibraryImport(Lib)] internal static partial IntPtr sch_select(IntPtr x, long dim, long index);
    [LibraryImport(Lib)] internal static partial IntPtr sch_diagonal(IntPtr x, long offset);
    [LibraryImport(Lib)] internal static partial IntPtr sch_tril(IntPtr x, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr sch_triu(IntPtr x, long diagonal);
    [LibraryImport(Lib)] internal static partial IntPtr sch_flip(IntPtr x, long* dims, int ndim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_roll(IntPtr x, long shift, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_cat(IntPtr* xs, int count, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_stack(IntPtr* xs, int count, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_chunk(IntPtr x, long chunks, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_split(IntPtr x, long size, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_split_sizes(IntPtr x, long* sizes, int count, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_unbind(IntPtr x, long dim);
    [LibraryImport(Lib)] internal static partial IntPtr sch_index_select(IntPtr x, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr sch_gather(IntPtr x, long dim, IntPtr index);
    [LibraryImport(Lib)] internal static partial IntPtr sch_scatter(IntPtr x, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr sch_scatter_add(IntPtr x, long dim, IntPtr index, IntPtr src);
    [LibraryImport(Lib)] internal static partial IntPtr sch_scatter_value(IntPtr x, long dim, IntPtr index, double v, long iv, int isInt);
    [LibraryImport(Lib)] internal static partial IntPtr sch_index(IntPtr x, IntPtr index);
    [LibraryImport(Lib)] internal static partial int sch_index_put_(IntPtr x, IntPtr index, IntPtr value);
    [LibraryImport(Lib)] internal static partial IntPtr sch_masked_select(IntPtr x, IntPtr mask);
    [LibraryImport(Lib)] internal static partial IntPtr sch_nonzero(IntPtr x);
    [LibraryImport(Lib)] internal static partial int sch_topk(IntPtr x, long k, long dim, int largest, int sorted, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial int sch_sort(IntPtr x, long dim, int descending, IntPtr* values, IntPtr* indices);
    [LibraryImport(Lib)] internal static partial IntPtr sch_argsort(IntPtr x, long dim, int descending);
    [LibraryImport(Lib)] internal static partial IntPtr sch_one_hot(IntPtr x, long classes);
    [LibraryImport(Lib)] internal static partial IntPtr sch_bincount(IntPtr x, long minlength);
}
