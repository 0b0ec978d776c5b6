// Names paired with tensors, the shape in which state dicts and parameter lists cross the boundary
// (serialize.cpp, jit.cpp). The managed side reads them with the sch_named_* exports in named_tensors.cpp.
#pragma once

#include "shim.h"

struct NamedTensors {
  std::vector<std::string> names;
  std::vector<at::Tensor> tensors;

  void add(std::string name, at::Tensor tensor) {
    names.push_back(std::move(name));
    tensors.push_back(std::move(tensor));
  }
};
typedef NamedTensors* NamedTensorsHandle;
