/*===- elementwise.c - Portable elementwise kernels ----------------*- C -*-===//
//
// This file defines the scalar elementwise kernels: add and mul with
// broadcasting and rescale, requantize, table lookup, softmax, layer
// normalization and the uint8/int8 storage flip; and the vector adds for
// same-shape operands (the residual adds): NEON on AArch64, AVX-512 on
// x86-64, whose other cases fall back to the scalar add here.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

/* One element of qcc.qadd. */
static int8_t qcc_add_one(const qcc_add_desc *d, int32_t a, int32_t b) {
  int32_t x = qcc_mul(qcc_sat_shl(a - d->lhs_zero_point, d->left_shift),
                      d->lhs_multiplier, d->lhs_shift, d->out.rounding);
  int32_t y = qcc_mul(qcc_sat_shl(b - d->rhs_zero_point, d->left_shift),
                      d->rhs_multiplier, d->rhs_shift, d->out.rounding);
  return qcc_internal_requant(&d->out, qcc_sat_add_s32(x, y));
}

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

/* Whether every operand of `s` walks row major without broadcasting, so
 * that element i of each is at offset i. */
static __attribute__((unused)) int
qcc_same_shape(const qcc_broadcast_desc *s) {
  int32_t stride = 1, d;
  for (d = s->rank - 1; d >= 0; --d) {
    if (s->dims[d] != 1 &&
        (s->lhs_strides[d] != stride || s->rhs_strides[d] != stride))
      return 0;
    stride *= s->dims[d];
  }
  return 1;
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

#if defined(__x86_64__) && defined(__AVX512F__)

#include "gemm_x86.h"

/* One operand of an add for 16 elements: ((q - Z) << left_shift)·M, with a
 * left shift that cannot saturate (see qcc_add_s8_avx512). */
QCC_ALWAYS_INLINE __m512i qcc_add_operand_x86(const int8_t *q, __m512i zero,
                                              __m512i left_shift, __m512i m,
                                              __m512i m_odd, __m512i n,
                                              __m512i n_less_1) {
  const __m512i x = _mm512_sub_epi32(
      _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)q)), zero);
  return qcc_scale_x86(_mm512_sllv_epi32(x, left_shift), m, m_odd, n,
                       n_less_1);
}

/* qcc_add_s8 with AVX-512: same-shape adds 16 elements at a time when every
 * shift is a right shift (the operands' in [0, 31], the output's in
 * [1, 31]) with double rounding and the left shift
 * is at most 22 (|q - Z| < 2^8, so neither the shift nor the sum of the two
 * scaled operands saturates); the rest as qcc_add_s8. Compiled once, as
 * the NEON one. */
static __attribute__((noinline)) void qcc_add_body(const qcc_add_desc *d,
                                                   const int8_t *lhs,
                                                   const int8_t *rhs,
                                                   int8_t *output) {
  const qcc_broadcast_desc *s = &d->shape;
  const int32_t count = qcc_internal_count(s->rank, s->dims);
  int32_t i = 0;
  if (!qcc_same_shape(s)) {
    qcc_add_s8(d, lhs, rhs, output);
    return;
  }
  if (d->out.rounding == QCC_ROUND_DOUBLE &&
      qcc_in_range(d->left_shift, 0, 22) &&
      qcc_in_range(d->lhs_shift, 0, 31) && qcc_in_range(d->rhs_shift, 0, 31) &&
      qcc_in_range(d->out.shift, 1, 31)) {
    const __m512i left_shift = _mm512_set1_epi32(d->left_shift);
    const __m512i lhs_zero = _mm512_set1_epi32(d->lhs_zero_point);
    const __m512i rhs_zero = _mm512_set1_epi32(d->rhs_zero_point);
    const __m512i lhs_m = _mm512_set1_epi32(d->lhs_multiplier);
    const __m512i rhs_m = _mm512_set1_epi32(d->rhs_multiplier);
    const __m512i lhs_n = _mm512_set1_epi32(d->lhs_shift);
    const __m512i rhs_n = _mm512_set1_epi32(d->rhs_shift);
    const __m512i one = _mm512_set1_epi32(1);
    qcc_stage_x86 out;
    out.m = _mm512_set1_epi32(d->out.multiplier);
    out.m_odd = _mm512_srli_epi64(out.m, 32);
    out.n = _mm512_set1_epi32(d->out.shift);
    out.n_less_1 = _mm512_sub_epi32(out.n, one);
    out.zero_point = _mm512_set1_epi32(d->out.zero_point);
    out.min = _mm512_set1_epi32(d->out.min);
    out.max = _mm512_set1_epi32(d->out.max);
    for (; i + 16 <= count; i += 16) {
      const __m512i x = qcc_add_operand_x86(
          lhs + i, lhs_zero, left_shift, lhs_m, _mm512_srli_epi64(lhs_m, 32),
          lhs_n, _mm512_sub_epi32(lhs_n, one));
      const __m512i y = qcc_add_operand_x86(
          rhs + i, rhs_zero, left_shift, rhs_m, _mm512_srli_epi64(rhs_m, 32),
          rhs_n, _mm512_sub_epi32(rhs_n, one));
      _mm_storeu_si128((__m128i *)(output + i),
                       qcc_stage_x86_apply(&out, _mm512_add_epi32(x, y)));
    }
  }
  for (; i < count; ++i)
    output[i] = qcc_add_one(d, lhs[i], rhs[i]);
}

void qcc_add_s8_avx512(const qcc_add_desc *d, const int8_t *lhs,
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
  int32_t i;
  for (i = 0; i < d->count; ++i)
    output[i] = qcc_internal_requant(&d->out, input[i] - d->input_zero_point);
}

void qcc_lookup_s8(const qcc_count_desc *d, const int8_t *table,
                   const int8_t *input, int8_t *output) {
  int32_t i;
  for (i = 0; i < d->count; ++i)
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
  const uint8_t *in = (const uint8_t *)input;
  uint8_t *out = (uint8_t *)output;
  int32_t i;
  for (i = 0; i < d->count; ++i)
    out[i] = (uint8_t)(in[i] ^ 0x80u);
}
