/*===- qcc/kernels.h - Runtime microkernel interface ---------------*- C -*-===//
//
// This file declares the microkernels qcc's generated code calls. Every
// activation is int8: qcc stores a uint8 tensor of zero point Z as the int8
// tensor q ^ 0x80 of zero point Z - 128 (the same real values, the same
// integer arithmetic), so one kernel serves both storage types. Weights are
// int8 and arrive packed at compile time in the layout each kernel states;
// zero-point cross terms that are constant are folded into the bias.
//
// Shapes and quantization parameters travel in descriptors: structs of
// int32_t fields only, so that a descriptor has the layout of an int32_t
// array on every target and the LLVM emitter can build it as one. The
// generated code passes descriptors that are compile-time constants, which
// lets an optimizer specialize each call. Every kernel takes its arguments
// in one order: descriptor, constants (weights, tables), inputs, output,
// and scratch memory (arena bytes for the call only) when it needs any.
//
// The kernels use no heap, no float and nothing from libc beyond string.h.
// Each operation has a portable definition; its vectorized variants compute
// the same bits. The functions are those of qcc/kernel_list.h, declared at
// the end of this file with the signature of their operation
// (QCC_SIGNATURE_<operation>); kernels with scratch_rows take a last
// `void *scratch` argument.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_H
#define QCC_KERNELS_H

#include "qcc/kernel_list.h"

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Largest tensor rank the layout and broadcasting kernels accept. */
#define QCC_MAX_RANK 6

/* The scratch argument of kernels whose list entry has scratch rows. */
#define QCC_SCRATCH_0
#define QCC_SCRATCH_4 , void *scratch
#define QCC_SCRATCH_8 , void *scratch

/* Weights (or per-channel signs), the folded bias and the per-channel
 * output stage, as the convolutions and layer norm take them. */
#define QCC_PER_CHANNEL(w)                                                     \
  const int8_t *w, const int32_t *bias, const int32_t *multiplier,             \
      const int32_t *shift

/* The signatures of kernels of one input, and of two. */
#define QCC_UNARY(desc, name) \
  void name(const desc *d, const int8_t *input, int8_t *output)
#define QCC_BINARY(desc, name)                                                 \
  void name(const desc *d, const int8_t *lhs, const int8_t *rhs,               \
            int8_t *output)

/* The per-tensor output stage: qcc_requantize(acc, multiplier, shift,
 * zero_point, min, max, rounding) narrowed to int8. */
typedef struct {
  int32_t multiplier, shift, zero_point, min, max, rounding;
} qcc_requant_desc;

/*===----------------------------------------------------------------------===
 * Convolution and matrix products
 *===----------------------------------------------------------------------===*/

/* A 2-D convolution on NHWC tensors. `bias[o]` already holds
 * b[o] - Z_in·Σw[o] + K·Z_in·Z_w; the kernel adds Σ x·w - Z_w·Σ x over the
 * whole window, padding read as Z_in. The output stage is per channel:
 * `multiplier[o]`, `shift[o]` with the desc's zero point, min, max and
 * rounding. */
typedef struct {
  int32_t batch, in_h, in_w, in_c;
  int32_t out_h, out_w, out_c;
  int32_t kernel_h, kernel_w, stride_h, stride_w;
  int32_t pad_top, pad_left, dilation_h, dilation_w;
  int32_t groups;
  int32_t input_zero_point, weight_zero_point;
  int32_t output_zero_point, output_min, output_max, rounding;
} qcc_conv2d_desc;

/* Any grouped convolution. Weights: OHWI, i.e. [out_c][kh][kw][in_c/groups]. */
#define QCC_SIGNATURE_conv2d(name, scratch)                                    \
  void name(const qcc_conv2d_desc *d, QCC_PER_CHANNEL(weights),                \
            const int8_t *input, int8_t *output QCC_SCRATCH_##scratch)

/* 1x1, groups 1, no padding: a GEMM over output pixels (any stride).
 * Weights: [out_c][in_c]. */
#define QCC_SIGNATURE_conv2d_1x1 QCC_SIGNATURE_conv2d

/* Depthwise: groups == in_c, out_c = in_c·m. Output channel o reads input
 * channel o / m. Weights: [kh][kw][out_c]. */
#define QCC_SIGNATURE_depthwise_conv2d QCC_SIGNATURE_conv2d

/* The x86-64 AVX-512 and AVX2 variants of qcc_depthwise_conv2d_s8 (same
 * weights, same results; runtime/kernels/x86_kernels.h). */

/* The AArch64 NEON variant of qcc_depthwise_conv2d_s8 (same weights, same
 * results; runtime/kernels/depthwise_neon.c). */

/* out[r][c] over `rows` x `depth` input and weights [cols][depth], with the
 * folded bias and per-column output stage of qcc_conv2d_s8. */
typedef struct {
  int32_t rows, depth, cols;
  int32_t input_zero_point, weight_zero_point;
  int32_t output_zero_point, output_min, output_max, rounding;
} qcc_fully_connected_desc;

#define QCC_SIGNATURE_fully_connected(name, scratch)                           \
  void name(const qcc_fully_connected_desc *d, QCC_PER_CHANNEL(weights),       \
            const int8_t *input, int8_t *output QCC_SCRATCH_##scratch)

/* AArch64 +dotprod variants of the two kernels above and of the KxK
 * convolution below (runtime/kernels/gemm_dotprod.c); same results. Their
 * weights come in panels of 16 output channels, each in groups of kr = 4
 * depth values: packed[((p·G + g)·16 + c)·kr + t] = w[16p + c][kr·g + t],
 * G = ceil(depth / kr), zeros past the edges. The output zero point and
 * bounds must lie in [-128, 127] (as for every int8 output). */
/* Any window and groups, depth kh·kw·in_c/groups: `scratch` holds 4 window
 * rows of the depth rounded up to 8 bytes. Each group's out_c/groups
 * channels are packed as panels of their own (the depth of a group), one
 * group after another. */

/* x86-64 AVX-512 VNNI variants of the three kernels above
 * (runtime/kernels/gemm_vnni.c); same results. Weights as the +dotprod
 * variants take them (kr = 4), each byte xored with 0x80 (w + 128 as an
 * unsigned byte; padding too); the KxK one takes the same scratch. */

/* x86-64 AVX2 variants of the three kernels above
 * (runtime/kernels/gemm_avx2.c); same results, weights and scratch as the
 * +dotprod variants take them (kr = 4). */

/* Baseline-NEON variants of the three kernels above, for every AArch64 core
 * (runtime/kernels/gemm_mlal.c); same results, weights in panels of 16
 * channels by groups of kr = 16 depth values. The products of depth k and
 * k + 8 of a group share a 16-bit lane: no channel may have -128 at both. */

/* The same without that restriction (each 8 products widened on their
 * own); same weights. */

/* AArch64 +i8mm variants of the three kernels above
 * (runtime/kernels/gemm_i8mm.c); same results, weights in panels of 16
 * channels by groups of kr = 8 depth values. They pack 4 rows at a time in
 * pairs: `scratch` holds 4 rows of the depth rounded up to 8 bytes (for the
 * KxK one, after its 4 window rows: 8 rows in all). */

/* Batched out[b] = requant((lhs[b] - Z_l) · (rhs[b] - Z_r)), lhs M x K,
 * rhs K x N, both row major; batch b reads lhs + b·lhs_batch_stride (0
 * broadcasts one matrix). */
typedef struct {
  int32_t batch, m, k, n, lhs_batch_stride, rhs_batch_stride;
  int32_t lhs_zero_point, rhs_zero_point;
  qcc_requant_desc out;
} qcc_matmul_desc;

#define QCC_SIGNATURE_matmul(name, scratch) QCC_BINARY(qcc_matmul_desc, name)

/* The vectorized variants of qcc_matmul_s8, same results for zero points
 * and bounds of int8: AArch64 SMMLA (+i8mm), SDOT (+dotprod) and NEON
 * (matmul_neon.c),
 * x86-64 AVX-512 and AVX2 (x86_matmul.h), 4 rows by 16 columns at a time,
 * reading the rhs as it lies. */

/*===----------------------------------------------------------------------===
 * Elementwise
 *===----------------------------------------------------------------------===*/

/* Iteration over `dims` (row major) with an element stride per dimension for
 * each operand; stride 0 broadcasts. */
typedef struct {
  int32_t rank;
  int32_t dims[QCC_MAX_RANK];
  int32_t lhs_strides[QCC_MAX_RANK];
  int32_t rhs_strides[QCC_MAX_RANK];
} qcc_broadcast_desc;

/* qcc.qadd: both inputs rescaled to a common fine scale, summed, requantized. */
typedef struct {
  qcc_broadcast_desc shape;
  int32_t lhs_zero_point, rhs_zero_point, left_shift;
  int32_t lhs_multiplier, lhs_shift, rhs_multiplier, rhs_shift;
  qcc_requant_desc out;
} qcc_add_desc;

#define QCC_SIGNATURE_add(name, scratch) QCC_BINARY(qcc_add_desc, name)

/* The vectorized variants of add, mul, requantize and (NEON only) lookup:
 * AArch64 NEON (elementwise_neon.c) and x86-64 AVX-512 (with BW) and AVX2
 * (x86_elementwise.h). Same results as the portable kernels for zero
 * points and bounds of int8: add and mul take 16 elements at a time where
 * each operand is contiguous or broadcast along the innermost dimensions,
 * the rest as the portable ones. */

/* qcc.qmul: requant((a - Z_a)·(b - Z_b)). */
typedef struct {
  qcc_broadcast_desc shape;
  int32_t lhs_zero_point, rhs_zero_point;
  qcc_requant_desc out;
} qcc_mul_desc;

#define QCC_SIGNATURE_mul(name, scratch) QCC_BINARY(qcc_mul_desc, name)

/* out[i] = requant(in[i] - Z_in); may run in place. */
typedef struct {
  int32_t count, input_zero_point;
  qcc_requant_desc out;
} qcc_requantize_desc;

#define QCC_SIGNATURE_requantize(name, scratch)                                \
  QCC_UNARY(qcc_requantize_desc, name)

/* The element count of a kernel that needs nothing else. */
typedef struct {
  int32_t count;
} qcc_count_desc;

/* out[i] = table[in[i] + 128]; may run in place. */
#define QCC_SIGNATURE_lookup(name, scratch)                                    \
  void name(const qcc_count_desc *d, const int8_t *table,                      \
            const int8_t *input, int8_t *output)

/* Softmax along rows of `row_length`, by a Q16 exp table indexed by
 * 255 + q - max (qcc.qsoftmax); outputs are output_min + 256ths. */
typedef struct {
  int32_t rows, row_length, output_min, output_max;
} qcc_softmax_desc;

#define QCC_SIGNATURE_softmax(name, scratch)                                   \
  void name(const qcc_softmax_desc *d, const int32_t *exp_table,               \
            const int8_t *input, int8_t *output)

/* The vectorized variants, AArch64 NEON (elementwise_neon.c) and x86-64
 * AVX-512 and AVX2 (x86_elementwise.h): the divisions in exact double
 * arithmetic, 16 elements at a time; same results. */

/* Layer normalization of `rows` rows of `length` (qcc.qlayer_norm): per
 * row, d = length·(q - Z) - Σ(q - Z), s = isqrt(Σd² + epsilon), t =
 * round(d·2^16 / s), out[i] = requant[i](signs[i]·t + bias[i]) with the
 * per-channel multiplier[i], shift[i]. epsilon is the int64
 * epsilon_hi·2^32 + (uint32)epsilon_lo. */
typedef struct {
  int32_t rows, length, input_zero_point, epsilon_lo, epsilon_hi;
  int32_t output_zero_point, output_min, output_max, rounding;
} qcc_layer_norm_desc;

#define QCC_SIGNATURE_layer_norm(name, scratch)                                \
  void name(const qcc_layer_norm_desc *d, QCC_PER_CHANNEL(signs),              \
            const int8_t *input, int8_t *output)

/* The vectorized variants, AArch64 NEON (elementwise_neon.c) and x86-64
 * AVX-512 and AVX2 (x86_elementwise.h): the divisions in exact double
 * arithmetic, the per-channel stage 16 elements at a time; same results. */

/* out[i] = in[i] ^ 0x80: uint8 storage to int8 storage and back; may run
 * in place. */
#define QCC_SIGNATURE_flip_sign(name, scratch) QCC_UNARY(qcc_count_desc, name)

/*===----------------------------------------------------------------------===
 * Pooling
 *===----------------------------------------------------------------------===*/

/* NHWC pooling windows; padded positions never count for max pooling, and
 * count for average pooling only with count_include_pad. */
typedef struct {
  int32_t batch, in_h, in_w, channels, out_h, out_w;
  int32_t kernel_h, kernel_w, stride_h, stride_w, pad_top, pad_left;
  int32_t count_include_pad, input_zero_point;
  qcc_requant_desc out;
} qcc_pool_desc;

#define QCC_SIGNATURE_max_pool(name, scratch) QCC_UNARY(qcc_pool_desc, name)
#define QCC_SIGNATURE_avg_pool(name, scratch) QCC_UNARY(qcc_pool_desc, name)

/* The vectorized variants of the pools, same results: AArch64 NEON
 * (pool_neon.c), x86-64 AVX-512 and AVX2 (x86_pool.h), 16 channels at a
 * time. */

/* requant(Σ over the `plane` positions of (q - Z_in)) per batch and channel. */
typedef struct {
  int32_t batch, plane, channels, input_zero_point;
  qcc_requant_desc out;
} qcc_global_avg_pool_desc;

#define QCC_SIGNATURE_global_avg_pool(name, scratch)                           \
  QCC_UNARY(qcc_global_avg_pool_desc, name)

/*===----------------------------------------------------------------------===
 * Layout
 *===----------------------------------------------------------------------===*/

/* out[i] = in[offset + Σ_d i_d·strides[d]] for the multi-index i over dims:
 * transpose, strided slice and copy are all this gather. */
typedef struct {
  int32_t rank, offset;
  int32_t dims[QCC_MAX_RANK];
  int32_t strides[QCC_MAX_RANK];
} qcc_gather_desc;

#define QCC_SIGNATURE_gather(name, scratch) QCC_UNARY(qcc_gather_desc, name)

/* Constant padding: fills `output_size` bytes with `value`, then writes the
 * input (multi-index i over dims) to out[offset + Σ_d i_d·strides[d]]. */
typedef struct {
  int32_t output_size, value, rank, offset;
  int32_t dims[QCC_MAX_RANK];
  int32_t strides[QCC_MAX_RANK];
} qcc_pad_desc;

#define QCC_SIGNATURE_pad(name, scratch) QCC_UNARY(qcc_pad_desc, name)

/* One input of a concatenation: `outer` blocks of `inner` elements, block j
 * written at output + offset + j·output_stride, each element requantized
 * unless `identity`. */
typedef struct {
  int32_t outer, inner, output_stride, offset, identity, input_zero_point;
  qcc_requant_desc out;
} qcc_concat_desc;

#define QCC_SIGNATURE_concat(name, scratch) QCC_UNARY(qcc_concat_desc, name)

/* The vectorized variants, for the requantized blocks: AArch64 NEON
 * (elementwise_neon.c), x86-64 AVX-512 and AVX2 (x86_elementwise.h). */

/*===----------------------------------------------------------------------===
 * The kernels
 *===----------------------------------------------------------------------===*/

#define QCC_DECLARE_KERNEL(operation, symbol, source, features, layout,        \
                           scratch_rows, paired, unsigned_weights)             \
  QCC_SIGNATURE_##operation(symbol, scratch_rows);
QCC_KERNEL_LIST(QCC_DECLARE_KERNEL)
#undef QCC_DECLARE_KERNEL

#ifdef __cplusplus
}
#endif

#endif /* QCC_KERNELS_H */
