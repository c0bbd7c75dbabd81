/*===- elementwise_neon.c - Elementwise kernels in AArch64 NEON ----*- C -*-===//
//
// This file defines the NEON variants of add, mul, requantize (and the
// requantized blocks of a concatenation), layer normalization, softmax and
// table lookup, 16 elements at a time. Add and
// mul take the runs of their broadcast walk (qcc_run_walk) in which each
// operand is contiguous or broadcast — same-shape operands, a scalar, a
// per-channel vector — with the output stage of gemm_neon.h; other runs
// and the last elements of a run take the portable definition. Layer norm
// and softmax divide by their rows' divisors in exact double arithmetic
// (qcc_scaled_divide2). The lookup is four 64-byte TBL and TBX steps over
// the 256-byte table. Results are the portable kernels', for zero points
// and bounds of int8 (as every int8 tensor has). Without NEON the file is
// empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "divide_neon.h"
#include "gemm_neon.h"

/* 16 operand bytes from p: loaded, or for a broadcast operand (step 0) the
 * one at p in every lane. */
QCC_ALWAYS_INLINE int8x16_t qcc_load_run(const int8_t *p, int32_t step) {
  return step ? vld1q_s8(p) : vdupq_n_s8(*p);
}

/* q - Z of 16 int8, in two int16x8. */
QCC_ALWAYS_INLINE void qcc_sub_zero(int8x16_t q, int8x8_t zero,
                                    int16x8_t x[2]) {
  x[0] = vsubl_s8(vget_low_s8(q), zero);
  x[1] = vsubl_high_s8(q, vcombine_s8(zero, zero));
}

/*===--- add --------------------------------------------------------------===*/

/* One operand of an add for 16 elements: sat_shl(q - Z, left_shift)·M. */
QCC_ALWAYS_INLINE void qcc_add_operand(int stage, int8x16_t q, int8x8_t zero,
                                       int32x4_t left_shift, int32x4_t m,
                                       int32x4_t left, int32x4_t right,
                                       int32x4_t x[4]) {
  int16x8_t v[2];
  int j;
  qcc_sub_zero(q, zero, v);
  for (j = 0; j < 2; ++j) {
    x[2 * j] = qcc_scale(
        stage, vqshlq_s32(vmovl_s16(vget_low_s16(v[j])), left_shift), m, left,
        right);
    x[2 * j + 1] = qcc_scale(
        stage, vqshlq_s32(vmovl_high_s16(v[j]), left_shift), m, left, right);
  }
}

/* An add whose operands and output stage share one stage kind. */
QCC_ALWAYS_INLINE void qcc_add_vector(int stage, const qcc_add_desc *d,
                                      const int8_t *lhs, const int8_t *rhs,
                                      int8_t *output) {
  const int8x8_t lhs_zero = vdup_n_s8((int8_t)d->lhs_zero_point);
  const int8x8_t rhs_zero = vdup_n_s8((int8_t)d->rhs_zero_point);
  const int32x4_t left_shift =
      vdupq_n_s32(qcc_internal_clamp_int(d->left_shift, 0, 31));
  const int32x4_t lhs_m = vdupq_n_s32(d->lhs_multiplier);
  const int32x4_t rhs_m = vdupq_n_s32(d->rhs_multiplier);
  int32x4_t lhs_left, lhs_right, rhs_left, rhs_right, m[4], left[4], right[4];
  /* In locals: the stores could alias the descriptor. */
  const int32_t zero_point = d->out.zero_point, min = d->out.min,
                max = d->out.max;
  qcc_stage_shifts(stage, vdupq_n_s32(d->lhs_shift), &lhs_left, &lhs_right);
  qcc_stage_shifts(stage, vdupq_n_s32(d->rhs_shift), &rhs_left, &rhs_right);
  qcc_tensor_stage(stage, &d->out, m, left, right);
  QCC_FOR_EACH_RUN_16(d, lhs, rhs, output, 1, qcc_add_run,
    int32x4_t x[4], y[4];
    int j;
    qcc_add_operand(stage, qcc_load_run(a, a_step), lhs_zero, left_shift,
                    lhs_m, lhs_left, lhs_right, x);
    qcc_add_operand(stage, qcc_load_run(b, b_step), rhs_zero, left_shift,
                    rhs_m, rhs_left, rhs_right, y);
    for (j = 0; j < 4; ++j)
      x[j] = vqaddq_s32(x[j], y[j]);
    vst1q_s8(out,
             qcc_stage_16(stage, x, m, left, right, zero_point, min, max));
  );
}

/* qcc_add_s8 with NEON (shifts as qcc_mul clamps them). Compiled once: the
 * entry passes it a copy of its descriptor, so that specializing calls on
 * constant descriptors (qcc's LLVM emitter) copies only the entry. */
static __attribute__((noinline)) void qcc_add_body(const qcc_add_desc *d,
                                                   const int8_t *lhs,
                                                   const int8_t *rhs,
                                                   int8_t *output) {
  QCC_WITH_STAGE_KIND(
      qcc_stage_kind(d->out.rounding, qcc_in_range(d->lhs_shift, 1, 31) &&
                                          qcc_in_range(d->rhs_shift, 1, 31) &&
                                          qcc_in_range(d->out.shift, 1, 31)),
      qcc_add_vector, d, lhs, rhs, output);
}

void qcc_add_s8_neon(const qcc_add_desc *d, const int8_t *lhs,
                     const int8_t *rhs, int8_t *output) {
  qcc_add_desc copy = *d;
  qcc_add_body(&copy, lhs, rhs, output);
}

/*===--- mul --------------------------------------------------------------===*/

QCC_ALWAYS_INLINE void qcc_mul_vector(int stage, const qcc_mul_desc *d,
                                      const int8_t *lhs, const int8_t *rhs,
                                      int8_t *output) {
  const int8x8_t lhs_zero = vdup_n_s8((int8_t)d->lhs_zero_point);
  const int8x8_t rhs_zero = vdup_n_s8((int8_t)d->rhs_zero_point);
  int32x4_t m[4], left[4], right[4];
  /* In locals: the stores could alias the descriptor. */
  const int32_t zero_point = d->out.zero_point, min = d->out.min,
                max = d->out.max;
  qcc_tensor_stage(stage, &d->out, m, left, right);
  QCC_FOR_EACH_RUN_16(d, lhs, rhs, output, 1, qcc_mul_run,
    int16x8_t x[2], y[2];
    int32x4_t p[4];
    int j;
    qcc_sub_zero(qcc_load_run(a, a_step), lhs_zero, x);
    qcc_sub_zero(qcc_load_run(b, b_step), rhs_zero, y);
    for (j = 0; j < 2; ++j) { /* |(a - Z_a)·(b - Z_b)| <= 255² */
      p[2 * j] = vmull_s16(vget_low_s16(x[j]), vget_low_s16(y[j]));
      p[2 * j + 1] = vmull_high_s16(x[j], y[j]);
    }
    vst1q_s8(out,
             qcc_stage_16(stage, p, m, left, right, zero_point, min, max));
  );
}

/* qcc_mul_s8 with NEON, compiled once (see qcc_add_body). */
static __attribute__((noinline)) void qcc_mul_body(const qcc_mul_desc *d,
                                                   const int8_t *lhs,
                                                   const int8_t *rhs,
                                                   int8_t *output) {
  QCC_WITH_STAGE_KIND(qcc_tensor_stage_kind(&d->out), qcc_mul_vector, d, lhs,
                      rhs, output);
}

void qcc_mul_s8_neon(const qcc_mul_desc *d, const int8_t *lhs,
                     const int8_t *rhs, int8_t *output) {
  qcc_mul_desc copy = *d;
  qcc_mul_body(&copy, lhs, rhs, output);
}

/*===--- requantize -------------------------------------------------------===*/

QCC_ALWAYS_INLINE void qcc_requantize_vector(int stage,
                                             const qcc_requantize_desc *d,
                                             const int8_t *input,
                                             int8_t *output) {
  const int8x8_t zero = vdup_n_s8((int8_t)d->input_zero_point);
  /* In locals: the stores could alias the descriptor. */
  const int32_t count = d->count, zero_point = d->out.zero_point,
                min = d->out.min, max = d->out.max;
  int32x4_t m[4], left[4], right[4];
  int32_t i = 0, j;
  qcc_tensor_stage(stage, &d->out, m, left, right);
  for (; i + 16 <= count; i += 16) {
    int16x8_t x[2];
    int32x4_t v[4];
    qcc_sub_zero(vld1q_s8(input + i), zero, x);
    for (j = 0; j < 2; ++j) {
      v[2 * j] = vmovl_s16(vget_low_s16(x[j]));
      v[2 * j + 1] = vmovl_high_s16(x[j]);
    }
    vst1q_s8(output + i,
             qcc_stage_16(stage, v, m, left, right, zero_point, min, max));
  }
  qcc_requantize_tail(d, input, output, i);
}

/* qcc_requantize_s8 with NEON. */
QCC_DEFINE_NEON_STAGE_ENTRY(qcc_requantize, qcc_requantize_desc,
                            qcc_requantize_vector)

/*===--- concat -----------------------------------------------------------===*/

void qcc_concat_s8_neon(const qcc_concat_desc *d, const int8_t *input,
                        int8_t *output) {
  qcc_concat_blocks(d, input, output, qcc_requantize_body);
}

/*===--- layer norm -------------------------------------------------------===*/

/* Σx and Σx² of a row's x = q - Z (Z of int8, length <= 32768, so that
 * no 32-bit lane overflows), 16 at a time and the rest one by one. */
static void qcc_layer_norm_sums(const int8_t *q, int32_t length, int32_t zero,
                                int64_t *sum, uint64_t *squares) {
  const int8x8_t z = vdup_n_s8((int8_t)zero);
  int32x4_t sums = vdupq_n_s32(0), sq = vdupq_n_s32(0);
  int64_t s1;
  uint64_t s2;
  int32_t k = 0, j;
  for (; k + 16 <= length; k += 16) {
    int16x8_t x[2];
    qcc_sub_zero(vld1q_s8(q + k), z, x);
    for (j = 0; j < 2; ++j) {
      sums = vpadalq_s16(sums, x[j]);
      sq = vmlal_s16(sq, vget_low_s16(x[j]), vget_low_s16(x[j]));
      sq = vmlal_high_s16(sq, x[j], x[j]);
    }
  }
  s1 = vaddlvq_s32(sums);
  s2 = (uint64_t)vaddlvq_u32(vreinterpretq_u32_s32(sq));
  for (; k < length; ++k) {
    const int64_t x = q[k] - zero;
    s1 += x;
    s2 += (uint64_t)(x * x);
  }
  *sum = s1;
  *squares = s2;
}

/* The 16 elements of a row from k: dev = length·x - Σx in int32 (|dev| <=
 * 2·255·length), t = the rounded dev·65536 / s (|t| <= 65536, as s >= |dev|),
 * signs·t + bias saturated, and the per-channel stage. */
QCC_ALWAYS_INLINE int8x16_t qcc_layer_norm_16(
    int stage, const qcc_layer_norm_desc *d, const int8_t *signs,
    const int32_t *bias, const int32_t *multiplier, const int32_t *shift,
    const int8_t *q, int32_t k, int32_t sum, float64x2_t s,
    float64x2_t half) {
  const int8x16_t sign_bytes = vld1q_s8(signs + k);
  const int16x8_t sign16[2] = {vmovl_s8(vget_low_s8(sign_bytes)),
                               vmovl_high_s8(sign_bytes)};
  int16x8_t x[2];
  int32x4_t v[4], m[4], left[4], right[4];
  int j;
  qcc_sub_zero(vld1q_s8(q + k), vdup_n_s8((int8_t)d->input_zero_point), x);
  for (j = 0; j < 4; ++j) {
    const int32x4_t xj = j & 1 ? vmovl_high_s16(x[j / 2])
                               : vmovl_s16(vget_low_s16(x[j / 2]));
    const int32x4_t sign = j & 1 ? vmovl_high_s16(sign16[j / 2])
                                 : vmovl_s16(vget_low_s16(sign16[j / 2]));
    const int32x4_t dev = vsubq_s32(vmulq_n_s32(xj, d->length),
                                    vdupq_n_s32(sum));
    const int32x4_t t = qcc_scaled_divide4(dev, 65536.0, s, half);
    v[j] = vqaddq_s32(vmulq_s32(sign, t), vld1q_s32(bias + k + 4 * j));
    m[j] = vld1q_s32(multiplier + k + 4 * j);
    qcc_stage_shifts(stage, vld1q_s32(shift + k + 4 * j), &left[j],
                     &right[j]);
  }
  return qcc_stage_16(stage, v, m, left, right, d->output_zero_point,
                      d->output_min, d->output_max);
}

/* qcc_layer_norm_s8 with NEON where Z is of int8, the length at most 32768
 * and qcc_layer_norm_row allows; the other rows and each row's last
 * elements as the portable kernel. Compiled once (see qcc_add_body). */
static __attribute__((noinline)) void
qcc_layer_norm_body(const qcc_layer_norm_desc *d, const int8_t *signs,
                    const int32_t *bias, const int32_t *multiplier,
                    const int32_t *shift, const int8_t *input,
                    int8_t *output) {
  const int32_t length = d->length, zero = d->input_zero_point;
  int32_t r, k;
  if (!qcc_in_range(zero, -128, 127) || !qcc_in_range(length, 1, 32768)) {
    qcc_layer_norm_s8(d, signs, bias, multiplier, shift, input, output);
    return;
  }
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * length;
    int8_t *out = output + r * length;
    int64_t sum, s;
    uint64_t sum_squares;
    qcc_layer_norm_sums(q, length, zero, &sum, &sum_squares);
    k = 0;
    if (qcc_layer_norm_row(d, sum, sum_squares, &s)) {
      const float64x2_t divisor = vdupq_n_f64((double)s);
      const float64x2_t half = vdupq_n_f64((double)(s / 2));
      for (; k + 16 <= length; k += 16)
        vst1q_s8(out + k,
                 d->rounding == QCC_ROUND_SINGLE
                     ? qcc_layer_norm_16(QCC_STAGE_SINGLE, d, signs, bias,
                                         multiplier, shift, q, k,
                                         (int32_t)sum, divisor, half)
                     : qcc_layer_norm_16(QCC_STAGE_DOUBLE, d, signs, bias,
                                         multiplier, shift, q, k,
                                         (int32_t)sum, divisor, half));
    }
    for (; k < length; ++k)
      out[k] = qcc_layer_norm_one(d, signs, bias, multiplier, shift,
                                  (int64_t)length * (q[k] - zero) - sum, s, k);
  }
}

void qcc_layer_norm_s8_neon(const qcc_layer_norm_desc *d, const int8_t *signs,
                            const int32_t *bias, const int32_t *multiplier,
                            const int32_t *shift, const int8_t *input,
                            int8_t *output) {
  qcc_layer_norm_desc copy = *d;
  qcc_layer_norm_body(&copy, signs, bias, multiplier, shift, input, output);
}

/*===--- softmax ----------------------------------------------------------===*/

/* qcc_softmax_s8 with NEON: each row's maximum 16 values at a time, the
 * sum of its exp-table values one at a time (the table reads are
 * gathers), and the outputs output_min + floor((e·256 + floor(sum/2)) /
 * sum) 16 at a time by qcc_scaled_divide2, exact while the numerator
 * stays below 2^53 - sum, which rows of at most 2^20 values of a table of
 * int32 >= 0 guarantee (sum < 2^51). Other rows, tables with negative
 * entries and each row's last elements as the portable kernel. Compiled
 * once (see qcc_add_body). */
static __attribute__((noinline)) void
qcc_softmax_body(const qcc_softmax_desc *d, const int32_t *exp_table,
                 const int8_t *input, int8_t *output) {
  const int32_t length = d->row_length;
  const int vectors = qcc_softmax_table_ok(exp_table) &&
                      qcc_in_range(length, 1, 1 << 20);
  int32_t r, k, i;
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * length;
    int8_t *out = output + r * length;
    int8x16_t max16 = vdupq_n_s8(-128);
    int32_t max;
    int64_t sum = 0;
    for (k = 0; k + 16 <= length; k += 16)
      max16 = vmaxq_s8(max16, vld1q_s8(q + k));
    max = vmaxvq_s8(max16);
    for (; k < length; ++k)
      max = q[k] > max ? q[k] : max;
    for (k = 0; k < length; ++k)
      sum += exp_table[255 + q[k] - max];
    k = 0;
    if (vectors && sum > 0) {
      const float64x2_t divisor = vdupq_n_f64((double)sum);
      const float64x2_t half = vdupq_n_f64((double)(sum / 2));
      const int16x8_t low = vdupq_n_s16((int16_t)d->output_min);
      const int8x16_t high = vdupq_n_s8((int8_t)d->output_max);
      for (; k + 16 <= length; k += 16) {
        int32_t e[16];
        int16x8_t v[2];
        for (i = 0; i < 16; ++i)
          e[i] = exp_table[255 + q[k + i] - max];
        for (i = 0; i < 2; ++i) /* quotients in [0, 256] */
          v[i] = vaddq_s16(
              low, vcombine_s16(
                       vmovn_s32(qcc_scaled_divide4(vld1q_s32(e + 8 * i), 256.0,
                                                    divisor, half)),
                       vmovn_s32(qcc_scaled_divide4(vld1q_s32(e + 8 * i + 4),
                                                    256.0, divisor, half))));
        vst1q_s8(out + k,
                 vminq_s8(vcombine_s8(vqmovn_s16(v[0]), vqmovn_s16(v[1])),
                          high));
      }
    }
    for (; k < length; ++k)
      out[k] = qcc_softmax_one(d, exp_table[255 + q[k] - max], sum);
  }
}

void qcc_softmax_s8_neon(const qcc_softmax_desc *d, const int32_t *exp_table,
                         const int8_t *input, int8_t *output) {
  qcc_softmax_desc copy = *d;
  qcc_softmax_body(&copy, exp_table, input, output);
}

/*===--- lookup -----------------------------------------------------------===*/

void qcc_lookup_s8_neon(const qcc_count_desc *d, const int8_t *table,
                        const int8_t *input, int8_t *output) {
  const uint8_t *t = (const uint8_t *)table;
  const uint8x16x4_t t0 = vld1q_u8_x4(t), t1 = vld1q_u8_x4(t + 64),
                     t2 = vld1q_u8_x4(t + 128), t3 = vld1q_u8_x4(t + 192);
  const uint8x16_t quarter = vdupq_n_u8(64);
  const int32_t count = d->count; /* see qcc_flip_sign_s8 */
  int32_t i = 0;
  for (; i + 16 <= count; i += 16) {
    /* The table index in + 128; TBX keeps lanes whose index is past its
     * 64 bytes. */
    uint8x16_t index =
        veorq_u8(vld1q_u8((const uint8_t *)input + i), vdupq_n_u8(0x80));
    uint8x16_t v = vqtbl4q_u8(t0, index);
    index = vsubq_u8(index, quarter);
    v = vqtbx4q_u8(v, t1, index);
    index = vsubq_u8(index, quarter);
    v = vqtbx4q_u8(v, t2, index);
    index = vsubq_u8(index, quarter);
    v = vqtbx4q_u8(v, t3, index);
    vst1q_u8((uint8_t *)output + i, v);
  }
  for (; i < count; ++i)
    output[i] = table[input[i] + 128];
}

#endif
