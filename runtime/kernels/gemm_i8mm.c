/*===- gemm_i8mm.c - GEMM-shaped kernels with SMMLA ----------------*- C -*-===//
//
// This file defines the AArch64 matrix-multiply (+i8mm) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels on the
// driver of gemm_driver.h. Weights come in panels of 16 channels by groups
// of kr = 8 depth values, so that one 16-byte vector holds 2 channels × 8
// values; rows are zipped in pairs (ZIP1/ZIP2 of their 8-byte halves) into
// the same shape, and each SMMLA adds a 2x2 block of rows × channels (32
// multiply-adds). A 4x16 tile keeps its 2 row pairs × 8 channel pairs in
// v16-v31: per 32 depth values 4 LDPs, 8 ZIPs, 8 LD1s and 64 SMMLAs. The
// output stage unzips the blocks into rows (ZIP of 64-bit halves) and runs
// the stage of gemm_asm.h. A single row is paired with itself. Without
// __ARM_FEATURE_MATMUL_INT8 the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_FEATURE_MATMUL_INT8)

#include "gemm_asm.h"

/* acc v<c> += row pair v<a> · channel pair v<b> (2x2 of 8-value dots). */
#define QCC_SMMLA(c, a, b) "smmla v" #c ".4s, v" #a ".16b, v" #b ".16b\n"
/* One group of 8 values: channel pairs 0-3, then 4-7, for row pairs v<p0>
 * (accumulators v16-v23) and v<p1> (v24-v31). */
#define QCC_MMLA_GROUP_4(p0, p1)                                               \
  QCC_LOAD_PANEL                                                               \
  QCC_SMMLA(16, p0, 8) QCC_SMMLA(17, p0, 9) QCC_SMMLA(18, p0, 10)              \
  QCC_SMMLA(19, p0, 11) QCC_SMMLA(24, p1, 8) QCC_SMMLA(25, p1, 9)              \
  QCC_SMMLA(26, p1, 10) QCC_SMMLA(27, p1, 11)                                  \
  QCC_LOAD_PANEL                                                               \
  QCC_SMMLA(20, p0, 8) QCC_SMMLA(21, p0, 9) QCC_SMMLA(22, p0, 10)              \
  QCC_SMMLA(23, p0, 11) QCC_SMMLA(28, p1, 8) QCC_SMMLA(29, p1, 9)              \
  QCC_SMMLA(30, p1, 10) QCC_SMMLA(31, p1, 11)
/* The same for one row paired with itself (accumulators v16-v23). */
#define QCC_MMLA_GROUP_1(p0)                                                   \
  QCC_LOAD_PANEL                                                               \
  QCC_SMMLA(16, p0, 8) QCC_SMMLA(17, p0, 9) QCC_SMMLA(18, p0, 10)              \
  QCC_SMMLA(19, p0, 11)                                                        \
  QCC_LOAD_PANEL                                                               \
  QCC_SMMLA(20, p0, 8) QCC_SMMLA(21, p0, 9) QCC_SMMLA(22, p0, 10)              \
  QCC_SMMLA(23, p0, 11)
#define QCC_MMLA_16_1(r0)                                                      \
  "zip1 v12.2d, v" #r0 ".2d, v" #r0 ".2d\n"                                    \
  "zip2 v13.2d, v" #r0 ".2d, v" #r0 ".2d\n"                                    \
  QCC_MMLA_GROUP_1(12) QCC_MMLA_GROUP_1(13)

/* Accumulators v16-v23 start at the bias of their channel pair, twice
 * (both rows of the 2x2 block). */
#define QCC_MMLA_BIAS                                                          \
  "ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x13], #64\n"                             \
  "zip1 v16.2d, v0.2d, v0.2d\n"                                                \
  "zip2 v17.2d, v0.2d, v0.2d\n"                                                \
  "zip1 v18.2d, v1.2d, v1.2d\n"                                                \
  "zip2 v19.2d, v1.2d, v1.2d\n"                                                \
  "zip1 v20.2d, v2.2d, v2.2d\n"                                                \
  "zip2 v21.2d, v2.2d, v2.2d\n"                                                \
  "zip1 v22.2d, v3.2d, v3.2d\n"                                                \
  "zip2 v23.2d, v3.2d, v3.2d\n"

/* Row pair accumulators v<c0>..v<c7> (channel pairs 0-7) unzipped into rows:
 * the first row in v<t>, v<c0>, v<c2>, v<c4>, the second in v<c1>, v<c3>,
 * v<c5>, v<c7>; v<c6> is free afterwards. */
#define QCC_UNZIP(t, c0, c1, c2, c3, c4, c5, c6, c7)                           \
  "zip1 v" #t ".2d, v" #c0 ".2d, v" #c1 ".2d\n"                                \
  "zip2 v" #c1 ".2d, v" #c0 ".2d, v" #c1 ".2d\n"                               \
  "zip1 v" #c0 ".2d, v" #c2 ".2d, v" #c3 ".2d\n"                               \
  "zip2 v" #c3 ".2d, v" #c2 ".2d, v" #c3 ".2d\n"                               \
  "zip1 v" #c2 ".2d, v" #c4 ".2d, v" #c5 ".2d\n"                               \
  "zip2 v" #c5 ".2d, v" #c4 ".2d, v" #c5 ".2d\n"                               \
  "zip1 v" #c4 ".2d, v" #c6 ".2d, v" #c7 ".2d\n"                               \
  "zip2 v" #c7 ".2d, v" #c6 ".2d, v" #c7 ".2d\n"

/* 4 rows, packed in pairs by pack_pairs (x4), against `panels`
 * consecutive panels, finished, or (panels == 0) against one panel into raw
 * (in row order). */
static void tile_4(const tile_args *args) {
  QCC_TILE_ASM(
      QCC_STAGE_CONSTANTS
      "0:\n"
      "mov x0, x4\n"
      QCC_MMLA_BIAS
      "mov v24.16b, v16.16b\n"
      "mov v25.16b, v17.16b\n"
      "mov v26.16b, v18.16b\n"
      "mov v27.16b, v19.16b\n"
      "mov v28.16b, v20.16b\n"
      "mov v29.16b, v21.16b\n"
      "mov v30.16b, v22.16b\n"
      "mov v31.16b, v23.16b\n"
      QCC_DEPTH_LOOP("3", "2", "1", "0",
          "ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64\n"
          "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x0], #64\n",
          QCC_MMLA_GROUP_4(0, 1) QCC_MMLA_GROUP_4(2, 3)
          QCC_MMLA_GROUP_4(4, 5) QCC_MMLA_GROUP_4(6, 7),
          "ld1 {v0.16b, v1.16b, v2.16b, v3.16b}, [x0], #64\n",
          QCC_MMLA_GROUP_4(0, 1) QCC_MMLA_GROUP_4(2, 3),
          "ld1 {v0.16b, v1.16b}, [x0], #32\n",
          QCC_MMLA_GROUP_4(0, 1),
          "")
      QCC_UNZIP(12, 16, 17, 18, 19, 20, 21, 22, 23)
      QCC_UNZIP(22, 24, 25, 26, 27, 28, 29, 30, 31)
      QCC_PANEL_END("",
                    QCC_STAGE_ROW(12, 16, 18, 20, "x8", 8, 9)
                    QCC_STAGE_ROW(17, 19, 21, 23, "x9", 8, 9)
                    QCC_STAGE_ROW(22, 24, 26, 28, "x10", 8, 9)
                    QCC_STAGE_ROW(25, 27, 29, 31, "x11", 8, 9),
                    "st1 {v12.4s}, [x20], #16\n"
                    "st1 {v16.4s}, [x20], #16\n"
                    "st1 {v18.4s}, [x20], #16\n"
                    "st1 {v20.4s}, [x20], #16\n"
                    "st1 {v17.4s}, [x20], #16\n"
                    "st1 {v19.4s}, [x20], #16\n"
                    "st1 {v21.4s}, [x20], #16\n"
                    "st1 {v23.4s}, [x20], #16\n"
                    "st1 {v22.4s}, [x20], #16\n"
                    "st1 {v24.4s}, [x20], #16\n"
                    "st1 {v26.4s}, [x20], #16\n"
                    "st1 {v28.4s}, [x20], #16\n"
                    "st1 {v25.4s}, [x20], #16\n"
                    "st1 {v27.4s}, [x20], #16\n"
                    "st1 {v29.4s}, [x20], #16\n"
                    "st1 {v31.4s}, [x20]\n"));
}

/* Rows a[0..3] (units groups of 8 values) in the order tile_4 reads them:
 * per group, [row 0 | row 1] and [row 2 | row 3], 8 values each. */
static inline void pack_pairs(const int8_t *const a[4], int32_t units,
                              int8_t *out) {
  int32_t u = 0;
  for (; u + 2 <= units; u += 2, out += 64) {
    const int64x2_t r0 = vreinterpretq_s64_s8(vld1q_s8(a[0] + 8 * u));
    const int64x2_t r1 = vreinterpretq_s64_s8(vld1q_s8(a[1] + 8 * u));
    const int64x2_t r2 = vreinterpretq_s64_s8(vld1q_s8(a[2] + 8 * u));
    const int64x2_t r3 = vreinterpretq_s64_s8(vld1q_s8(a[3] + 8 * u));
    vst1q_s8(out, vreinterpretq_s8_s64(vzip1q_s64(r0, r1)));
    vst1q_s8(out + 16, vreinterpretq_s8_s64(vzip1q_s64(r2, r3)));
    vst1q_s8(out + 32, vreinterpretq_s8_s64(vzip2q_s64(r0, r1)));
    vst1q_s8(out + 48, vreinterpretq_s8_s64(vzip2q_s64(r2, r3)));
  }
  if (u < units) {
    vst1q_s8(out, vcombine_s8(vld1_s8(a[0] + 8 * u), vld1_s8(a[1] + 8 * u)));
    vst1q_s8(out + 16,
             vcombine_s8(vld1_s8(a[2] + 8 * u), vld1_s8(a[3] + 8 * u)));
  }
}

/* tile_4 for one row (paired with itself). */
static void tile_1(const tile_args *args) {
  QCC_TILE_ASM(
      "0:\n"
      "mov x0, x4\n"
      QCC_MMLA_BIAS
      QCC_DEPTH_LOOP("3", "2", "1", "0",
                     "ldp q0, q4, [x0], #32\n",
                     QCC_MMLA_16_1(0) QCC_MMLA_16_1(4),
                     "ldr q0, [x0], #16\n", QCC_MMLA_16_1(0),
                     "ldr d0, [x0], #8\n",
                     "zip1 v12.2d, v0.2d, v0.2d\n" QCC_MMLA_GROUP_1(12),
                     "")
      "zip1 v24.2d, v16.2d, v17.2d\n"
      "zip1 v25.2d, v18.2d, v19.2d\n"
      "zip1 v26.2d, v20.2d, v21.2d\n"
      "zip1 v27.2d, v22.2d, v23.2d\n"
      QCC_PANEL_END(QCC_STAGE_CONSTANTS,
                    QCC_STAGE_ROW(24, 25, 26, 27, "x8", 8, 9),
                    "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x20]\n"));
}

QCC_ALWAYS_INLINE void tile_i8mm(QCC_TILE_PARAMS) {
  if (rows == 4) {
    const int8_t *packed[4] = {g->pack, 0, 0, 0};
    tile_args args;
    pack_pairs(a, units, g->pack);
    args = qcc_tile_args(packed, units, panel, bias, multiplier, shift, g, c,
                         panels, raw);
    tile_4(&args);
  } else {
    tile_args args = qcc_tile_args(a, units, panel, bias, multiplier, shift,
                                   g, c, panels, raw);
    tile_1(&args);
  }
}

QCC_DEFINE_PACKED_GEMM_KERNELS(i8mm, tile_i8mm, 8, 8, 0)

#endif
