/*===- gemm_x86.h - The x86-64 output stage of 16 channels --------*- C -*-===//
//
// This file holds the output stage of 16 int32 accumulators (x86_vec.h's
// qcc_v16: one AVX-512 register or two AVX2 ones), for the x86-64 GEMM,
// depthwise and add kernels, and qcc_finish_tile_any for what the GEMM
// microkernels leave to C on the driver of gemm_driver.h (a last partial
// panel; scalar qcc_requantize for the rare stages).
//
// The vector stage is the common one (QCC_STAGE_RIGHT: double rounding,
// every shift n in [1, 31]), qcc_v16_scale, then the zero point added in
// int32 (|x| <= 2^30 after a right shift) and the clamp to int8 bounds, so
// that the narrowing only truncates: qcc_requantize bit for bit.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_GEMM_X86_H
#define QCC_KERNELS_GEMM_X86_H

#include "x86_vec.h"

#include "gemm_driver.h"

/* The operands of the output stage of 16 channels. */
typedef struct {
  qcc_v16_scaler scale;
  qcc_v16 zero_point, min, max;
} qcc_stage_x86;

/* The stage operands of the 16 channels at `multiplier` and `shift` (in
 * [1, 31], or in [0, 31] if `zero_shifts`), to `zero_point` and
 * [min, max]. */
QCC_ALWAYS_INLINE qcc_stage_x86 qcc_stage_x86_make(const int32_t *multiplier,
                                                   const int32_t *shift,
                                                   int zero_shifts,
                                                   int32_t zero_point,
                                                   int32_t min, int32_t max) {
  qcc_stage_x86 s;
  s.scale = qcc_v16_scaler_make(qcc_v16_load(multiplier), qcc_v16_load(shift),
                                zero_shifts);
  s.zero_point = qcc_v16_set1(zero_point);
  s.min = qcc_v16_set1(min);
  s.max = qcc_v16_set1(max);
  return s;
}

/* The same for the channels of a GEMM at `multiplier` and `shift` (its
 * QCC_STAGE_RIGHT stage: shifts in [1, 31]). */
QCC_ALWAYS_INLINE qcc_stage_x86 qcc_stage_x86_load(const qcc_gemm *g,
                                                   const int32_t *multiplier,
                                                   const int32_t *shift) {
  return qcc_stage_x86_make(multiplier, shift, 0, g->zero_point, g->min,
                            g->max);
}

/* The stage operands of a per-tensor output stage (multiplier, shift),
 * its shift in [1, 31], or in [0, 31] if `zero_shifts`. */
QCC_ALWAYS_INLINE qcc_stage_x86 qcc_stage_x86_tensor(
    int32_t multiplier, int32_t shift, int zero_shifts,
    const qcc_requant_desc *out) {
  int32_t m[16], n[16], j;
  for (j = 0; j < 16; ++j) {
    m[j] = multiplier;
    n[j] = shift;
  }
  return qcc_stage_x86_make(m, n, zero_shifts, out->zero_point, out->min,
                            out->max);
}

/* Whether `out` is the stage the vectors compute. */
static inline int qcc_x86_common_stage(const qcc_requant_desc *out) {
  return qcc_tensor_stage_kind(out) == QCC_STAGE_RIGHT;
}

/* The QCC_STAGE_RIGHT output stage of 16 accumulators, stored as 16 int8. */
QCC_ALWAYS_INLINE void qcc_stage_x86_store(const qcc_stage_x86 *s, qcc_v16 x,
                                           int8_t *out) {
  qcc_v16 r = qcc_v16_scale(x, &s->scale);
  r = qcc_v16_add(r, s->zero_point);
  qcc_v16_store_s8(out, qcc_v16_min(qcc_v16_max(r, s->min), s->max));
}

/* The output stage of g, of any kind, one value at a time: `n` accumulators
 * of the channels from `col`, stored to out. */
static inline void qcc_stage_scalar(const qcc_gemm *g, const int32_t *raw,
                                    int32_t col, int32_t n, int8_t *out) {
  const int rounding =
      g->stage == QCC_STAGE_SINGLE ? QCC_ROUND_SINGLE : QCC_ROUND_DOUBLE;
  int32_t o;
  for (o = 0; o < n; ++o)
    out[o] = (int8_t)qcc_requantize(raw[o], g->multiplier[col + o],
                                    g->shift[col + o], g->zero_point, g->min,
                                    g->max, rounding);
}

/* qcc_finish_raw and the output stage: the common one in a vector (a last
 * partial panel), the others in scalar code. */
static __attribute__((noinline, unused)) void
qcc_finish_tile_any(const qcc_gemm *g, int rows, const int8_t *const a[4],
                    const int8_t *panel, int32_t col, int32_t n,
                    int8_t *const c[4], int32_t raw[4][16]) {
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
      qcc_stage_x86_store(&s, qcc_v16_load(raw[r]), out);
      for (o = 0; o < n; ++o)
        c[r][col + o] = out[o];
    }
    return;
  }
  for (r = 0; r < rows; ++r)
    qcc_stage_scalar(g, raw[r], col, n, c[r] + col);
}

#endif /* QCC_KERNELS_GEMM_X86_H */
