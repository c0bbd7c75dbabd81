/*===- vector_avx2.c - depthwise and add with AVX2 ----------------*- C -*-===//
//
// This file defines qcc_depthwise_conv2d_s8_avx2 and qcc_add_s8_avx2
// (x86_kernels.h) in 256-bit vectors, for x86-64 cores with AVX2. Without
// it the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX2__)

#define QCC_X86_WIDTH 256
#define QCC_X86_SUFFIX avx2
#include "x86_kernels.h"

#endif
