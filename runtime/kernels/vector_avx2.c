/*===- vector_avx2.c - The x86-64 kernels with AVX2 ---------------*- C -*-===//
//
// This file defines the _avx2 variants of the depthwise convolution
// (x86_kernels.h), of add, mul, requantize, layer normalization and
// softmax (x86_elementwise.h), of the matmul (x86_matmul.h) and of the
// pools (x86_pool.h) in 256-bit vectors, for x86-64 cores with AVX2.
// Without it the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX2__)

#define QCC_X86_WIDTH 256
#define QCC_X86_SUFFIX avx2
#include "x86_elementwise.h"
#include "x86_kernels.h"
#include "x86_matmul.h"
#include "x86_pool.h"

#endif
