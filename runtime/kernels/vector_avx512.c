/*===- vector_avx512.c - The x86-64 kernels with AVX-512 ----------*- C -*-===//
//
// This file defines the _avx512 variants of the depthwise convolution
// (x86_kernels.h), of add, mul, requantize, layer normalization and
// softmax (x86_elementwise.h), of the matmul (x86_matmul.h) and of the
// pools (x86_pool.h) in 512-bit vectors, for x86-64 cores with AVX-512F
// and BW (which +avx512vnni implies). Without them the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX512F__) && defined(__AVX512BW__)

#define QCC_X86_WIDTH 512
#define QCC_X86_SUFFIX avx512
#include "x86_elementwise.h"
#include "x86_kernels.h"
#include "x86_matmul.h"
#include "x86_pool.h"

#endif
