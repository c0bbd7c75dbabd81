/*===- qcc/kernel_list.h - The runtime's kernels, one line each ----*- C -*-===//
//
// The one list of qcc's runtime kernels. Everything that names kernels
// reads it: the runtime's prototypes (kernels.h), the compiler's catalog
// (lib/Dialect/QCC/IR/KernelCatalog.cpp), the bitcode build's source list
// (runtime/CMakeLists.txt) and the unit tests. Adding a variant is one line
// here plus its definition in the source file the line names.
//
// QCC_KERNEL_LIST(X) calls, per kernel,
//   X(operation, symbol, source, features, layout, scratch_rows, paired,
//     unsigned_weights)
// operation         what it computes, a row of QCC_OPERATION_LIST; its
//                   QCC_SIGNATURE_<operation> in kernels.h is the C type
// source            the file under runtime/kernels that defines it
// features          the target feature it needs, a row of QCC_FEATURE_LIST,
//                   or NONE (portable)
// layout            how its weights are packed (KernelCatalog.h's
//                   WeightLayout; Rows for kernels without weights)
// scratch_rows      rows of scratch after the output, each of the GEMM
//                   depth rounded up to 8 bytes (0: no scratch argument)
// paired            1 when it adds the products of depth k and k + 8 in one
//                   16-bit lane (no channel may have -128 at both)
// unsigned_weights  1 when its packed weight bytes are w ^ 0x80
// Faster variants of an operation come before its portable definition:
// selection takes the first one the target supports.
//
// QCC_OPERATION_LIST(X) calls, per operation,
//   X(operation, descriptor, constants, inputs)
// with the C struct of its first argument, its constant arguments (CONV:
// int8 weights or signs, int32 bias, multipliers and shifts; TABLE8: an
// int8 table; TABLE32: an int32 table; NONE) and its number of tensor
// inputs after them.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNEL_LIST_H
#define QCC_KERNEL_LIST_H

/* QCC_FEATURE_LIST(X) calls, per target feature a kernel may need,
 *   X(name, mattr, condition, flags)
 * with its spelling in qcc's --mattr, the preprocessor condition under
 * which a C compiler generates code for it (the kernel sources test the
 * same macros) and the compiler flags that give it. Generated C checks the
 * conditions of the kernels it calls. */
#define QCC_FEATURE_LIST(X)                                                    \
  X(NEON, "+neon", defined(__aarch64__) && defined(__ARM_NEON),                \
    "an AArch64 target, e.g. --target=aarch64-linux-gnu")                      \
  X(DOTPROD, "+dotprod",                                                       \
    defined(__aarch64__) && defined(__ARM_FEATURE_DOTPROD),                    \
    "-march=armv8.2-a+dotprod")                                                \
  X(I8MM, "+i8mm", defined(__aarch64__) && defined(__ARM_FEATURE_MATMUL_INT8), \
    "-march=armv8.2-a+i8mm")                                                   \
  X(AVX2, "+avx2", defined(__x86_64__) && defined(__AVX2__), "-mavx2")         \
  X(AVX512VNNI, "+avx512vnni",                                                 \
    defined(__x86_64__) && defined(__AVX512VNNI__) && defined(__AVX512BW__),   \
    "-march=x86-64-v4 -mavx512vnni")

#define QCC_OPERATION_LIST(X)                                                  \
  X(conv2d, qcc_conv2d_desc, CONV, 1)                                          \
  X(conv2d_1x1, qcc_conv2d_desc, CONV, 1)                                      \
  X(depthwise_conv2d, qcc_conv2d_desc, CONV, 1)                                \
  X(fully_connected, qcc_fully_connected_desc, CONV, 1)                        \
  X(matmul, qcc_matmul_desc, NONE, 2)                                          \
  X(add, qcc_add_desc, NONE, 2)                                                \
  X(mul, qcc_mul_desc, NONE, 2)                                                \
  X(requantize, qcc_requantize_desc, NONE, 1)                                  \
  X(lookup, qcc_count_desc, TABLE8, 1)                                         \
  X(softmax, qcc_softmax_desc, TABLE32, 1)                                     \
  X(layer_norm, qcc_layer_norm_desc, CONV, 1)                                  \
  X(flip_sign, qcc_count_desc, NONE, 1)                                        \
  X(max_pool, qcc_pool_desc, NONE, 1)                                          \
  X(avg_pool, qcc_pool_desc, NONE, 1)                                          \
  X(global_avg_pool, qcc_global_avg_pool_desc, NONE, 1)                        \
  X(gather, qcc_gather_desc, NONE, 1)                                          \
  X(pad, qcc_pad_desc, NONE, 1)                                                \
  X(concat, qcc_concat_desc, NONE, 1)

#define QCC_KERNEL_LIST(X)                                                                        \
  X(conv2d, qcc_conv2d_s8_avx512vnni, "gemm_vnni.c", AVX512VNNI, Panels16x4, 4, 0, 1)              \
  X(conv2d, qcc_conv2d_s8_avx2, "gemm_avx2.c", AVX2, Panels16x4, 4, 0, 0)                          \
  X(conv2d, qcc_conv2d_s8_i8mm, "gemm_i8mm.c", I8MM, Panels16x8, 8, 0, 0)                          \
  X(conv2d, qcc_conv2d_s8_dotprod, "gemm_dotprod.c", DOTPROD, Panels16x4, 4, 0, 0)                 \
  X(conv2d, qcc_conv2d_s8_neon, "gemm_mlal.c", NEON, Panels16x16, 4, 1, 0)                         \
  X(conv2d, qcc_conv2d_s8_neon_wide, "gemm_mlal.c", NEON, Panels16x16, 4, 0, 0)                    \
  X(conv2d, qcc_conv2d_s8, "conv.c", NONE, Rows, 0, 0, 0)                                          \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_avx512vnni, "gemm_vnni.c", AVX512VNNI, Panels16x4, 0, 0, 1)      \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_avx2, "gemm_avx2.c", AVX2, Panels16x4, 0, 0, 0)                  \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_i8mm, "gemm_i8mm.c", I8MM, Panels16x8, 4, 0, 0)                  \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_dotprod, "gemm_dotprod.c", DOTPROD, Panels16x4, 0, 0, 0)         \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_neon, "gemm_mlal.c", NEON, Panels16x16, 0, 1, 0)                 \
  X(conv2d_1x1, qcc_conv2d_1x1_s8_neon_wide, "gemm_mlal.c", NEON, Panels16x16, 0, 0, 0)            \
  X(conv2d_1x1, qcc_conv2d_1x1_s8, "conv.c", NONE, Rows, 0, 0, 0)                                  \
  X(depthwise_conv2d, qcc_depthwise_conv2d_s8_avx512, "vector_avx512.c", AVX512VNNI, DepthwiseHWC, 0, 0, 0) \
  X(depthwise_conv2d, qcc_depthwise_conv2d_s8_avx2, "vector_avx2.c", AVX2, DepthwiseHWC, 0, 0, 0) \
  X(depthwise_conv2d, qcc_depthwise_conv2d_s8_neon, "depthwise_neon.c", NEON, DepthwiseHWC, 0, 0, 0) \
  X(depthwise_conv2d, qcc_depthwise_conv2d_s8, "conv.c", NONE, DepthwiseHWC, 0, 0, 0)              \
  X(fully_connected, qcc_fully_connected_s8_avx512vnni, "gemm_vnni.c", AVX512VNNI, Panels16x4, 0, 0, 1) \
  X(fully_connected, qcc_fully_connected_s8_avx2, "gemm_avx2.c", AVX2, Panels16x4, 0, 0, 0)        \
  X(fully_connected, qcc_fully_connected_s8_i8mm, "gemm_i8mm.c", I8MM, Panels16x8, 4, 0, 0)        \
  X(fully_connected, qcc_fully_connected_s8_dotprod, "gemm_dotprod.c", DOTPROD, Panels16x4, 0, 0, 0) \
  X(fully_connected, qcc_fully_connected_s8_neon, "gemm_mlal.c", NEON, Panels16x16, 0, 1, 0)       \
  X(fully_connected, qcc_fully_connected_s8_neon_wide, "gemm_mlal.c", NEON, Panels16x16, 0, 0, 0)  \
  X(fully_connected, qcc_fully_connected_s8, "gemm.c", NONE, Rows, 0, 0, 0)                        \
  X(matmul, qcc_matmul_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                    \
  X(matmul, qcc_matmul_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                              \
  X(matmul, qcc_matmul_s8_i8mm, "matmul_neon.c", I8MM, Rows, 0, 0, 0)                              \
  X(matmul, qcc_matmul_s8_dotprod, "matmul_neon.c", DOTPROD, Rows, 0, 0, 0)                        \
  X(matmul, qcc_matmul_s8_neon, "matmul_neon.c", NEON, Rows, 0, 0, 0)                              \
  X(matmul, qcc_matmul_s8, "gemm.c", NONE, Rows, 0, 0, 0)                                          \
  X(add, qcc_add_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                          \
  X(add, qcc_add_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                                    \
  X(add, qcc_add_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                               \
  X(add, qcc_add_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                                         \
  X(mul, qcc_mul_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                          \
  X(mul, qcc_mul_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                                    \
  X(mul, qcc_mul_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                               \
  X(mul, qcc_mul_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                                         \
  X(requantize, qcc_requantize_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)            \
  X(requantize, qcc_requantize_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                      \
  X(requantize, qcc_requantize_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                 \
  X(requantize, qcc_requantize_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                           \
  X(lookup, qcc_lookup_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                         \
  X(lookup, qcc_lookup_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                                   \
  X(softmax, qcc_softmax_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                  \
  X(softmax, qcc_softmax_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                            \
  X(softmax, qcc_softmax_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                       \
  X(softmax, qcc_softmax_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                                 \
  X(layer_norm, qcc_layer_norm_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)            \
  X(layer_norm, qcc_layer_norm_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                      \
  X(layer_norm, qcc_layer_norm_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                 \
  X(layer_norm, qcc_layer_norm_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                           \
  X(flip_sign, qcc_flip_sign_s8, "elementwise.c", NONE, Rows, 0, 0, 0)                             \
  X(max_pool, qcc_max_pool_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                \
  X(max_pool, qcc_max_pool_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                          \
  X(max_pool, qcc_max_pool_s8_neon, "pool_neon.c", NEON, Rows, 0, 0, 0)                            \
  X(max_pool, qcc_max_pool_s8, "pool.c", NONE, Rows, 0, 0, 0)                                      \
  X(avg_pool, qcc_avg_pool_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                \
  X(avg_pool, qcc_avg_pool_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                          \
  X(avg_pool, qcc_avg_pool_s8_neon, "pool_neon.c", NEON, Rows, 0, 0, 0)                            \
  X(avg_pool, qcc_avg_pool_s8, "pool.c", NONE, Rows, 0, 0, 0)                                      \
  X(global_avg_pool, qcc_global_avg_pool_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)  \
  X(global_avg_pool, qcc_global_avg_pool_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)            \
  X(global_avg_pool, qcc_global_avg_pool_s8_neon, "pool_neon.c", NEON, Rows, 0, 0, 0)              \
  X(global_avg_pool, qcc_global_avg_pool_s8, "pool.c", NONE, Rows, 0, 0, 0)                        \
  X(gather, qcc_gather_s8, "layout.c", NONE, Rows, 0, 0, 0)                                        \
  X(pad, qcc_pad_s8, "layout.c", NONE, Rows, 0, 0, 0)                                              \
  X(concat, qcc_concat_s8_avx512, "vector_avx512.c", AVX512VNNI, Rows, 0, 0, 0)                    \
  X(concat, qcc_concat_s8_avx2, "vector_avx2.c", AVX2, Rows, 0, 0, 0)                              \
  X(concat, qcc_concat_s8_neon, "elementwise_neon.c", NEON, Rows, 0, 0, 0)                         \
  X(concat, qcc_concat_s8, "layout.c", NONE, Rows, 0, 0, 0)

#endif /* QCC_KERNEL_LIST_H */
