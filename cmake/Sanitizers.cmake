# Sanitizer and fuzzing builds of qcc's own code.
#
#   -DQCC_SANITIZE=address,undefined   the libraries, tools and unit tests
#                                      built with these sanitizers
#   -DQCC_FUZZ=ON                      libFuzzer harnesses (tools/qcc-fuzz),
#                                      everything instrumented for coverage,
#                                      with ASan and UBSan and assertions on
#
# Both want clang (CMAKE_C_COMPILER=clang-22, CMAKE_CXX_COMPILER=clang++-22
# and Debian's libclang-rt-22-dev for the runtimes). Debian's libLLVM.so,
# libMLIR.so and libonnx are not instrumented: errors inside them are found
# only where our code passes them bad memory, which is what we test.

option(QCC_FUZZ "Build the libFuzzer harnesses (needs clang)" OFF)
set(QCC_SANITIZE "" CACHE STRING
    "Sanitizers for qcc's own code, e.g. address,undefined")
if(QCC_FUZZ AND NOT QCC_SANITIZE)
  set(QCC_SANITIZE address,undefined CACHE STRING "" FORCE)
endif()

if(QCC_SANITIZE)
  if(QCC_FUZZ AND NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    message(FATAL_ERROR "QCC_FUZZ needs clang: configure with "
            "-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22")
  endif()
  # Every finding stops the program (a test or fuzzer must not read past
  # one). vptr checks compare type_info across libMLIR.so's boundary, which
  # is not instrumented; leave them out.
  set(QCC_SANITIZE_FLAGS -fsanitize=${QCC_SANITIZE} -fno-sanitize-recover=all
      -fno-omit-frame-pointer)
  if(QCC_SANITIZE MATCHES "undefined" AND CMAKE_CXX_COMPILER_ID MATCHES "Clang")
    list(APPEND QCC_SANITIZE_FLAGS -fno-sanitize=vptr)
  endif()
  add_compile_options(${QCC_SANITIZE_FLAGS})
  if(QCC_SANITIZE MATCHES "address")
    add_compile_options(
      "$<$<COMPILE_LANGUAGE:CXX>:SHELL:-include ${CMAKE_CURRENT_LIST_DIR}/NoLLVMPoisoning.h>")
  endif()
  add_link_options(${QCC_SANITIZE_FLAGS})
  message(STATUS "qcc: sanitizers ${QCC_SANITIZE}")
endif()

if(QCC_FUZZ)
  # Coverage for libFuzzer in every object of ours; the harnesses alone link
  # libFuzzer's main (-fsanitize=fuzzer, tools/qcc-fuzz). Assertions stay on
  # so that a broken invariant is a finding rather than silent garbage.
  add_compile_options(-fsanitize=fuzzer-no-link -UNDEBUG)
  message(STATUS "qcc: libFuzzer harnesses")
endif()
