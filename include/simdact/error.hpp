// The one exception type simdact throws for bad input. It derives from std::invalid_argument, so
// callers can catch either; code() tells the kind of problem and what() names the function and the
// argument. Whenever it is thrown, no output has been written.
#pragma once

#include <stdexcept>
#include <string>

namespace simdact {

// Values match simdact_status in simdact.h.
enum class errc {
  null_pointer = 1,         // a pointer is null while the size is not 0
  overlapping_buffers = 2,  // input and output overlap other than exactly (in place)
  bad_size = 3,             // sizes overflow the address space, or two sizes disagree
  unsupported_isa = 4,      // the ISA is not built in or this CPU cannot run it
  unknown_name = 5,         // an ISA (or activation) name that does not exist
  bad_parameter = 6,        // a parameter out of its domain (e.g. a negative thread count)
  bad_environment = 7,      // SIMDACT_ISA or SIMDACT_NUM_THREADS holds something invalid
};

class error : public std::invalid_argument {
 public:
  error(errc code, const std::string& message) : std::invalid_argument(message), code_(code) {}
  errc code() const noexcept { return code_; }

 private:
  errc code_;
};

}  // namespace simdact
