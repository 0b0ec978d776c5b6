// The thread-local error message behind the shim's error convention (see shim.h).
#include "shim.h"

static thread_local std::string last_error;
static thread_local bool has_error = false;
static thread_local int last_kind = SCH_ERROR;

void sch_set_error(const char* message, int kind) {
  last_error = message;
  last_kind = kind;
  has_error = true;
}

// Returns the last recorded message and clears it, or null when none was recorded.
SCH_API const char* sch_last_error() {
  if (!has_error) return nullptr;
  has_error = false;
  return last_error.c_str();
}

// The ErrorKind of the last recorded message.
SCH_API int sch_last_error_kind() { return last_kind; }

// A no-op export: the managed side times it to measure pure P/Invoke overhead.
SCH_API int64_t sch_noop(int64_t x) { return x; }
