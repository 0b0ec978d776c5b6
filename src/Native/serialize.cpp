// Checkpoints in PyTorch's format: files that Python's torch.load reads and that torch.save writes.
//
// Writing uses libtorch's pickler (torch::pickle_save): torch.load reads its output as a tensor or a plain dict.
// Reading does not use torch::pickle_load, because that cannot read what Python writes for a state dict: it turns
// collections.OrderedDict (the type of Module.state_dict()) into None and then fails, in libtorch 1.13 and 2.x
// alike, and 1.13 also lacks the SETITEM opcode that Python writes for every one-entry dict. Instead the archive is
// opened with libtorch's zip reader (caffe2::serialize::PyTorchStreamReader, the one torch.load itself uses) and its
// data.pkl is run by the small unpickler below, which knows the opcodes of pickle protocols 2 to 5 and the few
// globals that a checkpoint of tensors refers to. Anything else is an error that says what was found.
#include "shim.h"
#include "named_tensors.h"

#include <caffe2/serialize/inline_container.h>
#include <fstream>
#include <memory>
#include <stdexcept>
#include <unordered_map>

namespace {

// ---- writing -----------------------------------------------------------------------------------------

// Tensors are written detached and from CPU memory, whatever device they live on.
at::Tensor for_saving(const at::Tensor& t) { return t.detach().to(at::kCPU); }

void write_file(const char* path, const std::vector<char>& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) throw std::runtime_error(std::string("cannot open ") + path + " for writing");
  out.write(bytes.data(), (std::streamsize)bytes.size());
  out.close();
  if (!out) throw std::runtime_error(std::string("writing ") + path + " failed");
}

void save_dict(const char* const* names, const TensorHandle* tensors, int count, const char* path) {
  c10::Dict<std::string, at::Tensor> dict;
  for (int i = 0; i < count; i++) dict.insert_or_assign(std::string(names[i]), for_saving(*tensors[i]));
  write_file(path, torch::pickle_save(dict));
}

// ---- reading -----------------------------------------------------------------------------------------

struct Value;
using ValueRef = std::shared_ptr<Value>;

// A Python object of the kinds that a checkpoint of tensors holds.
struct Value {
  enum Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Storage, Tensor };
  Kind kind = None;
  int64_t integer = 0;                                 // Bool, Int
  double real = 0;                                     // Float
  std::string text;                                    // String, Bytes; Global: "module.name"
  std::vector<ValueRef> items;                         // Tuple, List
  std::vector<std::pair<ValueRef, ValueRef>> entries;  // Dict, in insertion order
  at::Tensor tensor;                                   // Tensor; Storage: a flat tensor over the whole storage
};

const char* kind_name(const Value& v) {
  static const char* names[] = {"None", "bool", "int", "float", "str", "bytes",
                                "tuple", "list", "dict", "class", "storage", "tensor"};
  return names[v.kind];
}

ValueRef make(Value::Kind kind) {
  auto v = std::make_shared<Value>();
  v->kind = kind;
  return v;
}

// Element types of the storage classes a persistent id names (torch.FloatStorage, ...).
at::ScalarType storage_dtype(const std::string& global) {
  static const std::unordered_map<std::string, at::ScalarType> types = {
      {"torch.FloatStorage", at::kFloat},   {"torch.DoubleStorage", at::kDouble},
      {"torch.HalfStorage", at::kHalf},     {"torch.BFloat16Storage", at::kBFloat16},
      {"torch.LongStorage", at::kLong},     {"torch.IntStorage", at::kInt},
      {"torch.ShortStorage", at::kShort},   {"torch.CharStorage", at::kChar},
      {"torch.ByteStorage", at::kByte},     {"torch.BoolStorage", at::kBool},
      {"torch.ComplexFloatStorage", at::kComplexFloat}, {"torch.ComplexDoubleStorage", at::kComplexDouble},
  };
  auto found = types.find(global);
  if (found == types.end()) throw std::runtime_error("unsupported storage type " + global);
  return found->second;
}

// torch.save wrote a bare pickle stream, not a zip archive, before PyTorch 1.6 (and still does with
// _use_new_zipfile_serialization=False): say so rather than "not a ZIP archive".
const std::string& reject_legacy_format(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  unsigned char first = 0;
  if (in.read(reinterpret_cast<char*>(&first), 1) && first == 0x80)
    throw std::runtime_error("it is in the legacy torch.save format (PyTorch before 1.6, or "
                             "_use_new_zipfile_serialization=False), which is not supported: save it again with a "
                             "newer PyTorch and the default settings");
  return path;
}

class Unpickler {
 public:
  explicit Unpickler(const std::string& path) : archive_(reject_legacy_format(path)) {}

  ValueRef run() {
    if (archive_.hasRecord("byteorder")) {
      auto [order, size] = archive_.getRecord("byteorder");
      if (std::string(static_cast<const char*>(order.get()), size) != "little")
        throw std::runtime_error("the checkpoint was written on a big-endian machine");
    }
    size_t size;
    std::tie(pickle_, size) = archive_.getRecord("data.pkl");
    data_ = static_cast<const uint8_t*>(pickle_.get());
    size_ = size;
    while (true) {
      start_ = pos_;
      uint8_t op = read<uint8_t>();
      if (op == '.') {  // STOP: the value is the one left on the stack
        if (stack_.size() != 1) fail("the pickle stops with " + std::to_string(stack_.size()) + " values on its stack");
        return stack_.back();
      }
      step(op);
    }
  }

 private:
  caffe2::serialize::PyTorchStreamReader archive_;
  at::DataPtr pickle_;
  const uint8_t* data_ = nullptr;
  size_t size_ = 0, pos_ = 0, start_ = 0;
  std::vector<ValueRef> stack_;
  std::vector<size_t> marks_;
  std::unordered_map<uint64_t, ValueRef> memo_;
  std::unordered_map<std::string, at::Tensor> storages_;

  [[noreturn]] void fail(const std::string& what) const {
    throw std::runtime_error("data.pkl, byte " + std::to_string(start_) + ": " + what);
  }

  void need(uint64_t n) const {
    if (size_ - pos_ < n) fail("the pickle ends early (it is " + std::to_string(size_) + " bytes long)");
  }
  template <typename T>
  T read() {
    need(sizeof(T));
    T value;
    std::memcpy(&value, data_ + pos_, sizeof(T));
    pos_ += sizeof(T);
    return value;
  }
  std::string read_bytes(uint64_t n) {
    need(n);
    std::string s(reinterpret_cast<const char*>(data_ + pos_), n);
    pos_ += n;
    return s;
  }
  std::string read_line() {
    auto end = static_cast<const uint8_t*>(std::memchr(data_ + pos_, '\n', size_ - pos_));
    if (!end) fail("the pickle ends inside a GLOBAL name");
    std::string s(reinterpret_cast<const char*>(data_ + pos_), end - (data_ + pos_));
    pos_ = end - data_ + 1;
    return s;
  }

  void push(ValueRef v) { stack_.push_back(std::move(v)); }
  const ValueRef& top() const {
    if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back())) fail("the pickle's stack is empty");
    return stack_.back();
  }
  ValueRef pop() {
    ValueRef v = top();
    stack_.pop_back();
    return v;
  }
  std::vector<ValueRef> pop_mark() {
    if (marks_.empty()) fail("the pickle has no MARK here");
    size_t mark = marks_.back();
    marks_.pop_back();
    std::vector<ValueRef> items(stack_.begin() + mark, stack_.end());
    stack_.resize(mark);
    return items;
  }
  const ValueRef& top_of(Value::Kind kind, const char* op) const {
    const ValueRef& v = top();
    if (v->kind != kind) fail(std::string(op) + " applies to a " + kind_name(*v));
    return v;
  }
  ValueRef memo(uint64_t key) const {
    auto found = memo_.find(key);
    if (found == memo_.end()) fail("the pickle refers to memo entry " + std::to_string(key) + ", which it never set");
    return found->second;
  }

  ValueRef text(Value::Kind kind, uint64_t length) {
    auto v = make(kind);
    v->text = read_bytes(length);
    return v;
  }
  static ValueRef integer(int64_t i, Value::Kind kind = Value::Int) {
    auto v = make(kind);
    v->integer = i;
    return v;
  }
  static ValueRef sequence(Value::Kind kind, std::vector<ValueRef> items) {
    auto v = make(kind);
    v->items = std::move(items);
    return v;
  }
  void set_items(const ValueRef& dict, const std::vector<ValueRef>& items) {
    if (items.size() % 2) fail("SETITEMS has a key without a value");
    for (size_t i = 0; i < items.size(); i += 2) dict->entries.emplace_back(items[i], items[i + 1]);
  }

  // Runs one opcode (pickletools' names) other than STOP.
  void step(uint8_t op) {
    switch (op) {
      case 0x80: read<uint8_t>(); break;   // PROTO
      case 0x95: read<uint64_t>(); break;  // FRAME: only a length hint
      case '(': marks_.push_back(stack_.size()); break;
      case '0': pop(); break;
      case '1': pop_mark(); break;
      case '2': push(top()); break;
      case 'N': push(make(Value::None)); break;
      case 0x88: push(integer(1, Value::Bool)); break;
      case 0x89: push(integer(0, Value::Bool)); break;
      case 'J': push(integer(read<int32_t>())); break;
      case 'K': push(integer(read<uint8_t>())); break;
      case 'M': push(integer(read<uint16_t>())); break;
      case 0x8a: {  // LONG1: little-endian two's complement of n bytes
        uint8_t n = read<uint8_t>();
        if (n > 8) fail("an integer of " + std::to_string(n) + " bytes does not fit in 64 bits");
        need(n);
        uint64_t bits = 0;
        for (int i = 0; i < n; i++) bits |= uint64_t(data_[pos_ + i]) << (8 * i);
        if (n > 0 && n < 8 && (data_[pos_ + n - 1] & 0x80)) bits |= ~uint64_t(0) << (8 * n);
        pos_ += n;
        push(integer(static_cast<int64_t>(bits)));
        break;
      }
      case 'G': {  // BINFLOAT: big-endian
        need(8);
        uint64_t bits = 0;
        for (int i = 0; i < 8; i++) bits = (bits << 8) | data_[pos_ + i];
        pos_ += 8;
        auto v = make(Value::Float);
        std::memcpy(&v->real, &bits, 8);
        push(v);
        break;
      }
      case 'X': push(text(Value::String, read<uint32_t>())); break;   // BINUNICODE
      case 0x8c: push(text(Value::String, read<uint8_t>())); break;   // SHORT_BINUNICODE
      case 0x8d: push(text(Value::String, read<uint64_t>())); break;  // BINUNICODE8
      case 'U': push(text(Value::String, read<uint8_t>())); break;    // SHORT_BINSTRING
      case 'T': push(text(Value::String, read<uint32_t>())); break;   // BINSTRING
      case 'C': push(text(Value::Bytes, read<uint8_t>())); break;     // SHORT_BINBYTES
      case 'B': push(text(Value::Bytes, read<uint32_t>())); break;    // BINBYTES
      case 0x8e: push(text(Value::Bytes, read<uint64_t>())); break;   // BINBYTES8
      case ')': push(sequence(Value::Tuple, {})); break;
      case 't': push(sequence(Value::Tuple, pop_mark())); break;
      case 0x85: case 0x86: case 0x87: {  // TUPLE1, TUPLE2, TUPLE3
        std::vector<ValueRef> items(op - 0x84);
        for (auto i = items.size(); i > 0; i--) items[i - 1] = pop();
        push(sequence(Value::Tuple, std::move(items)));
        break;
      }
      case ']': push(make(Value::List)); break;
      case 'l': push(sequence(Value::List, pop_mark())); break;
      case 'a': {
        ValueRef item = pop();
        top_of(Value::List, "APPEND")->items.push_back(item);
        break;
      }
      case 'e': {
        auto items = pop_mark();
        auto& list = top_of(Value::List, "APPENDS")->items;
        list.insert(list.end(), items.begin(), items.end());
        break;
      }
      case '}': push(make(Value::Dict)); break;
      case 'd': {
        auto dict = make(Value::Dict);
        set_items(dict, pop_mark());
        push(dict);
        break;
      }
      case 's': {
        ValueRef value = pop(), key = pop();
        top_of(Value::Dict, "SETITEM")->entries.emplace_back(key, value);
        break;
      }
      case 'u': {
        auto items = pop_mark();
        set_items(top_of(Value::Dict, "SETITEMS"), items);
        break;
      }
      case 'q': memo_[read<uint8_t>()] = top(); break;   // BINPUT
      case 'r': memo_[read<uint32_t>()] = top(); break;  // LONG_BINPUT
      case 0x94: memo_[memo_.size()] = top(); break;     // MEMOIZE
      case 'h': push(memo(read<uint8_t>())); break;      // BINGET
      case 'j': push(memo(read<uint32_t>())); break;     // LONG_BINGET
      case 'c': {  // GLOBAL
        auto module = read_line();
        auto name = read_line();
        auto v = make(Value::Global);
        v->text = module + "." + name;
        push(v);
        break;
      }
      case 0x93: {  // STACK_GLOBAL
        ValueRef name = pop(), module = pop();
        if (name->kind != Value::String || module->kind != Value::String) fail("STACK_GLOBAL needs two strings");
        auto v = make(Value::Global);
        v->text = module->text + "." + name->text;
        push(v);
        break;
      }
      case 'R':     // REDUCE: callable(*args)
      case 0x81: {  // NEWOBJ: cls.__new__(cls, *args), the same for the classes accepted here
        ValueRef args = pop(), callable = pop();
        push(call(callable, args));
        break;
      }
      case 'b':  // BUILD: the state set on an object. It holds nothing a tensor or a dict of tensors needs:
        pop();   // state_dict()._metadata (BatchNorm's version numbers) or a tensor's Python attributes.
        top();
        break;
      case 'Q': push(storage(pop())); break;  // BINPERSID
      default: {
        char hex[8];
        std::snprintf(hex, sizeof hex, "0x%02x", op);
        fail(std::string("unsupported pickle opcode ") + hex);
      }
    }
  }

  static bool truthy(const Value& v) { return v.kind == Value::Bool || v.kind == Value::Int ? v.integer != 0 : false; }

  std::vector<int64_t> ints(const ValueRef& v, const char* what) const {
    if (v->kind != Value::Tuple) fail(std::string(what) + " is a " + kind_name(*v) + ", not a tuple");
    std::vector<int64_t> result;
    for (const auto& item : v->items) {
      if (item->kind != Value::Int) fail(std::string(what) + " holds a " + kind_name(*item));
      result.push_back(item->integer);
    }
    return result;
  }

  ValueRef call(const ValueRef& callable, const ValueRef& args) {
    if (callable->kind != Value::Global) fail(std::string("cannot call a ") + kind_name(*callable));
    if (args->kind != Value::Tuple) fail("the arguments of " + callable->text + " are not a tuple");
    const std::string& name = callable->text;
    const auto& a = args->items;
    if (name == "collections.OrderedDict") {
      if (!a.empty()) fail("OrderedDict is built with arguments");
      return make(Value::Dict);
    }
    if (name == "torch._utils._rebuild_tensor_v2" || name == "torch._utils._rebuild_tensor") return rebuild_tensor(a);
    if (name == "torch._utils._rebuild_parameter" || name == "torch._utils._rebuild_parameter_with_state") {
      if (a.size() < 2 || a[0]->kind != Value::Tensor) fail(name + " has unexpected arguments");
      auto v = make(Value::Tensor);
      v->tensor = a[0]->tensor;
      if (truthy(*a[1])) v->tensor.set_requires_grad(true);
      return v;
    }
    // A tensor subclass or a tensor with Python attributes: (rebuild function, type, its arguments, attributes).
    if (name == "torch._tensor._rebuild_from_type_v2") {
      if (a.size() < 3) fail(name + " has unexpected arguments");
      return call(a[0], a[2]);
    }
    // Type tags and typed lists that libtorch's own pickler writes (torch::pickle_save).
    if (name == "torch.jit._pickle.restore_type_tag" || name.rfind("torch.jit._pickle.build_", 0) == 0) {
      if (a.empty()) fail(name + " has no arguments");
      return a[0];
    }
    fail("it holds a " + name + " object; only tensors and dicts, lists and tuples of them can be read");
  }

  // torch._utils._rebuild_tensor_v2(storage, storage_offset, size, stride, requires_grad, backward_hooks, ...)
  ValueRef rebuild_tensor(const std::vector<ValueRef>& a) {
    if (a.size() < 4 || a[0]->kind != Value::Storage || a[1]->kind != Value::Int)
      fail("_rebuild_tensor has unexpected arguments");
    const at::Tensor& storage = a[0]->tensor;
    int64_t offset = a[1]->integer;
    auto size = ints(a[2], "a tensor's size"), stride = ints(a[3], "a tensor's stride");
    if (size.size() != stride.size()) fail("a tensor's size and stride differ in length");
    // The last element the view reaches must lie inside the storage (set_ would silently grow it).
    int64_t last = offset;
    bool empty = false;
    for (size_t d = 0; d < size.size(); d++) {
      if (size[d] < 0 || stride[d] < 0) fail("a tensor has a negative size or stride");
      if (size[d] == 0) empty = true;
      else last += (size[d] - 1) * stride[d];
    }
    if (offset < 0 || (!empty && last >= storage.numel()))
      fail("a tensor reaches element " + std::to_string(last) + " of a storage of " +
           std::to_string(storage.numel()) + " elements");
    auto v = make(Value::Tensor);
    v->tensor = at::empty({0}, storage.options()).set_(storage.storage(), offset, size, stride);
    if (a.size() > 4 && truthy(*a[4])) v->tensor.set_requires_grad(true);
    return v;
  }

  // The persistent id ('storage', storage class, key, location, element count) names the record data/<key>.
  // Storages saved from a GPU are read into CPU memory (torch.load(map_location='cpu')).
  ValueRef storage(const ValueRef& pid) {
    const auto& p = pid->items;
    if (pid->kind != Value::Tuple || p.size() < 5 || p[0]->kind != Value::String || p[0]->text != "storage" ||
        p[1]->kind != Value::Global || p[2]->kind != Value::String || p[4]->kind != Value::Int)
      fail("a persistent id is not ('storage', type, key, location, size)");
    auto v = make(Value::Storage);
    const std::string& key = p[2]->text;
    auto cached = storages_.find(key);
    if (cached != storages_.end()) {
      v->tensor = cached->second;
      return v;
    }
    at::ScalarType dtype = storage_dtype(p[1]->text);
    int64_t numel = p[4]->integer;
    if (numel < 0) fail("a storage has a negative size");
    at::Tensor flat = at::empty({numel}, at::TensorOptions().dtype(dtype));
    if (numel > 0) {
      auto [data, nbytes] = archive_.getRecord("data/" + key);
      if (nbytes != flat.nbytes())
        fail("storage data/" + key + " holds " + std::to_string(nbytes) + " bytes, not the " +
             std::to_string(flat.nbytes()) + " that " + std::to_string(numel) + " elements of " +
             c10::toString(dtype) + " need");
      std::memcpy(flat.data_ptr(), data.get(), nbytes);
    }
    storages_[key] = flat;
    v->tensor = flat;
    return v;
  }
};

}  // namespace

// torch.save(tensor, path)
SCH_API int sch_save_tensor(TensorHandle t, const char* path) {
  return SCH_STATUS(write_file(path, torch::pickle_save(for_saving(*t))));
}

// torch.save({name: tensor, ...}, path): torch.load reads it as a dict in this order.
SCH_API int sch_save_dict(const char* const* names, const TensorHandle* tensors, int count, const char* path) {
  return SCH_STATUS(save_dict(names, tensors, count, path));
}

// torch.load(path, map_location='cpu') of a file that holds one tensor.
SCH_API TensorHandle sch_load_tensor(const char* path) {
  return sch_guard<TensorHandle>(nullptr, [&]() {
    ValueRef v = Unpickler(path).run();
    if (v->kind != Value::Tensor) throw std::runtime_error(std::string("it holds a ") + kind_name(*v) + ", not a tensor");
    return new at::Tensor(v->tensor);
  });
}

// torch.load(path, map_location='cpu') of a file that holds a dict (or OrderedDict) of tensors keyed by name.
SCH_API NamedTensorsHandle sch_load_dict(const char* path) {
  return sch_guard<NamedTensorsHandle>(nullptr, [&]() {
    ValueRef v = Unpickler(path).run();
    if (v->kind != Value::Dict) throw std::runtime_error(std::string("it holds a ") + kind_name(*v) + ", not a dict of tensors");
    auto result = std::make_unique<NamedTensors>();
    for (const auto& [key, value] : v->entries) {
      if (key->kind != Value::String) throw std::runtime_error(std::string("it has a key of type ") + kind_name(*key));
      if (value->kind != Value::Tensor)
        throw std::runtime_error("entry '" + key->text + "' is a " + kind_name(*value) + ", not a tensor");
      result->add(key->text, value->tensor);
    }
    return result.release();
  });
}
