// Shared by every area of the shim: handle types and the error convention.
//
// Every export catches all C++ exceptions into a thread-local message and returns a null handle or
// a negative status; the managed side reads the message with sch_last_error() and throws. No C++
// exception ever crosses the boundary.
#pragma once

#include <torch/torch.h>
#include <torch/script.h>
#include <cstdint>
#include <string>
#include <vector>

#define SCH_API extern "C" __attribute__((visibility("default")))

typedef at::Tensor* TensorHandle;
typedef std::vector<at::Tensor>* TensorListHandle;

// Error kinds the managed side maps to exception types.
enum ErrorKind { SCH_ERROR = 0, SCH_INDEX_ERROR = 1, SCH_VALUE_ERROR = 2, SCH_TYPE_ERROR = 3 };
void sch_set_error(const char* message, int kind = SCH_ERROR);

// Runs `body` (which returns a value of type R); on any exception records the message and returns `failed`.
template <typename R, typename F>
inline R sch_guard(R failed, F&& body) {
  try {
    return body();
  } catch (const c10::IndexError& e) {
    sch_set_error(e.what_without_backtrace(), SCH_INDEX_ERROR);
  } catch (const c10::ValueError& e) {
    sch_set_error(e.what_without_backtrace(), SCH_VALUE_ERROR);
  } catch (const c10::TypeError& e) {
    sch_set_error(e.what_without_backtrace(), SCH_TYPE_ERROR);
  } catch (const c10::Error& e) {
    sch_set_error(e.what_without_backtrace());
  } catch (const std::exception& e) {
    sch_set_error(e.what());
  } catch (...) {
    sch_set_error("unknown native exception");
  }
  return failed;
}

// Tensor-returning exports: a new heap handle, or null on error.
#define SCH_TENSOR(expr) sch_guard<TensorHandle>(nullptr, [&]() { return new at::Tensor(expr); })
// Status-returning exports: 0, or -1 on error.
#define SCH_STATUS(stmts) sch_guard<int>(-1, [&]() { stmts; return 0; })

inline at::IntArrayRef sch_shape(const int64_t* dims, int ndim) { return at::IntArrayRef(dims, (size_t)ndim); }

inline at::Scalar sch_scalar(double value, int64_t integer, int isInteger) {
  return isInteger ? at::Scalar(integer) : at::Scalar(value);
}

// Dtype codes shared with the managed DType enum (values are c10::ScalarType's).
inline at::ScalarType sch_dtype(int code) { return static_cast<at::ScalarType>(code); }

// Device codes: type 0 = CPU, 1 = CUDA; index -1 = default.
inline at::Device sch_device(int type, int index) {
  return at::Device(type == 1 ? at::kCUDA : at::kCPU, static_cast<c10::DeviceIndex>(index));
}

inline at::TensorOptions sch_options(int dtype, int deviceType, int deviceIndex, bool requiresGrad = false) {
  return at::TensorOptions().dtype(sch_dtype(dtype)).device(sch_device(deviceType, deviceIndex)).requires_grad(requiresGrad);
}

inline std::vector<at::Tensor> sch_tensors(const TensorHandle* handles, int count) {
  std::vector<at::Tensor> result;
  result.reserve(count);
  for (int i = 0; i < count; i++) result.push_back(*handles[i]);
  return result;
}

inline TensorListHandle sch_list(std::vector<at::Tensor>&& tensors) { return new std::vector<at::Tensor>(std::move(tensors)); }
