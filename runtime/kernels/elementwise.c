/*===- elementwise.c - Portable elementwise kernels ----------------*- C -*-===//
//
// This file defines the scalar elementwise kernels: add and mul with
// broadcasting and rescale, requantize, table lookup, softmax, layer
// normalization and the uint8/int8 storage flip; and, on AArch64, the NEON
// add for same-shape operands (the residual adds), whose other cases fall
// back to the scalar add here (the x86-64 adds are in x86_kernels.h).
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

void qcc_add_s8(const qcc_add_desc *d, const int8_t *lhs, const int8_t *rhs,
                int8_t *output) {
  const qcc_broadcast_desc *s = &d->shape;
  int32_t index[QCC_MAX_RANK] = {0};
  int32_t count = qcc_internal_count(s->rank, s->dims), i;
  for (i = 0; i < count; ++i) {
    output[i] =
        qcc_add_one(d, lhs[qcc_internal_offset(s->rank, index, s->lhs_strides)],
                    rhs[qcc_internal_offset(s->rank, index, s->rhs_strides)]);
    qcc_internal_next(s->rank, s->dims, index);
  }
}

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "gemm_neon.h"

/* One operand of an add for 16 elements: sat_shl(q - Z, left_shift)·M. */
QCC_ALWAYS_INLINE void qcc_add_operand(int stage, int8x16_t q, int8x8_t zero,
                                       int32x4_t left_shift, int32x4_t m,
                                       int32x4_t left, int32x4_t right,
                                       int32x4_t x[4]) {
  const int16x8_t lo = vsubl_s8(vget_low_s8(q), zero);
  const int16x8_t hi = vsubl_high_s8(q, vcombine_s8(zero, zero));
  x[0] = qcc_scale(stage, vqshlq_s32(vmovl_s16(vget_low_s16(lo)), left_shift),
                   m, left, right);
  x[1] = qcc_scale(stage, vqshlq_s32(vmovl_high_s16(lo), left_shift), m, left,
                   right);
  x[2] = qcc_scale(stage, vqshlq_s32(vmovl_s16(vget_low_s16(hi)), left_shift),
                   m, left, right);
  x[3] = qcc_scale(stage, vqshlq_s32(vmovl_high_s16(hi), left_shift), m, left,
                   right);
}

/* The elements [0, count) of a same-shape add, 16 at a time; returns how
 * many it did. Operands and output stage share one stage kind. */
QCC_ALWAYS_INLINE int32_t qcc_add_vector(int stage, const qcc_add_desc *d,
                                         const int8_t *lhs, const int8_t *rhs,
                                         int8_t *output, int32_t count) {
  const int8x8_t lhs_zero = vdup_n_s8((int8_t)d->lhs_zero_point);
  const int8x8_t rhs_zero = vdup_n_s8((int8_t)d->rhs_zero_point);
  const int32x4_t left_shift =
      vdupq_n_s32(qcc_internal_clamp_int(d->left_shift, 0, 31));
  const int32x4_t lhs_m = vdupq_n_s32(d->lhs_multiplier);
  const int32x4_t rhs_m = vdupq_n_s32(d->rhs_multiplier);
  const int32_t zero_point = d->out.zero_point, min = d->out.min,
                max = d->out.max;
  int32x4_t lhs_left, lhs_right, rhs_left, rhs_right, out_m[4], out_left[4],
      out_right[4];
  int32_t i, j;
  qcc_stage_shifts(stage, vdupq_n_s32(d->lhs_shift), &lhs_left, &lhs_right);
  qcc_stage_shifts(stage, vdupq_n_s32(d->rhs_shift), &rhs_left, &rhs_right);
  for (j = 0; j < 4; ++j) {
    out_m[j] = vdupq_n_s32(d->out.multiplier);
    qcc_stage_shifts(stage, vdupq_n_s32(d->out.shift), &out_left[j],
                     &out_right[j]);
  }
  for (i = 0; i + 16 <= count; i += 16) {
    int32x4_t x[4], y[4];
    qcc_add_operand(stage, vld1q_s8(lhs + i), lhs_zero, left_shift, lhs_m,
                    lhs_left, lhs_right, x);
    qcc_add_operand(stage, vld1q_s8(rhs + i), rhs_zero, left_shift, rhs_m,
                    rhs_left, rhs_right, y);
    for (j = 0; j < 4; ++j)
      x[j] = vqaddq_s32(x[j], y[j]);
    vst1q_s8(output + i, qcc_stage_16(stage, x, out_m, out_left, out_right,
                                      zero_point, min, max));
  }
  return i;
}

/* qcc_add_s8 with NEON: same-shape adds 16 elements at a time (zero points
 * and bounds of int8, shifts as qcc_mul clamps them); broadcasts and the
 * last elements take the portable definition. Compiled once: the entry
 * passes it a copy of its descriptor, so that specializing calls on constant
 * descriptors (qcc's LLVM emitter) copies only the entry. */
static __attribute__((noinline)) void qcc_add_body(const qcc_add_desc *d,
                                                   const int8_t *lhs,
                                                   const int8_t *rhs,
                                                   int8_t *output) {
  const qcc_broadcast_desc *s = &d->shape;
  const int32_t count = qcc_internal_count(s->rank, s->dims);
  int32_t done = 0, i;
  if (!qcc_same_shape(s)) {
    qcc_add_s8(d, lhs, rhs, output);
    return;
  }
  if (d->out.rounding == QCC_ROUND_SINGLE)
    done = qcc_add_vector(QCC_STAGE_SINGLE, d, lhs, rhs, output, count);
  else if (qcc_in_range(d->lhs_shift, 1, 31) &&
           qcc_in_range(d->rhs_shift, 1, 31) &&
           qcc_in_range(d->out.shift, 1, 31))
    done = qcc_add_vector(QCC_STAGE_RIGHT, d, lhs, rhs, output, count);
  else
    done = qcc_add_vector(QCC_STAGE_DOUBLE, d, lhs, rhs, output, count);
  for (i = done; i < count; ++i)
    output[i] = qcc_add_one(d, lhs[i], rhs[i]);
}

void qcc_add_s8_neon(const qcc_add_desc *d, const int8_t *lhs,
                     const int8_t *rhs, int8_t *output) {
  qcc_add_desc copy = *d;
  qcc_add_body(&copy, lhs, rhs, output);
}

#endif

void qcc_mul_s8(const qcc_mul_desc *d, const int8_t *lhs, const int8_t *rhs,
                int8_t *output) {
  const qcc_broadcast_desc *s = &d->shape;
  int32_t index[QCC_MAX_RANK] = {0};
  int32_t count = qcc_internal_count(s->rank, s->dims), i;
  for (i = 0; i < count; ++i) {
    int32_t a = lhs[qcc_internal_offset(s->rank, index, s->lhs_strides)];
    int32_t b = rhs[qcc_internal_offset(s->rank, index, s->rhs_strides)];
    output[i] = qcc_internal_requant(
        &d->out, (a - d->lhs_zero_point) * (b - d->rhs_zero_point));
    qcc_internal_next(s->rank, s->dims, index);
  }
}

void qcc_requantize_s8(const qcc_requantize_desc *d, const int8_t *input,
                       int8_t *output) {
  /* The descriptor in a local (see qcc_flip_sign_s8). */
  const qcc_requantize_desc desc = *d;
  int32_t i;
  for (i = 0; i < desc.count; ++i)
    output[i] =
        qcc_internal_requant(&desc.out, input[i] - desc.input_zero_point);
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
    for (k = 0; k < d->row_length; ++k) {
      int64_t e = exp_table[255 + q[k] - max];
      int64_t v = d->output_min + (e * 256 + sum / 2) / sum;
      out[k] = (int8_t)(v < d->output_max ? v : d->output_max);
    }
  }
}

void qcc_layer_norm_s8(const qcc_layer_norm_desc *d, const int8_t *signs,
                       const int32_t *bias, const int32_t *multiplier,
                       const int32_t *shift, const int8_t *input,
                       int8_t *output) {
  const uint64_t epsilon =
      ((uint64_t)(uint32_t)d->epsilon_hi << 32) | (uint32_t)d->epsilon_lo;
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
    s = (int64_t)qcc_isqrt_u64(squares + epsilon);
    for (k = 0; k < d->length; ++k) {
      int64_t dev = n * (q[k] - d->input_zero_point) - sum;
      int64_t t = qcc_rounding_divide_s64(dev * 65536, s);
      out[k] = (int8_t)qcc_requantize(qcc_sat_s32(signs[k] * t + bias[k]),
                                      multiplier[k], shift[k],
                                      d->output_zero_point, d->output_min,
                                      d->output_max, d->rounding);
    }
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
