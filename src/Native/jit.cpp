// TorchScript modules (torch.jit.load, torch.jit.ScriptModule): load, forward, parameters and buffers, child
// modules, train/eval and save. A handle is a heap torch::jit::Module, itself a reference to the module's object,
// so handles to a module and to its children all see one set of parameters.
#include "shim.h"
#include "named_tensors.h"

typedef torch::jit::Module* ModuleHandle;

namespace {

at::Tensor output_tensor(const c10::IValue& value) {
  if (!value.isTensor()) throw std::runtime_error("forward returned a " + value.tagKind() + " where a tensor was expected");
  return value.toTensor();
}

}  // namespace

// torch.jit.load(path, map_location): deviceType -1 keeps the devices the module was saved on.
SCH_API ModuleHandle sch_jit_load(const char* path, int deviceType, int deviceIndex) {
  return sch_guard<ModuleHandle>(nullptr, [&]() {
    c10::optional<at::Device> device;
    if (deviceType >= 0) device = sch_device(deviceType, deviceIndex);
    return new torch::jit::Module(torch::jit::load(path, device));
  });
}

SCH_API void sch_jit_free(ModuleHandle m) { delete m; }

// module.forward(*inputs): a tensor, or a tuple or list of tensors, returned as a list.
SCH_API TensorListHandle sch_jit_forward(ModuleHandle m, const TensorHandle* inputs, int count) {
  return sch_guard<TensorListHandle>(nullptr, [&]() {
    std::vector<c10::IValue> args;
    args.reserve(count);
    for (int i = 0; i < count; i++) args.emplace_back(*inputs[i]);
    c10::IValue output = m->forward(std::move(args));
    std::vector<at::Tensor> result;
    if (output.isTensor()) {
      result.push_back(output.toTensor());
    } else if (output.isTuple()) {
      for (const auto& item : output.toTuple()->elements()) result.push_back(output_tensor(item));
    } else if (output.isList()) {
      c10::List<c10::IValue> list = output.toList();
      for (size_t i = 0; i < list.size(); i++) result.push_back(output_tensor(list.get(i)));
    } else {
      throw std::runtime_error("forward returned a " + output.tagKind() + ", not a tensor or a tuple or list of tensors");
    }
    return sch_list(std::move(result));
  });
}

// named_parameters (buffers = 0) or named_buffers (buffers = 1), of this module only or (recurse) of all
// descendants too. The tensors are the module's own: updating them in place updates the module.
SCH_API NamedTensorsHandle sch_jit_named_tensors(ModuleHandle m, int buffers, int recurse) {
  return sch_guard<NamedTensorsHandle>(nullptr, [&]() {
    auto result = std::make_unique<NamedTensors>();
    if (buffers)
      for (const auto& item : m->named_buffers(recurse != 0)) result->add(item.name, item.value);
    else
      for (const auto& item : m->named_parameters(recurse != 0)) result->add(item.name, item.value);
    return result.release();
  });
}

SCH_API int sch_jit_child_count(ModuleHandle m) {
  return sch_guard<int>(-1, [&]() { return (int)m->named_children().size(); });
}

// Child number `index` (named_children order) as a new handle; its name is copied into `name` (`capacity` bytes).
SCH_API ModuleHandle sch_jit_child(ModuleHandle m, int index, char* name, int capacity) {
  return sch_guard<ModuleHandle>(nullptr, [&]() -> ModuleHandle {
    int i = 0;
    for (const auto& child : m->named_children()) {
      if (i++ != index) continue;
      if ((int)child.name.size() >= capacity) throw std::runtime_error("child module name '" + child.name + "' is too long");
      std::snprintf(name, capacity, "%s", child.name.c_str());
      return new torch::jit::Module(child.value);
    }
    throw std::runtime_error("the module has no child number " + std::to_string(index));
  });
}

SCH_API int sch_jit_is_training(ModuleHandle m) {
  return sch_guard<int>(-1, [&]() { return (int)m->is_training(); });
}

// Sets this module's own `training` flag; the managed Module walks the children (Module.train recurses the same way).
SCH_API int sch_jit_set_training(ModuleHandle m, int on) { return SCH_STATUS(m->setattr("training", on != 0)); }

// torch.jit.save(module, path)
SCH_API int sch_jit_save(ModuleHandle m, const char* path) { return SCH_STATUS(m->save(path)); }
