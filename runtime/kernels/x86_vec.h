/*===- x86_vec.h - 16 int32 lanes in AVX-512 or AVX2 ---------------*- C -*-===//
//
// This file holds the vector of 16 int32 lanes the x86-64 kernels compute
// in: one AVX-512 register (QCC_X86_WIDTH 512, the default where AVX-512F
// is enabled) or two AVX2 registers (QCC_X86_WIDTH 256), so that each
// kernel and the output stage are written once for both. Define
// QCC_X86_WIDTH before including it to pick the narrower one.
//
// qcc_v16_scale is qcc_mul_double_round for shifts n in [0, 31], bit for
// bit: qcc_srdhm as two 64-bit products (even and odd lanes) plus 2^30, bits
// 31 to 62 blended back into 32-bit lanes; RoundingDivideByPOT's ties away
// from zero are ties up after subtracting 1 from negative values, and
// rounding up is floor(x / 2^n) plus bit n - 1 of x (for n = 0, an
// arithmetic shift by -1, an unsigned count past 31, leaves the sign bits:
// the 1 subtracted from a negative value comes back). qcc_srdhm's one
// saturating case (INT32_MIN times INT32_MIN, INT32_MAX) wraps to
// INT32_MIN, which no other product reaches, and subtracting 1 from it
// wraps to INT32_MAX: the value the saturated result goes on with.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_VEC_H
#define QCC_KERNELS_X86_VEC_H

#include "internal.h"

#include <immintrin.h>

#ifndef QCC_X86_WIDTH
#if defined(__AVX512F__)
#define QCC_X86_WIDTH 512
#else
#define QCC_X86_WIDTH 256
#endif
#endif

#if QCC_X86_WIDTH == 512

typedef __m512i qcc_v16;

QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load(const int32_t *p) {
  return _mm512_loadu_si512(p);
}
QCC_ALWAYS_INLINE void qcc_v16_store(int32_t *p, qcc_v16 v) {
  _mm512_storeu_si512(p, v);
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_set1(int32_t v) {
  return _mm512_set1_epi32(v);
}
/* 16 int8 at p, sign-extended. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load_s8(const int8_t *p) {
  return _mm512_cvtepi8_epi32(_mm_loadu_si128((const __m128i *)p));
}
/* Stores the 16 lanes, each in int8 range, as 16 int8. */
QCC_ALWAYS_INLINE void qcc_v16_store_s8(int8_t *p, qcc_v16 v) {
  _mm_storeu_si128((__m128i *)p, _mm512_cvtepi32_epi8(v));
}
#define QCC_V16_OP(name, op)                                                   \
  QCC_ALWAYS_INLINE qcc_v16 name(qcc_v16 a, qcc_v16 b) {                       \
    return _mm512_##op(a, b);                                                  \
  }
QCC_V16_OP(qcc_v16_and, and_si512)
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_sign(qcc_v16 a) {
  return _mm512_srai_epi32(a, 31);
}
/* x·M (see the file comment), m_odd = m >> 32 in 64-bit lanes. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_srdhm(qcc_v16 x, qcc_v16 m, qcc_v16 m_odd) {
  const __m512i half = _mm512_set1_epi64((int64_t)1 << 30);
  const __m512i even = _mm512_add_epi64(_mm512_mul_epi32(x, m), half);
  const __m512i odd = _mm512_add_epi64(
      _mm512_mul_epi32(_mm512_srli_epi64(x, 32), m_odd), half);
  return _mm512_mask_blend_epi32(0xAAAA, _mm512_srli_epi64(even, 31),
                                 _mm512_slli_epi64(odd, 1));
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_odd(qcc_v16 m) {
  return _mm512_srli_epi64(m, 32);
}
/* Lane j: the int16 pair (a[j], b[j]) of 16 int8 at a and b. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_pairs_s8(const int8_t *a, const int8_t *b) {
  const __m128i x = _mm_loadu_si128((const __m128i *)a);
  const __m128i y = _mm_loadu_si128((const __m128i *)b);
  return _mm512_cvtepi8_epi16(
      _mm256_set_m128i(_mm_unpackhi_epi8(x, y), _mm_unpacklo_epi8(x, y)));
}
/* acc + the dot product of each lane's int16 pairs (exact in int32). */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_dot_pairs(qcc_v16 acc, qcc_v16 a,
                                            qcc_v16 b) {
#if defined(__AVX512VNNI__)
  return _mm512_dpwssd_epi32(acc, a, b);
#else
  return _mm512_add_epi32(acc, _mm512_madd_epi16(a, b));
#endif
}

#else

typedef struct {
  __m256i lo, hi;
} qcc_v16;

QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load(const int32_t *p) {
  qcc_v16 v;
  v.lo = _mm256_loadu_si256((const __m256i *)p);
  v.hi = _mm256_loadu_si256((const __m256i *)(p + 8));
  return v;
}
QCC_ALWAYS_INLINE void qcc_v16_store(int32_t *p, qcc_v16 v) {
  _mm256_storeu_si256((__m256i *)p, v.lo);
  _mm256_storeu_si256((__m256i *)(p + 8), v.hi);
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_set1(int32_t x) {
  qcc_v16 v;
  v.lo = v.hi = _mm256_set1_epi32(x);
  return v;
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load_s8(const int8_t *p) {
  qcc_v16 v;
  v.lo = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)p));
  v.hi = _mm256_cvtepi8_epi32(_mm_loadl_epi64((const __m128i *)(p + 8)));
  return v;
}
/* Packs to int16 and int8 (nothing saturates: the lanes are in int8 range),
 * which interleaves the halves by 4 bytes per 128-bit lane; one permute
 * puts them back in order. */
QCC_ALWAYS_INLINE void qcc_v16_store_s8(int8_t *p, qcc_v16 v) {
  const __m256i words = _mm256_packs_epi32(v.lo, v.hi);
  const __m256i bytes = _mm256_packs_epi16(words, words);
  const __m256i order = _mm256_permutevar8x32_epi32(
      bytes, _mm256_setr_epi32(0, 4, 1, 5, 0, 4, 1, 5));
  _mm_storeu_si128((__m128i *)p, _mm256_castsi256_si128(order));
}
#define QCC_V16_OP(name, op)                                                   \
  QCC_ALWAYS_INLINE qcc_v16 name(qcc_v16 a, qcc_v16 b) {                       \
    qcc_v16 v;                                                                 \
    v.lo = _mm256_##op(a.lo, b.lo);                                            \
    v.hi = _mm256_##op(a.hi, b.hi);                                            \
    return v;                                                                  \
  }
QCC_V16_OP(qcc_v16_and, and_si256)
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_sign(qcc_v16 a) {
  a.lo = _mm256_srai_epi32(a.lo, 31);
  a.hi = _mm256_srai_epi32(a.hi, 31);
  return a;
}
QCC_ALWAYS_INLINE __m256i qcc_v8_srdhm(__m256i x, __m256i m, __m256i m_odd) {
  const __m256i half = _mm256_set1_epi64x((int64_t)1 << 30);
  const __m256i even = _mm256_add_epi64(_mm256_mul_epi32(x, m), half);
  const __m256i odd = _mm256_add_epi64(
      _mm256_mul_epi32(_mm256_srli_epi64(x, 32), m_odd), half);
  return _mm256_blend_epi32(_mm256_srli_epi64(even, 31),
                            _mm256_slli_epi64(odd, 1), 0xAA);
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_srdhm(qcc_v16 x, qcc_v16 m, qcc_v16 m_odd) {
  x.lo = qcc_v8_srdhm(x.lo, m.lo, m_odd.lo);
  x.hi = qcc_v8_srdhm(x.hi, m.hi, m_odd.hi);
  return x;
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_odd(qcc_v16 m) {
  m.lo = _mm256_srli_epi64(m.lo, 32);
  m.hi = _mm256_srli_epi64(m.hi, 32);
  return m;
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_pairs_s8(const int8_t *a, const int8_t *b) {
  const __m128i x = _mm_loadu_si128((const __m128i *)a);
  const __m128i y = _mm_loadu_si128((const __m128i *)b);
  qcc_v16 v;
  v.lo = _mm256_cvtepi8_epi16(_mm_unpacklo_epi8(x, y));
  v.hi = _mm256_cvtepi8_epi16(_mm_unpackhi_epi8(x, y));
  return v;
}
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_dot_pairs(qcc_v16 acc, qcc_v16 a,
                                            qcc_v16 b) {
  acc.lo = _mm256_add_epi32(acc.lo, _mm256_madd_epi16(a.lo, b.lo));
  acc.hi = _mm256_add_epi32(acc.hi, _mm256_madd_epi16(a.hi, b.hi));
  return acc;
}

#endif

QCC_V16_OP(qcc_v16_add, add_epi32)
QCC_V16_OP(qcc_v16_sub, sub_epi32)
QCC_V16_OP(qcc_v16_min, min_epi32)
QCC_V16_OP(qcc_v16_max, max_epi32)
QCC_V16_OP(qcc_v16_mullo, mullo_epi32)
QCC_V16_OP(qcc_v16_sllv, sllv_epi32)
QCC_V16_OP(qcc_v16_srav, srav_epi32)

/* qcc_mul_double_round(x, m, n) per lane for n in [0, 31] (see the file
 * comment), with m_odd = qcc_v16_odd(m) and n_less_1 = n - 1. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_scale(qcc_v16 x, qcc_v16 m, qcc_v16 m_odd,
                                        qcc_v16 n, qcc_v16 n_less_1) {
  const qcc_v16 one = qcc_v16_set1(1);
  qcc_v16 r = qcc_v16_srdhm(x, m, m_odd);
  r = qcc_v16_add(r, qcc_v16_sign(r));
  return qcc_v16_add(qcc_v16_srav(r, n),
                     qcc_v16_and(qcc_v16_srav(r, n_less_1), one));
}

#endif /* QCC_KERNELS_X86_VEC_H */
