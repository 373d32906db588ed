# One translation unit per instruction set, each with its own flags. An ISA that was asked for but
# cannot be compiled stops the configure step instead of silently disappearing from the build.
include(CheckCXXCompilerFlag)

if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
  set(simdact_x86 ON)
else()
  set(simdact_x86 OFF)
endif()
if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
  set(simdact_arm64 ON)
else()
  set(simdact_arm64 OFF)
endif()

option(SIMDACT_ISA_AVX2 "Build the AVX2+FMA kernels" ${simdact_x86})
option(SIMDACT_ISA_AVX512 "Build the AVX-512 kernels" ${simdact_x86})
option(SIMDACT_ISA_NEON "Build the NEON kernels" ${simdact_arm64})

set(SIMDACT_FLAGS_scalar "")
set(SIMDACT_FLAGS_avx2 -mavx2 -mfma)
# -mavx512f does not imply -mfma in GCC 12.
set(SIMDACT_FLAGS_avx512 -mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma)
set(SIMDACT_FLAGS_neon "")

# Flags every kernel translation unit gets, whatever the build type: never below -O2, and no
# contraction of a*b+c into fma behind the kernels' back (it would differ between ISAs).
set(SIMDACT_KERNEL_FLAGS -O3 -ffp-contract=off)
# On AArch64 GCC notes, for every kernel that passes a struct of vectors, that GCC 10.1 changed how
# such arguments are passed: nothing crosses a library boundary here, so the notes are only noise.
if(simdact_arm64)
  list(APPEND SIMDACT_KERNEL_FLAGS -Wno-psabi)
endif()
# GCC does not schedule instructions before register allocation on x86 unless asked; interleaving
# the four independent vectors of an iteration made tanh 15 % and the f64 kernels 18-22 % faster.
check_cxx_compiler_flag("-fschedule-insns -fsched-pressure" SIMDACT_CXX_HAS_SCHED_PRESSURE)
if(SIMDACT_CXX_HAS_SCHED_PRESSURE AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  list(APPEND SIMDACT_KERNEL_FLAGS -fschedule-insns -fsched-pressure)
endif()

function(simdact_add_isa_sources target)
  set(isas scalar)
  foreach(isa avx2 avx512 neon)
    string(TOUPPER ${isa} upper)
    if(SIMDACT_ISA_${upper})
      set(flags_ok ON)
      foreach(flag IN LISTS SIMDACT_FLAGS_${isa})
        string(MAKE_C_IDENTIFIER "SIMDACT_CXX_FLAG${flag}" var)
        check_cxx_compiler_flag(${flag} ${var})
        if(NOT ${var})
          set(flags_ok OFF)
        endif()
      endforeach()
      if(NOT flags_ok)
        message(FATAL_ERROR "SIMDACT_ISA_${upper} is ON but ${CMAKE_CXX_COMPILER} cannot compile "
                            "${SIMDACT_FLAGS_${isa}}; turn the option OFF explicitly")
      endif()
      list(APPEND isas ${isa})
      set_property(SOURCE src/dispatch.cpp APPEND PROPERTY COMPILE_DEFINITIONS SIMDACT_HAVE_${upper}=1)
    endif()
  endforeach()
  # Per ISA: the elementwise kernels, the softmax passes and the derivative kernels (f64 and f32), in four
  # translation units.
  foreach(isa IN LISTS isas)
    foreach(unit ${isa} ${isa}_softmax ${isa}_gradient ${isa}_gradient_f32)
      target_sources(${target} PRIVATE src/isa/${unit}.cpp)
      set_source_files_properties(src/isa/${unit}.cpp PROPERTIES
        COMPILE_OPTIONS "${SIMDACT_FLAGS_${isa}};${SIMDACT_KERNEL_FLAGS}")
    endforeach()
  endforeach()
  set(SIMDACT_BUILT_ISAS ${isas} PARENT_SCOPE)
  message(STATUS "simdact ISAs: ${isas}")
endfunction()
