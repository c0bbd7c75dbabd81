/*===- x86_vec.h - 16 int32 lanes in AVX-512 or AVX2 --------------*- C -*-===//
//
// This file holds the vector of 16 int32 lanes the x86-64 kernels compute
// in: one AVX-512 register (QCC_X86_WIDTH 512, the default where AVX-512F
// is enabled) or two AVX2 registers (QCC_X86_WIDTH 256), so that each
// kernel and the output stage are written once for both. Define
// QCC_X86_WIDTH before including it to pick the narrower one.
//
// qcc_v16_scale is qcc_mul_double_round for shifts n in [0, 31], bit for
// bit (for n = 0 except INT32_MIN times INT32_MIN, which the add kernels
// never form). The double rounding is qcc_rdbpot(qcc_srdhm(x, m), n) =
// floor((s + 2^(n-1) - [s < 0]) / 2^n) with s = floor((t + 2^30) / 2^31)
// and t = x·m: RoundingDivideByPOT's ties away from zero are ties up after
// subtracting 1 from negative values. Nested floors of integer quotients
// merge: the result is floor((t + 2^30 + 2^(30+n) - [t < -2^30]·2^31) /
// 2^(31+n)), which AVX-512 computes in 64-bit lanes (VPMULDQ, a compare, a
// masked subtraction, VPSRAVQ), even and odd lanes apart, interleaved back
// by one permute. The sum stays below 2^63, and qcc_srdhm's one saturating
// case (t = 2^62, INT32_MAX) gives 2^(31-n), its rounded quotient. AVX2,
// without 64-bit arithmetic shifts, takes the two steps: qcc_srdhm as bits
// 31 to 62 of t + 2^30 blended back into 32-bit lanes (its saturating case
// wraps to INT32_MIN, which no other product reaches, and subtracting 1
// from it wraps to INT32_MAX, the value the saturated result goes on with),
// then the rounding shift as floor(s / 2^n) plus bit n - 1 of s (for n = 0,
// a shift by -1, an unsigned count past 31, leaves the sign bits: the 1
// subtracted from a negative value comes back).
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

#define QCC_X86_CAT_(a, b) a##_##b
#define QCC_X86_CAT(a, b) QCC_X86_CAT_(a, b)
/* The entry point `name` of this width, for the QCC_X86_SUFFIX the
 * including file defines: name_avx512 or name_avx2. */
#define QCC_X86_NAME(name) QCC_X86_CAT(name, QCC_X86_SUFFIX)

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
/* The operands of qcc_v16_scale for 16 multipliers and shifts: per 64-bit
 * lane, the even and odd channels' multiplier, 2^30 + 2^(30+n) (2^30 for
 * n = 0), the 2^31 taken from products below -2^30 (0 for n = 0) and
 * 31 + n. */
typedef struct {
  __m512i m, m_odd, add_even, add_odd, sub_even, sub_odd, shift_even,
      shift_odd;
} qcc_v16_scaler;

/* The scaler of multipliers m and shifts n in [1, 31], or in [0, 31] if
 * `zero_shifts` (which costs the masks of the n = 0 lanes). */
QCC_ALWAYS_INLINE qcc_v16_scaler qcc_v16_scaler_make(qcc_v16 m, qcc_v16 n,
                                                     int zero_shifts) {
  const __m512i one = _mm512_set1_epi64(1);
  const __m512i half = _mm512_set1_epi64((int64_t)1 << 30);
  const __m512i top = _mm512_set1_epi64((int64_t)1 << 31);
  const __m512i thirty = _mm512_set1_epi64(30);
  const __m512i n_even = _mm512_and_si512(n, _mm512_set1_epi64(0xffffffff));
  const __m512i n_odd = _mm512_srli_epi64(n, 32);
  const __mmask8 even =
      zero_shifts ? _mm512_test_epi64_mask(n_even, n_even) : (__mmask8)0xff;
  const __mmask8 odd =
      zero_shifts ? _mm512_test_epi64_mask(n_odd, n_odd) : (__mmask8)0xff;
  qcc_v16_scaler s;
  s.m = m;
  s.m_odd = _mm512_srli_epi64(m, 32);
  s.add_even = _mm512_add_epi64(
      half,
      _mm512_maskz_sllv_epi64(even, one, _mm512_add_epi64(n_even, thirty)));
  s.add_odd = _mm512_add_epi64(
      half, _mm512_maskz_sllv_epi64(odd, one, _mm512_add_epi64(n_odd, thirty)));
  s.sub_even = _mm512_maskz_mov_epi64(even, top);
  s.sub_odd = _mm512_maskz_mov_epi64(odd, top);
  s.shift_even = _mm512_add_epi64(n_even, _mm512_set1_epi64(31));
  s.shift_odd = _mm512_add_epi64(n_odd, _mm512_set1_epi64(31));
  return s;
}

/* One half: the products t of 8 lanes, rounded as the file comment says. */
QCC_ALWAYS_INLINE __m512i qcc_v8_round(__m512i t, __m512i add, __m512i sub,
                                       __m512i shift) {
  const __mmask8 below = _mm512_cmplt_epi64_mask(
      t, _mm512_set1_epi64(-((int64_t)1 << 30)));
  const __m512i u = _mm512_add_epi64(t, add);
  return _mm512_srav_epi64(_mm512_mask_sub_epi64(u, below, u, sub), shift);
}

/* qcc_mul_double_round(x, m, n) per lane (see the file comment). */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_scale(qcc_v16 x, const qcc_v16_scaler *s) {
  const __m512i even = qcc_v8_round(_mm512_mul_epi32(x, s->m), s->add_even,
                                    s->sub_even, s->shift_even);
  const __m512i odd =
      qcc_v8_round(_mm512_mul_epi32(_mm512_srli_epi64(x, 32), s->m_odd),
                   s->add_odd, s->sub_odd, s->shift_odd);
  return _mm512_permutex2var_epi32(
      even,
      _mm512_setr_epi32(0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14,
                        30),
      odd);
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

/* The operands of qcc_v16_scale for 16 multipliers and shifts. */
typedef struct {
  qcc_v16 m, m_odd, n, n_less_1;
} qcc_v16_scaler;

QCC_ALWAYS_INLINE qcc_v16_scaler qcc_v16_scaler_make(qcc_v16 m, qcc_v16 n,
                                                     int zero_shifts) {
  qcc_v16_scaler s;
  (void)zero_shifts; /* the rounding shift takes n = 0 as it comes */
  s.m = m;
  s.m_odd.lo = _mm256_srli_epi64(m.lo, 32);
  s.m_odd.hi = _mm256_srli_epi64(m.hi, 32);
  s.n = n;
  s.n_less_1.lo = _mm256_sub_epi32(n.lo, _mm256_set1_epi32(1));
  s.n_less_1.hi = _mm256_sub_epi32(n.hi, _mm256_set1_epi32(1));
  return s;
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
QCC_V16_OP(qcc_v16_sub16, sub_epi16)
QCC_V16_OP(qcc_v16_min, min_epi32)
QCC_V16_OP(qcc_v16_max, max_epi32)
QCC_V16_OP(qcc_v16_mullo, mullo_epi32)
QCC_V16_OP(qcc_v16_sllv, sllv_epi32)
QCC_V16_OP(qcc_v16_srav, srav_epi32)

#if QCC_X86_WIDTH != 512
/* qcc_mul_double_round(x, m, n) per lane (see the file comment). */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_scale(qcc_v16 x, const qcc_v16_scaler *s) {
  const qcc_v16 one = qcc_v16_set1(1);
  qcc_v16 r;
  r.lo = qcc_v8_srdhm(x.lo, s->m.lo, s->m_odd.lo);
  r.hi = qcc_v8_srdhm(x.hi, s->m.hi, s->m_odd.hi);
  r = qcc_v16_add(r, qcc_v16_sign(r));
  return qcc_v16_add(qcc_v16_srav(r, s->n),
                     qcc_v16_and(qcc_v16_srav(r, s->n_less_1), one));
}
#endif

#endif /* QCC_KERNELS_X86_VEC_H */
