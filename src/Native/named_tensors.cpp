// Reading and freeing NamedTensors (named_tensors.h): a count, each name (valid until the list is freed) and
// each tensor as a new handle that aliases the listed tensor.
#include "named_tensors.h"

SCH_API int sch_named_count(NamedTensorsHandle list) { return (int)list->tensors.size(); }
SCH_API const char* sch_named_name(NamedTensorsHandle list, int i) { return list->names[i].c_str(); }
SCH_API TensorHandle sch_named_take(NamedTensorsHandle list, int i) { return new at::Tensor(list->tensors[i]); }
SCH_API void sch_named_free(NamedTensorsHandle list) { delete list; }
