/*===- gemm_neon.h - The GEMM output stage in AArch64 NEON --------*- C -*-===//
//
// This file holds the output stage in NEON registers for what the AArch64
// GEMM microkernels (SDOT, SMMLA, SMULL/SMLAL2) leave to C, on the driver
// of gemm_driver.h (which describes the tiles and the weight panels), and
// qcc_finish_tile_any for it. The depthwise and add kernels use its output
// stage too.
//
// The output stage computes qcc_requantize bit for bit. With double
// rounding, SQRDMULH is qcc_srdhm (its one saturating case included), and
// RoundingDivideByPOT's ties away from zero are SRSHL's ties up after
// subtracting 1 from negative values; SQRDMULH never returns INT32_MIN, so
// that subtraction cannot wrap. Single rounding is SMULL and a 64-bit SRSHL
// by 31 + n. Adding the zero point after a saturating narrowing to int16
// and clamping in int8 equals adding it in int32 and clamping, for zero
// points and bounds of int8 (as every int8 output has). Shifts are clamped
// to [-31, 31] as qcc_mul clamps them.
//
// The microkernels finish the common stage in assembly; the C stage code is
// one copy per stage kind behind one dispatch, off the tile loops.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_GEMM_NEON_H
#define QCC_KERNELS_GEMM_NEON_H

#include "gemm_driver.h"

#include <arm_neon.h>

/* Loads the 16 per-channel values at `p`, of which `n` exist (no library
 * call anywhere near a tile: a call would spill its accumulators). */
QCC_ALWAYS_INLINE void qcc_load16(const int32_t *p, int32_t n,
                                  int32x4_t v[4]) {
  int32_t tmp[16], j;
  if (n < 16) {
    for (j = 0; j < 16; ++j)
      tmp[j] = j < n ? p[j] : 0;
    p = tmp;
  }
  for (j = 0; j < 4; ++j)
    v[j] = vld1q_s32(p + 4 * j);
}

/* Stores the first `n` (1..16) bytes of v. */
QCC_ALWAYS_INLINE void qcc_store_first(int8_t *out, int8x16_t v, int32_t n) {
  if (n == 16) {
    vst1q_s8(out, v);
    return;
  }
  if (n & 8) {
    vst1_s8(out, vget_low_s8(v));
    out += 8;
    v = vextq_s8(v, v, 8);
  }
  if (n & 4) {
    uint32_t word = vgetq_lane_u32(vreinterpretq_u32_s8(v), 0);
    __builtin_memcpy(out, &word, 4);
    out += 4;
    v = vextq_s8(v, v, 4);
  }
  if (n & 2) {
    uint16_t half = vgetq_lane_u16(vreinterpretq_u16_s8(v), 0);
    __builtin_memcpy(out, &half, 2);
    out += 2;
    v = vextq_s8(v, v, 2);
  }
  if (n & 1)
    *out = vgetq_lane_s8(v, 0);
}

/* The shift operands of a stage for per-channel shifts n: the left shift
 * max(-n, 0) and the SRSHL amount: -n, min(-n, 0), or -(31 + n) for single
 * rounding, n clamped to [-31, 31]. */
QCC_ALWAYS_INLINE void qcc_stage_shifts(int stage, int32x4_t n,
                                        int32x4_t *left, int32x4_t *right) {
  if (stage == QCC_STAGE_RIGHT) {
    *right = vnegq_s32(n);
    return;
  }
  n = vmaxq_s32(vminq_s32(n, vdupq_n_s32(31)), vdupq_n_s32(-31));
  if (stage == QCC_STAGE_SINGLE) {
    *right = vsubq_s32(vdupq_n_s32(-31), n);
    return;
  }
  *left = vmaxq_s32(vnegq_s32(n), vdupq_n_s32(0));
  *right = vminq_s32(vnegq_s32(n), vdupq_n_s32(0));
}

/* x·M for one vector of accumulators. */
QCC_ALWAYS_INLINE int32x4_t qcc_scale(int stage, int32x4_t x, int32x4_t m,
                                      int32x4_t left, int32x4_t right) {
  if (stage == QCC_STAGE_SINGLE) {
    int64x2_t lo = vrshlq_s64(vmull_s32(vget_low_s32(x), vget_low_s32(m)),
                              vmovl_s32(vget_low_s32(right)));
    int64x2_t hi = vrshlq_s64(vmull_high_s32(x, m), vmovl_high_s32(right));
    return vqmovn_high_s64(vqmovn_s64(lo), hi);
  }
  if (stage == QCC_STAGE_DOUBLE)
    x = vqshlq_s32(x, left);
  x = vqrdmulhq_s32(x, m);
  /* Ties away from zero: negative values one lower where n > 0. */
  x = stage == QCC_STAGE_RIGHT ? vsraq_n_s32(x, x, 31)
                               : vsraq_n_s32(x, vandq_s32(x, right), 31);
  return vrshlq_s32(x, right);
}

/* The output stage of 16 accumulators: x·M, plus the zero point, clamped
 * to [min, max], as 16 int8. */
QCC_ALWAYS_INLINE int8x16_t qcc_stage_16(int stage, const int32x4_t acc[4],
                                         const int32x4_t m[4],
                                         const int32x4_t left[4],
                                         const int32x4_t right[4],
                                         int32_t zero_point, int32_t min,
                                         int32_t max) {
  const int16x8_t zp = vdupq_n_s16((int16_t)zero_point);
  int32x4_t x0 = qcc_scale(stage, acc[0], m[0], left[0], right[0]);
  int32x4_t x1 = qcc_scale(stage, acc[1], m[1], left[1], right[1]);
  int32x4_t x2 = qcc_scale(stage, acc[2], m[2], left[2], right[2]);
  int32x4_t x3 = qcc_scale(stage, acc[3], m[3], left[3], right[3]);
  int16x8_t lo = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(x0), x1), zp);
  int16x8_t hi = vqaddq_s16(vqmovn_high_s32(vqmovn_s32(x2), x3), zp);
  int8x16_t v = vqmovn_high_s16(vqmovn_s16(lo), hi);
  return vminq_s8(vmaxq_s8(v, vdupq_n_s8((int8_t)min)),
                  vdupq_n_s8((int8_t)max));
}

/* The operands of qcc_stage_16 for the per-tensor stage `r`. */
QCC_ALWAYS_INLINE void qcc_tensor_stage(int stage, const qcc_requant_desc *r,
                                        int32x4_t m[4], int32x4_t left[4],
                                        int32x4_t right[4]) {
  int j;
  for (j = 0; j < 4; ++j) {
    m[j] = vdupq_n_s32(r->multiplier);
    qcc_stage_shifts(stage, vdupq_n_s32(r->shift), &left[j], &right[j]);
  }
}

/* The per-tensor stage `r` of a tile's 4 rows of 16 accumulators (all 4
 * computed, so that they stay in registers), the first `rows` stored from
 * out[i] + j. */
QCC_ALWAYS_INLINE void qcc_tensor_stage_kind_rows(int stage,
                                                  const qcc_requant_desc *r,
                                                  int32x4_t acc[4][4],
                                                  int rows,
                                                  int8_t *const out[4],
                                                  int32_t j) {
  int32x4_t m[4], left[4], right[4];
  int i;
  qcc_tensor_stage(stage, r, m, left, right);
#pragma GCC unroll 4
  for (i = 0; i < 4; ++i) {
    const int8x16_t v = qcc_stage_16(stage, acc[i], m, left, right,
                                     r->zero_point, r->min, r->max);
    if (i < rows)
      vst1q_s8(out[i] + j, v);
  }
}
QCC_ALWAYS_INLINE void qcc_tensor_stage_rows(const qcc_requant_desc *r,
                                             int32x4_t acc[4][4], int rows,
                                             int8_t *const out[4], int32_t j) {
  QCC_WITH_STAGE_KIND(qcc_tensor_stage_kind(r), qcc_tensor_stage_kind_rows, r,
                      acc, rows, out, j);
}

/* The output stage of 16 accumulators (one row of a tile, or 16 elements),
 * of which the first `n` are stored: x·M, plus the zero point, clamped to
 * [min, max]. */
QCC_ALWAYS_INLINE void qcc_stage_row(int stage, const qcc_gemm *g,
                                     const int32x4_t acc[4],
                                     const int32x4_t m[4],
                                     const int32x4_t left[4],
                                     const int32x4_t right[4], int32_t n,
                                     int8_t *out) {
  qcc_store_first(out,
                  qcc_stage_16(stage, acc, m, left, right, g->zero_point,
                               g->min, g->max),
                  n);
}

/* Finishes a tile the microkernel left in `raw` (qcc_finish_raw and the
 * output stage). */
QCC_ALWAYS_INLINE void qcc_finish_tile(int stage, const qcc_gemm *g, int rows,
                                       const int8_t *const a[4],
                                       const int8_t *panel, int32_t col,
                                       int32_t n, int8_t *const c[4],
                                       int32_t raw[4][16]) {
  int32x4_t m[4], shift[4], left[4], right[4];
  int32_t r, o;
  qcc_finish_raw(g, rows, a, panel, raw);
  qcc_load16(g->multiplier + col, n, m);
  qcc_load16(g->shift + col, n, shift);
  for (o = 0; o < 4; ++o)
    qcc_stage_shifts(stage, shift[o], &left[o], &right[o]);
  for (r = 0; r < rows; ++r) {
    int32x4_t acc[4];
    for (o = 0; o < 4; ++o)
      acc[o] = vld1q_s32(raw[r] + 4 * o);
    qcc_stage_row(stage, g, acc, m, left, right, n, c[r] + col);
  }
}

/* qcc_finish_tile for the stage of `g`, one copy per stage, out of line:
 * the rare path, kept out of the tile loops. */
static __attribute__((noinline, unused)) void
qcc_finish_tile_any(const qcc_gemm *g, int rows, const int8_t *const a[4],
                    const int8_t *panel, int32_t col, int32_t n,
                    int8_t *const c[4], int32_t raw[4][16]) {
  if (g->stage == QCC_STAGE_RIGHT)
    qcc_finish_tile(QCC_STAGE_RIGHT, g, rows, a, panel, col, n, c, raw);
  else if (g->stage == QCC_STAGE_DOUBLE)
    qcc_finish_tile(QCC_STAGE_DOUBLE, g, rows, a, panel, col, n, c, raw);
  else
    qcc_finish_tile(QCC_STAGE_SINGLE, g, rows, a, panel, col, n, c, raw);
}

/* The NEON entry name##_s8_neon of a kernel of one input whose descriptor
 * (`desc_type`) has a per-tensor output stage `out`, running
 * vectors(kind, d, input, output) for the stage's kind. Its body is
 * compiled once: the entry passes it a copy of its descriptor, so that
 * specializing calls on constant descriptors (qcc's LLVM emitter) copies
 * only the entry (as qcc_add_body in elementwise_neon.c). */
#define QCC_DEFINE_NEON_STAGE_ENTRY(name, desc_type, vectors)                  \
  static __attribute__((noinline)) void name##_body(                           \
      const desc_type *d, const int8_t *input, int8_t *output) {               \
    QCC_WITH_STAGE_KIND(qcc_tensor_stage_kind(&d->out), vectors, d, input,     \
                        output);                                               \
  }                                                                            \
  void name##_s8_neon(const desc_type *d, const int8_t *input,                 \
                      int8_t *output) {                                        \
    desc_type copy = *d;                                                       \
    name##_body(&copy, input, output);                                         \
  }

#endif /* QCC_KERNELS_GEMM_NEON_H */
