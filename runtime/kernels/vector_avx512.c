/*===- vector_avx512.c - depthwise and add with AVX-512 -----------*- C -*-===//
//
// This file defines qcc_depthwise_conv2d_s8_avx512 and qcc_add_s8_avx512
// (x86_kernels.h) in 512-bit vectors, for x86-64 cores with AVX-512F
// (which +avx512vnni implies). Without it the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX512F__)

#define QCC_X86_WIDTH 512
#define QCC_X86_SUFFIX avx512
#include "x86_kernels.h"

#endif
