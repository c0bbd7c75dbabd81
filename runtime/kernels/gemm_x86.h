/*===- gemm_x86.h - The GEMM output stage in AVX-512 -----------------*- C -*-===//
//
// This file holds the output stage of 16 int32 accumulators in one AVX-512
// register, for the x86-64 GEMM microkernels on the driver of
// gemm_driver.h, and qcc_finish_tile_any for what they leave to C (a last
// partial panel; scalar qcc_requantize for the rare stages).
//
// The vector stage is the common one (QCC_STAGE_RIGHT: double rounding,
// every shift n in [1, 31]) and computes qcc_requantize bit for bit:
// qcc_srdhm as two 64-bit products (even and odd lanes) plus 2^30, bits 31
// to 62 blended back into 32-bit lanes. RoundingDivideByPOT's ties away
// from zero are ties up after subtracting 1 from negative values, and
// rounding up is floor(x / 2^n) plus bit n - 1 of x. The one saturating
// case of qcc_srdhm (INT32_MIN times INT32_MIN, INT32_MAX) wraps to
// INT32_MIN, which no other product reaches, and subtracting 1 from it
// wraps to INT32_MAX: the value the saturated result goes on with. The zero point is added in int32 (|x| <= 2^30 after a right
// shift) and the clamp is to int8 bounds, so the narrowing truncates.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_GEMM_X86_H
#define QCC_KERNELS_GEMM_X86_H

#include "gemm_driver.h"

#include <immintrin.h>

/* The operands of the output stage of 16 channels. */
typedef struct {
  __m512i m, m_odd, n, n_less_1, zero_point, min, max;
} qcc_stage_x86;

/* The stage operands of the 16 channels at `multiplier` and `shift`. */
QCC_ALWAYS_INLINE qcc_stage_x86 qcc_stage_x86_load(const qcc_gemm *g,
                                                   const int32_t *multiplier,
                                                   const int32_t *shift) {
  qcc_stage_x86 s;
  s.m = _mm512_loadu_si512(multiplier);
  s.m_odd = _mm512_srli_epi64(s.m, 32);
  s.n = _mm512_loadu_si512(shift);
  s.n_less_1 = _mm512_sub_epi32(s.n, _mm512_set1_epi32(1));
  s.zero_point = _mm512_set1_epi32(g->zero_point);
  s.min = _mm512_set1_epi32(g->min);
  s.max = _mm512_set1_epi32(g->max);
  return s;
}

/* x·M for 16 lanes with double rounding and right shifts n in [0, 31]:
 * qcc_rdbpot(qcc_srdhm(x, m), n), with m_odd = m >> 32 (64-bit lanes) and
 * n_less_1 = n - 1. (For n = 0, VPSRAVD by -1, an unsigned count past 31,
 * leaves the sign bits: the 1 subtracted from a negative value comes back.) */
QCC_ALWAYS_INLINE __m512i qcc_scale_x86(__m512i x, __m512i m, __m512i m_odd,
                                        __m512i n, __m512i n_less_1) {
  const __m512i half = _mm512_set1_epi64((int64_t)1 << 30);
  const __m512i one = _mm512_set1_epi32(1);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), half);
  const __m512i odd = _mm512_add_epi64(
      _mm512_mul_epi32(_mm512_srli_epi64(x, 32), m_odd), half);
  __m512i r = _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31),
                                      _mm512_slli_epi64(odd, 1));
  r = _mm512_add_epi32(r, _mm512_srai_epi32(r, 31));
  return _mm512_add_epi32(
      _mm512_srav_epi32(r, n),
      _mm512_and_si512(_mm512_srav_epi32(r, n_less_1), one));
}

/* The QCC_STAGE_RIGHT output stage of 16 accumulators, as 16 int8. */
QCC_ALWAYS_INLINE __m128i qcc_stage_x86_apply(const qcc_stage_x86 *s,
                                              __m512i x) {
  __m512i r = qcc_scale_x86(x, s->m, s->m_odd, s->n, s->n_less_1);
  r = _mm512_add_epi32(r, s->zero_point);
  r = _mm512_min_epi32(_mm512_max_epi32(r, s->min), s->max);
  return _mm512_cvtepi32_epi8(r);
}

/* qcc_finish_raw and the output stage: the common one in a vector (a last
 * partial panel), the others in scalar code. */
static __attribute__((noinline, unused)) void
qcc_finish_tile_any(const qcc_gemm *g, int rows, const int8_t *const a[4],
                    const int8_t *panel, int32_t col, int32_t n,
                    int8_t *const c[4], int32_t raw[4][16]) {
  const int rounding =
      g->stage == QCC_STAGE_SINGLE ? QCC_ROUND_SINGLE : QCC_ROUND_DOUBLE;
  int32_t r, o;
  qcc_finish_raw(g, rows, a, panel, raw);
  if (g->stage == QCC_STAGE_RIGHT) {
    int32_t multiplier[16], shift[16];
    int8_t out[16];
    qcc_stage_x86 s;
    for (o = 0; o < 16; ++o) {
      multiplier[o] = o < n ? g->multiplier[col + o] : 0;
      shift[o] = o < n ? g->shift[col + o] : 1;
    }
    s = qcc_stage_x86_load(g, multiplier, shift);
    for (r = 0; r < rows; ++r) {
      _mm_storeu_si128((__m128i *)out,
                       qcc_stage_x86_apply(&s, _mm512_loadu_si512(raw[r])));
      for (o = 0; o < n; ++o)
        c[r][col + o] = out[o];
    }
    return;
  }
  for (r = 0; r < rows; ++r)
    for (o = 0; o < n; ++o)
      c[r][col + o] = (int8_t)qcc_requantize(
          raw[r][o], g->multiplier[col + o], g->shift[col + o],
          g->zero_point, g->min, g->max, rounding);
}

#endif /* QCC_KERNELS_GEMM_X86_H */
