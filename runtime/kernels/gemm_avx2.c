/*===- gemm_avx2.c - GEMM-shaped kernels with AVX2 ----------------*- C -*-===//
//
// This file defines the x86-64 AVX2 (+avx2) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels on the
// driver of gemm_driver.h, with weights packed as for SDOT (panels of 16
// channels by groups of kr = 4 depth values). AVX2 has no exact 8-bit dot
// product (VPMADDUBSW saturates its 16-bit pair sums), so VPMADDWD
// multiplies 16-bit values: a group's 4 values of a row, sign-extended and
// broadcast to every 64-bit lane, against 4 channels' 4 values each
// (16 panel bytes sign-extended). Each 32-bit lane adds two products; the
// two lanes of a channel are added once per panel (VPHADDD, then one
// permute back to channel order). The microkernel is 2 rows by 16
// channels: 8 accumulators and 4 panel vectors; a 4-row tile runs it twice.
// The output stage is gemm_x86.h's in two AVX2 registers. Without __AVX2__
// the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX2__)

#define QCC_X86_WIDTH 256
#include "gemm_x86.h"

/* Channels 0-7 of the accumulators of 4 channels by 2 partial sums each
 * (lo: channels 0-3, hi: 4-7), in order. */
QCC_ALWAYS_INLINE __m256i qcc_avx2_channels(__m256i lo, __m256i hi) {
  /* VPHADDD gives channels 0 1 4 5 | 2 3 6 7. */
  return _mm256_permutevar8x32_epi32(_mm256_hadd_epi32(lo, hi),
                                     _mm256_setr_epi32(0, 1, 4, 5, 2, 3, 6, 7));
}

/* `rows` (2 or 1) rows from a[first] against one panel over `units` groups
 * of 4 depth values, plus `bias`: stores the finished int8 of channels
 * col.. of each row, or (raw) the accumulators. */
QCC_ALWAYS_INLINE void qcc_avx2_block(int rows, const int8_t *const a[4],
                                      int first, int32_t units,
                                      const int8_t *panel, const int32_t *bias,
                                      const qcc_stage_x86 *s,
                                      int8_t *const c[4], int32_t col,
                                      int32_t raw[4][16]) {
  __m256i acc[2][4];
  int32_t u;
  int r, j;
  /* Whole unrolling keeps the accumulators in registers (GCC leaves
   * arrays indexed in loops in memory). */
#pragma GCC unroll 2
  for (r = 0; r < rows; ++r)
#pragma GCC unroll 4
    for (j = 0; j < 4; ++j)
      acc[r][j] = _mm256_setzero_si256();
  for (u = 0; u < units; ++u) {
    __m256i w[4];
#pragma GCC unroll 4
    for (j = 0; j < 4; ++j)
      w[j] = _mm256_cvtepi8_epi16(
          _mm_loadu_si128((const __m128i *)(panel + 64 * u + 16 * j)));
#pragma GCC unroll 2
    for (r = 0; r < rows; ++r) {
      int32_t v;
      __m256i x;
      __builtin_memcpy(&v, a[first + r] + 4 * u, 4);
      x = _mm256_broadcastq_epi64(_mm_cvtepi8_epi16(_mm_cvtsi32_si128(v)));
#pragma GCC unroll 4
      for (j = 0; j < 4; ++j)
        acc[r][j] = _mm256_add_epi32(acc[r][j], _mm256_madd_epi16(w[j], x));
    }
  }
#pragma GCC unroll 2
  for (r = 0; r < rows; ++r) {
    qcc_v16 sum = qcc_v16_load(bias);
    sum.lo = _mm256_add_epi32(sum.lo, qcc_avx2_channels(acc[r][0], acc[r][1]));
    sum.hi = _mm256_add_epi32(sum.hi, qcc_avx2_channels(acc[r][2], acc[r][3]));
    if (raw)
      qcc_v16_store(raw[first + r], sum);
    else
      qcc_stage_x86_store(s, sum, c[first + r] + col);
  }
}

/* `rows` (4 or 1, a constant) rows against the tile's panels. */
QCC_ALWAYS_INLINE void qcc_avx2_rows(int rows, const int8_t *const a[4],
                                     int32_t units, const int8_t *panel,
                                     const int32_t *bias,
                                     const int32_t *multiplier,
                                     const int32_t *shift, const qcc_gemm *g,
                                     int8_t *const c[4], int32_t panels,
                                     int32_t raw[4][16]) {
  const size_t panel_size = (size_t)16 * (size_t)((g->depth + 3) / 4 * 4);
  int32_t p;
  if (panels == 0) {
    qcc_avx2_block(rows == 4 ? 2 : 1, a, 0, units, panel, bias, 0, c, 0, raw);
    if (rows == 4)
      qcc_avx2_block(2, a, 2, units, panel, bias, 0, c, 0, raw);
    return;
  }
  for (p = 0; p < panels; ++p) {
    const qcc_stage_x86 s =
        qcc_stage_x86_load(g, multiplier + 16 * p, shift + 16 * p);
    const int8_t *weights = panel + p * panel_size;
    qcc_avx2_block(rows == 4 ? 2 : 1, a, 0, units, weights, bias + 16 * p, &s,
                   c, 16 * p, 0);
    if (rows == 4)
      qcc_avx2_block(2, a, 2, units, weights, bias + 16 * p, &s, c, 16 * p, 0);
  }
}

QCC_DEFINE_ROWS_TILE(tile_avx2, qcc_avx2_rows)

QCC_DEFINE_GEMM_KERNELS(avx2, tile_avx2, 4, 4, 0)

#endif
