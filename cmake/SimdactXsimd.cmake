# xsimd >= 13, found where the compiler looks by default (Debian: /usr/include). Debian's own xsimd
# CMake target forces XSIMD_ENABLE_XTL_COMPLEX (which breaks xsimd::emulated) and pulls in xtl, so
# it is not used; only the private kernel translation units include xsimd.
include(CheckCXXSourceCompiles)
set(CMAKE_REQUIRED_QUIET ON)
check_cxx_source_compiles([=[
#include <xsimd/config/xsimd_config.hpp>
#if XSIMD_VERSION_MAJOR < 13
#error xsimd too old
#endif
int main() { return 0; }
]=] SIMDACT_HAVE_XSIMD13)
unset(CMAKE_REQUIRED_QUIET)
if(NOT SIMDACT_HAVE_XSIMD13)
  message(FATAL_ERROR "simdact needs the xsimd >= 13 headers (Debian: libxsimd-dev from trixie; "
                      "scripts/install-deps.sh installs it)")
endif()
