/*===- gemm_vnni.c - GEMM-shaped kernels with AVX-512 VNNI ---------*- C -*-===//
//
// This file defines the x86-64 AVX-512 VNNI (+avx512vnni) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels on the
// driver of gemm_driver.h. VPDPBUSD multiplies unsigned bytes by signed
// ones, 4 at a time into 16 int32 lanes: the activations are read as
// x + 128 (x ^ 0x80, a broadcast of 4 depth values of a row), the weights
// as packed for SDOT (panels of 16 channels by groups of kr = 4), and the
// lowering folds -128·Σw into the bias. The microkernel is 4 rows (or 1) by
// 4 panels (64 channels): 16 accumulators, 4 broadcasts and 4 panel loads
// per 16 VPDPBUSDs, then the output stage of gemm_x86.h in the same
// registers. Without __AVX512VNNI__ the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX512VNNI__)

#include "gemm_x86.h"

/* `rows` rows against `np` consecutive panels from `panel` (each
 * `panel_size` bytes apart) over `units` groups of 4 depth values, starting
 * from bias; stores the finished int8 of channels col.. of each row, or
 * (raw) the accumulators of the first panel. */
QCC_ALWAYS_INLINE void qcc_vnni_block(int rows, int np,
                                      const int8_t *const a[4], int32_t units,
                                      const int8_t *panel, size_t panel_size,
                                      const int32_t *bias,
                                      const int32_t *multiplier,
                                      const int32_t *shift, const qcc_gemm *g,
                                      int8_t *const c[4], int32_t col,
                                      int32_t raw[4][16]) {
  const __m512i flip = _mm512_set1_epi32((int32_t)0x80808080u);
  __m512i acc[4][4];
  int32_t u;
  int r, p;
  for (p = 0; p < np; ++p) {
    const __m512i b = _mm512_loadu_si512(bias + 16 * p);
    for (r = 0; r < rows; ++r)
      acc[r][p] = b;
  }
  for (u = 0; u < units; ++u) {
    __m512i x[4];
    for (r = 0; r < rows; ++r) {
      int32_t v;
      __builtin_memcpy(&v, a[r] + 4 * u, 4);
      x[r] = _mm512_xor_si512(_mm512_set1_epi32(v), flip);
    }
    for (p = 0; p < np; ++p) {
      const __m512i w = _mm512_loadu_si512(panel + p * panel_size + 64 * u);
      for (r = 0; r < rows; ++r)
        acc[r][p] = _mm512_dpbusd_epi32(acc[r][p], x[r], w);
    }
  }
  if (raw) {
    for (r = 0; r < rows; ++r)
      _mm512_storeu_si512(raw[r], acc[r][0]);
    return;
  }
  for (p = 0; p < np; ++p) {
    const qcc_stage_x86 s =
        qcc_stage_x86_load(g, multiplier + 16 * p, shift + 16 * p);
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
  int32_t p = 0;
  if (panels == 0) {
    qcc_vnni_block(rows, 1, a, units, panel, panel_size, bias, 0, 0, g, c, 0,
                   raw);
    return;
  }
  for (; p + 4 <= panels; p += 4)
    qcc_vnni_block(rows, 4, a, units, panel + p * panel_size, panel_size,
                   bias + 16 * p, multiplier + 16 * p, shift + 16 * p, g, c,
                   16 * p, 0);
  switch (panels - p) {
  case 3:
    qcc_vnni_block(rows, 3, a, units, panel + p * panel_size, panel_size,
                   bias + 16 * p, multiplier + 16 * p, shift + 16 * p, g, c,
                   16 * p, 0);
    break;
  case 2:
    qcc_vnni_block(rows, 2, a, units, panel + p * panel_size, panel_size,
                   bias + 16 * p, multiplier + 16 * p, shift + 16 * p, g, c,
                   16 * p, 0);
    break;
  case 1:
    qcc_vnni_block(rows, 1, a, units, panel + p * panel_size, panel_size,
                   bias + 16 * p, multiplier + 16 * p, shift + 16 * p, g, c,
                   16 * p, 0);
    break;
  }
}

QCC_DEFINE_ROWS_TILE(tile_vnni, qcc_vnni_rows)

QCC_DEFINE_GEMM_KERNELS(avx512vnni, tile_vnni, 4, 4, 128)

#endif
