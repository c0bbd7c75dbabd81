/*===- elementwise.c - Portable elementwise kernels ----------------*- C -*-===//
//
// This file defines the scalar elementwise kernels: add and mul with
// broadcasting and rescale, requantize, table lookup, softmax, layer
// normalization and the uint8/int8 storage flip. Add and mul walk their
// broadcasts in runs (qcc_run_walk), which the vectorized variants
// (elementwise_neon.c, x86_elementwise.h) take 16 elements at a time.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

void qcc_add_s8(const qcc_add_desc *d, const int8_t *lhs, const int8_t *rhs,
                int8_t *output) {
  qcc_run_walk w;
  for (qcc_run_walk_start(&w, &d->shape); w.run < w.runs;
       qcc_run_walk_next(&w, &d->shape))
    qcc_add_run(d, &w, lhs, rhs, output, 0);
}

void qcc_mul_s8(const qcc_mul_desc *d, const int8_t *lhs, const int8_t *rhs,
                int8_t *output) {
  qcc_run_walk w;
  for (qcc_run_walk_start(&w, &d->shape); w.run < w.runs;
       qcc_run_walk_next(&w, &d->shape))
    qcc_mul_run(d, &w, lhs, rhs, output, 0);
}

void qcc_requantize_s8(const qcc_requantize_desc *d, const int8_t *input,
                       int8_t *output) {
  /* The descriptor in a local (see qcc_flip_sign_s8). */
  const qcc_requantize_desc desc = *d;
  qcc_requantize_tail(&desc, input, output, 0);
}

void qcc_lookup_s8(const qcc_count_desc *d, const int8_t *table,
                   const int8_t *input, int8_t *output) {
  const int32_t count = d->count; /* see qcc_flip_sign_s8 */
  int32_t i;
  for (i = 0; i < count; ++i)
    output[i] = table[input[i] + 128];
}

void qcc_softmax_s8(const qcc_softmax_desc *d, const int32_t *exp_table,
                    const int8_t *input, int8_t *output) {
  int32_t r, k;
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * d->row_length;
    int8_t *out = output + r * d->row_length;
    int32_t max = -128;
    int64_t sum = 0;
    for (k = 0; k < d->row_length; ++k)
      max = q[k] > max ? q[k] : max;
    for (k = 0; k < d->row_length; ++k)
      sum += exp_table[255 + q[k] - max];
    for (k = 0; k < d->row_length; ++k)
      out[k] = qcc_softmax_one(d, exp_table[255 + q[k] - max], sum);
  }
}

void qcc_layer_norm_s8(const qcc_layer_norm_desc *d, const int8_t *signs,
                       const int32_t *bias, const int32_t *multiplier,
                       const int32_t *shift, const int8_t *input,
                       int8_t *output) {
  const int64_t n = d->length;
  int32_t r, k;
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * d->length;
    int8_t *out = output + r * d->length;
    int64_t sum = 0, s;
    uint64_t squares = 0;
    for (k = 0; k < d->length; ++k)
      sum += q[k] - d->input_zero_point;
    for (k = 0; k < d->length; ++k) {
      int64_t dev = n * (q[k] - d->input_zero_point) - sum;
      squares += (uint64_t)(dev * dev);
    }
    s = qcc_layer_norm_divisor(d, squares);
    for (k = 0; k < d->length; ++k)
      out[k] = qcc_layer_norm_one(d, signs, bias, multiplier, shift,
                                  n * (q[k] - d->input_zero_point) - sum, s,
                                  k);
  }
}

void qcc_flip_sign_s8(const qcc_count_desc *d, const int8_t *input,
                      int8_t *output) {
  /* The count in a local: a store through `out` might change d->count,
   * which would keep compilers from vectorizing the loop. */
  const int32_t count = d->count;
  const uint8_t *in = (const uint8_t *)input;
  uint8_t *out = (uint8_t *)output;
  int32_t i;
  for (i = 0; i < count; ++i)
    out[i] = (uint8_t)(in[i] ^ 0x80u);
}
