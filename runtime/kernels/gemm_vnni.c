/*===- gemm_vnni.c - GEMM-shaped kernels with AVX-512 VNNI --------*- C -*-===//
//
// This file defines the x86-64 AVX-512 VNNI (+avx512vnni) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels on the
// driver of gemm_driver.h. VPDPBUSD multiplies unsigned bytes by signed
// ones, 4 at a time into 16 int32 lanes: the weights come packed as for
// SDOT (panels of 16 channels by groups of kr = 4) with each byte xored
// with 0x80, w + 128 as an unsigned byte, and the activations are the
// signed operand, 4 depth values of a row broadcast from memory by the
// instruction itself. So Σ (w + 128)·x = Σ w·x + 128·Σx, and each row's
// accumulators start at the bias minus 128·Σx (its sum computed once per
// row tile). The microkernel is 4 rows (or 1) by 4 panels (64 channels):
// 16 accumulators and 4 panel loads per 16 VPDPBUSDs, then the output
// stage of gemm_x86.h in the same registers. Without __AVX512VNNI__ the
// file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX512VNNI__)

#include "gemm_x86.h"

/* 128·Σx over the first `n` bytes of row `a` (wrapping as int32), by
 * VPSADBW on x ^ 0x80 (x + 128 as unsigned bytes) 64 at a time. */
QCC_ALWAYS_INLINE int32_t qcc_vnni_row_sum(const int8_t *a, int32_t n) {
  const __m512i flip = _mm512_set1_epi8((char)0x80);
  __m512i sums = _mm512_setzero_si512();
  int32_t k;
  for (k = 0; k < n; k += 64) {
    const __mmask64 mask =
        n - k >= 64 ? ~(__mmask64)0 : ((__mmask64)1 << (n - k)) - 1;
    sums = _mm512_add_epi64(
        sums, _mm512_sad_epu8(
                  _mm512_xor_si512(_mm512_maskz_loadu_epi8(mask, a + k), flip),
                  _mm512_setzero_si512()));
  }
  /* Each byte counted x + 128, the masked-off ones of the last load 128:
   * Σx = Σ (x + 128) - 128 · 64 · loads. */
  return (int32_t)(((uint32_t)_mm512_reduce_add_epi64(sums) -
                    (uint32_t)((n + 63) / 64) * 8192u) *
                   128u);
}

/* `rows` rows against `np` consecutive panels from `panel` (each
 * `panel_size` bytes apart) over `units` groups of 4 depth values, starting
 * from bias minus each row's `correction` (128·Σx); stores the finished
 * int8 of channels col.. of each row, or (raw) the accumulators of the
 * first panel. */
QCC_ALWAYS_INLINE void qcc_vnni_block(int rows, int np,
                                      const int8_t *const a[4], int32_t units,
                                      const int8_t *panel, size_t panel_size,
                                      const int32_t *bias,
                                      const int32_t correction[4],
                                      const int32_t *multiplier,
                                      const int32_t *shift, const qcc_gemm *g,
                                      int8_t *const c[4], int32_t col,
                                      int32_t raw[4][16]) {
  __m512i acc[4][4];
  int32_t u;
  int r, p;
  /* Whole unrolling keeps the accumulators in registers (GCC leaves
   * arrays indexed in loops in memory). */
#pragma GCC unroll 4
  for (p = 0; p < np; ++p) {
    const __m512i b = _mm512_loadu_si512(bias + 16 * p);
#pragma GCC unroll 4
    for (r = 0; r < rows; ++r)
      acc[r][p] = _mm512_sub_epi32(b, _mm512_set1_epi32(correction[r]));
  }
  for (u = 0; u < units; ++u)
#pragma GCC unroll 4
    for (p = 0; p < np; ++p) {
      const __m512i w = _mm512_loadu_si512(panel + p * panel_size + 64 * u);
#pragma GCC unroll 4
      for (r = 0; r < rows; ++r) {
        int32_t x;
        __builtin_memcpy(&x, a[r] + 4 * u, 4);
        acc[r][p] = _mm512_dpbusd_epi32(acc[r][p], w, _mm512_set1_epi32(x));
      }
    }
  if (raw) {
#pragma GCC unroll 4
    for (r = 0; r < rows; ++r)
      _mm512_storeu_si512(raw[r], acc[r][0]);
    return;
  }
#pragma GCC unroll 4
  for (p = 0; p < np; ++p) {
    const qcc_stage_x86 s =
        qcc_stage_x86_load(g, multiplier + 16 * p, shift + 16 * p);
#pragma GCC unroll 4
    for (r = 0; r < rows; ++r)
      qcc_stage_x86_store(&s, acc[r][p], c[r] + col + 16 * p);
  }
}

/* `rows` rows (a constant) against the tile's panels, 4 at a time. */
QCC_ALWAYS_INLINE void qcc_vnni_rows(int rows, const int8_t *const a[4],
                                     int32_t units, const int8_t *panel,
                                     const int32_t *bias,
                                     const int32_t *multiplier,
                                     const int32_t *shift, const qcc_gemm *g,
                                     int8_t *const c[4], int32_t panels,
                                     int32_t raw[4][16]) {
  const size_t panel_size = (size_t)16 * (size_t)((g->depth + 3) / 4 * 4);
  int32_t correction[4], p = 0;
  int r;
  for (r = 0; r < rows; ++r)
    correction[r] = qcc_vnni_row_sum(a[r], 4 * units);
  if (panels == 0) {
    qcc_vnni_block(rows, 1, a, units, panel, panel_size, bias, correction, 0,
                   0, g, c, 0, raw);
    return;
  }
/* `np` (a constant) panels from panel p. */
#define QCC_VNNI_PANELS(np)                                                    \
  qcc_vnni_block(rows, np, a, units, panel + p * panel_size, panel_size,       \
                 bias + 16 * p, correction, multiplier + 16 * p,               \
                 shift + 16 * p, g, c, 16 * p, 0)
  for (; p + 4 <= panels; p += 4)
    QCC_VNNI_PANELS(4);
  if (panels - p == 3)
    QCC_VNNI_PANELS(3);
  else if (panels - p == 2)
    QCC_VNNI_PANELS(2);
  else if (panels - p == 1)
    QCC_VNNI_PANELS(1);
#undef QCC_VNNI_PANELS
}

QCC_DEFINE_ROWS_TILE(tile_vnni, qcc_vnni_rows)

QCC_DEFINE_GEMM_KERNELS(avx512vnni, tile_vnni, 4, 4, 0x80)

#endif
