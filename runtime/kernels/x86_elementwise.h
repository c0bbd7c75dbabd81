/*===- x86_elementwise.h - Elementwise kernels in x86-64 vectors --*- C -*-===//
//
// This file defines the x86-64 variants of add, mul, requantize (and the
// requantized blocks of a concatenation), layer normalization and softmax,
// for the vector width and name suffix the including file
// picks (vector_avx512.c, vector_avx2.c). Add and mul take the runs of their
// broadcast walk (qcc_run_walk) in which each operand is contiguous or
// broadcast, 16 elements at a time on x86_vec.h's lanes with the output
// stage of gemm_x86.h — the common stage: double rounding, right shifts —
// and the rest as the portable kernels. Results are the portable kernels',
// for zero points and bounds of int8.
//
// The table lookup has no x86 variant: selecting among the table's 16
// pieces of 16 bytes by PSHUFB and a tree of byte blends took 1.8 times
// the portable kernel's time with AVX2 and 0.9 times with AVX-512BW on a
// Sapphire Rapids core (200,704 bytes: 0.23 and 0.11 ms against 0.13 ms);
// the 2-instruction VPERMI2B lookup needs AVX512_VBMI, which +avx512vnni
// does not imply.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_ELEMENTWISE_H
#define QCC_KERNELS_X86_ELEMENTWISE_H

#include "gemm_x86.h"

/* 16 operand values from p, sign-extended: loaded, or for a broadcast
 * operand (step 0) the one at p in every lane. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load_run(const int8_t *p, int32_t step) {
  return step ? qcc_v16_load_s8(p) : qcc_v16_set1(*p);
}

/*===--- add --------------------------------------------------------------===*/

/* One operand of an add for 16 elements: ((q - Z) << left_shift)·M, with a
 * left shift that cannot saturate (see qcc_x86_add_body). */
QCC_ALWAYS_INLINE qcc_v16 qcc_add_operand_x86(qcc_v16 q, qcc_v16 zero,
                                              qcc_v16 left_shift,
                                              const qcc_stage_x86 *s) {
  return qcc_v16_scale(qcc_v16_sllv(qcc_v16_sub(q, zero), left_shift),
                       &s->scale);
}

/* qcc_add_s8 with x86 vectors where every shift is a right shift (the
 * operands' in [0, 31], the output's in [1, 31]) with double rounding and
 * the left shift is at most 22 (|q - Z| < 2^8, so neither the shift nor
 * the sum of the two scaled operands saturates); otherwise as qcc_add_s8.
 * Compiled once, as the NEON one. */
static __attribute__((noinline)) void
qcc_x86_add_body(const qcc_add_desc *d, const int8_t *lhs, const int8_t *rhs,
                 int8_t *output) {
  const int vectors =
      qcc_x86_common_stage(&d->out) && qcc_in_range(d->left_shift, 0, 22) &&
      qcc_in_range(d->lhs_shift, 0, 31) && qcc_in_range(d->rhs_shift, 0, 31);
  const qcc_v16 left_shift = qcc_v16_set1(d->left_shift);
  const qcc_v16 lhs_zero = qcc_v16_set1(d->lhs_zero_point);
  const qcc_v16 rhs_zero = qcc_v16_set1(d->rhs_zero_point);
  const qcc_stage_x86 lhs_scale =
      qcc_stage_x86_tensor(d->lhs_multiplier, d->lhs_shift, 1, &d->out);
  const qcc_stage_x86 rhs_scale =
      qcc_stage_x86_tensor(d->rhs_multiplier, d->rhs_shift, 1, &d->out);
  const qcc_stage_x86 scale =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  QCC_FOR_EACH_RUN_16(d, lhs, rhs, output, vectors, qcc_add_run,
    const qcc_v16 x =
        qcc_add_operand_x86(qcc_v16_load_run(a, a_step), lhs_zero,
                            left_shift, &lhs_scale);
    const qcc_v16 y =
        qcc_add_operand_x86(qcc_v16_load_run(b, b_step), rhs_zero,
                            left_shift, &rhs_scale);
    qcc_stage_x86_store(&scale, qcc_v16_add(x, y), out);
  );
}

void QCC_X86_NAME(qcc_add_s8)(const qcc_add_desc *d, const int8_t *lhs,
                              const int8_t *rhs, int8_t *output) {
  qcc_add_desc copy = *d;
  qcc_x86_add_body(&copy, lhs, rhs, output);
}

/*===--- mul --------------------------------------------------------------===*/

/* qcc_mul_s8 with x86 vectors for the common stage; compiled once. */
static __attribute__((noinline)) void
qcc_x86_mul_body(const qcc_mul_desc *d, const int8_t *lhs, const int8_t *rhs,
                 int8_t *output) {
  const int vectors = qcc_x86_common_stage(&d->out);
  const qcc_v16 lhs_zero = qcc_v16_set1(d->lhs_zero_point);
  const qcc_v16 rhs_zero = qcc_v16_set1(d->rhs_zero_point);
  const qcc_stage_x86 scale =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  QCC_FOR_EACH_RUN_16(d, lhs, rhs, output, vectors, qcc_mul_run,
    const qcc_v16 x =
        qcc_v16_sub(qcc_v16_load_run(a, a_step), lhs_zero);
    const qcc_v16 y =
        qcc_v16_sub(qcc_v16_load_run(b, b_step), rhs_zero);
    qcc_stage_x86_store(&scale, qcc_v16_mullo(x, y), out);
  );
}

void QCC_X86_NAME(qcc_mul_s8)(const qcc_mul_desc *d, const int8_t *lhs,
                              const int8_t *rhs, int8_t *output) {
  qcc_mul_desc copy = *d;
  qcc_x86_mul_body(&copy, lhs, rhs, output);
}

/*===--- requantize -------------------------------------------------------===*/

/* qcc_requantize_s8 with x86 vectors for the common stage; compiled once. */
static __attribute__((noinline)) void
qcc_x86_requantize_body(const qcc_requantize_desc *d, const int8_t *input,
                        int8_t *output) {
  const qcc_v16 zero = qcc_v16_set1(d->input_zero_point);
  const qcc_stage_x86 out =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  /* In locals: the stores could alias the descriptor. */
  const int32_t count = d->count,
                vectors = qcc_x86_common_stage(&d->out) ? count / 16 * 16 : 0;
  int32_t i = 0;
  for (; i < vectors; i += 16)
    qcc_stage_x86_store(&out, qcc_v16_sub(qcc_v16_load_s8(input + i), zero),
                        output + i);
  qcc_requantize_tail(d, input, output, i);
}

void QCC_X86_NAME(qcc_requantize_s8)(const qcc_requantize_desc *d,
                                     const int8_t *input, int8_t *output) {
  qcc_requantize_desc copy = *d;
  qcc_x86_requantize_body(&copy, input, output);
}

/*===--- concat -----------------------------------------------------------===*/

void QCC_X86_NAME(qcc_concat_s8)(const qcc_concat_desc *d,
                                 const int8_t *input, int8_t *output) {
  qcc_concat_blocks(d, input, output, qcc_x86_requantize_body);
}

/*===--- layer norm -------------------------------------------------------===*/

/* sign(x)·floor((|x|·scale + half) / s) for 16 lanes of x in doubles,
 * exactly while the numerator stays below 2^53 - s (see
 * qcc_scaled_divide2 in divide_neon.h), for quotients that fit int32. */
#if QCC_X86_WIDTH == 512
QCC_ALWAYS_INLINE __m256i qcc_scaled_divide8(__m256i x, __m512d scale,
                                             __m512d s, __m512d half) {
  const __m512d v = _mm512_cvtepi32_pd(x);
  const __m512d q = _mm512_roundscale_pd(
      _mm512_div_pd(_mm512_add_pd(_mm512_mul_pd(_mm512_abs_pd(v), scale),
                                  half),
                    s),
      _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
  return _mm512_cvttpd_epi32(
      _mm512_or_pd(q, _mm512_and_pd(v, _mm512_set1_pd(-0.0))));
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_scaled_divide(qcc_v16 x, double scale,
                                                double s, double half) {
  const __m512d sc = _mm512_set1_pd(scale), sv = _mm512_set1_pd(s),
                hv = _mm512_set1_pd(half);
  return _mm512_inserti64x4(
      _mm512_castsi256_si512(
          qcc_scaled_divide8(_mm512_castsi512_si256(x), sc, sv, hv)),
      qcc_scaled_divide8(_mm512_extracti64x4_epi64(x, 1), sc, sv, hv), 1);
}
/* table[index] for 16 lanes. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_gather(const int32_t *table, qcc_v16 index) {
  return _mm512_i32gather_epi32(index, table, 4);
}
#else
QCC_ALWAYS_INLINE __m128i qcc_scaled_divide4(__m128i x, __m256d scale,
                                             __m256d s, __m256d half) {
  const __m256d v = _mm256_cvtepi32_pd(x);
  const __m256d sign = _mm256_and_pd(v, _mm256_set1_pd(-0.0));
  const __m256d q = _mm256_floor_pd(_mm256_div_pd(
      _mm256_add_pd(_mm256_mul_pd(_mm256_xor_pd(v, sign), scale), half), s));
  return _mm256_cvttpd_epi32(_mm256_or_pd(q, sign));
}
QCC_ALWAYS_INLINE __m256i qcc_scaled_divide8(__m256i x, __m256d scale,
                                             __m256d s, __m256d half) {
  return _mm256_set_m128i(
      qcc_scaled_divide4(_mm256_extracti128_si256(x, 1), scale, s, half),
      qcc_scaled_divide4(_mm256_castsi256_si128(x), scale, s, half));
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_scaled_divide(qcc_v16 x, double scale,
                                                double s, double half) {
  const __m256d sc = _mm256_set1_pd(scale), sv = _mm256_set1_pd(s),
                hv = _mm256_set1_pd(half);
  qcc_v16 q;
  q.lo = qcc_scaled_divide8(x.lo, sc, sv, hv);
  q.hi = qcc_scaled_divide8(x.hi, sc, sv, hv);
  return q;
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_gather(const int32_t *table, qcc_v16 index) {
  qcc_v16 v;
  v.lo = _mm256_i32gather_epi32(table, index.lo, 4);
  v.hi = _mm256_i32gather_epi32(table, index.hi, 4);
  return v;
}
#endif

/* Whether the per-channel operands of a layer norm suit the vectors: the
 * common stage (double rounding, shifts in [1, 31]) and biases far enough
 * from the int32 bounds that adding signs·t (|signs·t| <= 2^23) cannot
 * saturate. */
static int qcc_x86_layer_norm_vectors(const qcc_layer_norm_desc *d,
                                      const int32_t *bias,
                                      const int32_t *shift) {
  const int32_t margin = 1 << 23;
  int32_t k;
  if (d->rounding != QCC_ROUND_DOUBLE ||
      !qcc_in_range(d->input_zero_point, -128, 127) ||
      !qcc_in_range(d->length, 1, 32768))
    return 0;
  for (k = 0; k < d->length; ++k)
    if (!qcc_in_range(shift[k], 1, 31) ||
        !qcc_in_range(bias[k], INT32_MIN + margin, INT32_MAX - margin))
      return 0;
  return 1;
}

/* qcc_layer_norm_s8 with x86 vectors (the NEON variant's scheme, see
 * elementwise_neon.c) where qcc_x86_layer_norm_vectors and
 * qcc_layer_norm_row allow; otherwise as the portable kernel. Compiled
 * once. */
static __attribute__((noinline)) void
qcc_x86_layer_norm_body(const qcc_layer_norm_desc *d, const int8_t *signs,
                        const int32_t *bias, const int32_t *multiplier,
                        const int32_t *shift, const int8_t *input,
                        int8_t *output) {
  const int32_t length = d->length, zero = d->input_zero_point;
  int32_t r, k;
  if (!qcc_x86_layer_norm_vectors(d, bias, shift)) {
    qcc_layer_norm_s8(d, signs, bias, multiplier, shift, input, output);
    return;
  }
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * length;
    int8_t *out = output + r * length;
    int64_t sum = 0, s;
    uint64_t sum_squares = 0;
    for (k = 0; k < length; ++k) { /* vectorized by the compiler */
      const int32_t x = q[k] - zero;
      sum += x;
      sum_squares += (uint32_t)(x * x);
    }
    k = 0;
    if (qcc_layer_norm_row(d, sum, sum_squares, &s)) {
      const qcc_v16 length_v = qcc_v16_set1(length);
      const qcc_v16 sum_v = qcc_v16_set1((int32_t)sum);
      const qcc_v16 zero_v = qcc_v16_set1(zero);
      for (; k + 16 <= length; k += 16) {
        const qcc_v16 dev = qcc_v16_sub(
            qcc_v16_mullo(qcc_v16_sub(qcc_v16_load_s8(q + k), zero_v),
                          length_v),
            sum_v);
        const qcc_v16 t =
            qcc_v16_scaled_divide(dev, 65536.0, (double)s, (double)(s / 2));
        const qcc_stage_x86 stage = qcc_stage_x86_make(
            multiplier + k, shift + k, 0, d->output_zero_point, d->output_min,
            d->output_max);
        qcc_stage_x86_store(
            &stage,
            qcc_v16_add(qcc_v16_mullo(qcc_v16_load_s8(signs + k), t),
                        qcc_v16_load(bias + k)),
            out + k);
      }
    }
    for (; k < length; ++k)
      out[k] = qcc_layer_norm_one(d, signs, bias, multiplier, shift,
                                  (int64_t)length * (q[k] - zero) - sum, s, k);
  }
}

void QCC_X86_NAME(qcc_layer_norm_s8)(const qcc_layer_norm_desc *d,
                                     const int8_t *signs, const int32_t *bias,
                                     const int32_t *multiplier,
                                     const int32_t *shift, const int8_t *input,
                                     int8_t *output) {
  qcc_layer_norm_desc copy = *d;
  qcc_x86_layer_norm_body(&copy, signs, bias, multiplier, shift, input,
                          output);
}

/*===--- softmax ----------------------------------------------------------===*/

/* qcc_softmax_s8 with x86 vectors: the NEON variant's scheme (see
 * elementwise_neon.c), the exp-table values gathered 16 at a time.
 * Compiled once. */
static __attribute__((noinline)) void
qcc_x86_softmax_body(const qcc_softmax_desc *d, const int32_t *exp_table,
                     const int8_t *input, int8_t *output) {
  const int32_t length = d->row_length;
  const int vectors = qcc_softmax_table_ok(exp_table) &&
                      qcc_in_range(length, 1, 1 << 20);
  int32_t r, k;
  for (r = 0; r < d->rows; ++r) {
    const int8_t *q = input + r * length;
    int8_t *out = output + r * length;
    int32_t max = -128;
    int64_t sum = 0;
    for (k = 0; k < length; ++k)
      max = q[k] > max ? q[k] : max;
    for (k = 0; k < length; ++k)
      sum += exp_table[255 + q[k] - max];
    k = 0;
    if (vectors && sum > 0) {
      const qcc_v16 offset = qcc_v16_set1(255 - max);
      const qcc_v16 low = qcc_v16_set1(d->output_min);
      const qcc_v16 high = qcc_v16_set1(d->output_max);
      for (; k + 16 <= length; k += 16) {
        const qcc_v16 e = qcc_v16_gather(
            exp_table, qcc_v16_add(qcc_v16_load_s8(q + k), offset));
        const qcc_v16 v = qcc_v16_add(
            low,
            qcc_v16_scaled_divide(e, 256.0, (double)sum, (double)(sum / 2)));
        qcc_v16_store_s8(out + k, qcc_v16_min(v, high));
      }
    }
    for (; k < length; ++k)
      out[k] = qcc_softmax_one(d, exp_table[255 + q[k] - max], sum);
  }
}

void QCC_X86_NAME(qcc_softmax_s8)(const qcc_softmax_desc *d,
                                  const int32_t *exp_table,
                                  const int8_t *input, int8_t *output) {
  qcc_softmax_desc copy = *d;
  qcc_x86_softmax_body(&copy, exp_table, input, output);
}

#endif /* QCC_KERNELS_X86_ELEMENTWISE_H */
