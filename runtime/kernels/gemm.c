/*===- gemm.c - Portable fully-connected and matmul kernels --------*- C -*-===//
//
// This file defines the scalar matrix products: fully connected (constant,
// packed weights with a folded bias) and matmul (two activations, as in
// attention, whose zero-point terms are computed at run time).
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

void qcc_fully_connected_s8(const qcc_fully_connected_desc *d,
                            const int8_t *weights, const int32_t *bias,
                            const int32_t *multiplier, const int32_t *shift,
                            const int8_t *input, int8_t *output) {
  int32_t r, c, k;
  for (r = 0; r < d->rows; ++r) {
    const int8_t *in = input + r * d->depth;
    for (c = 0; c < d->cols; ++c) {
      const int8_t *w = weights + c * d->depth;
      int64_t acc = 0, sum = 0;
      for (k = 0; k < d->depth; ++k) {
        acc += in[k] * w[k];
        sum += in[k];
      }
      acc += bias[c] - (int64_t)d->weight_zero_point * sum;
      output[r * d->cols + c] = (int8_t)qcc_requantize(
          qcc_wrap_s32(acc), multiplier[c], shift[c], d->output_zero_point,
          d->output_min, d->output_max, d->rounding);
    }
  }
}

void qcc_matmul_s8(const qcc_matmul_desc *d, const int8_t *lhs,
                   const int8_t *rhs, int8_t *output) {
  int32_t b, i, j;
  for (b = 0; b < d->batch; ++b)
    for (i = 0; i < d->m; ++i)
      for (j = 0; j < d->n; ++j)
        output[(b * d->m + i) * d->n + j] =
            qcc_matmul_one(d, lhs + b * d->lhs_batch_stride,
                           rhs + b * d->rhs_batch_stride, i, j);
}
