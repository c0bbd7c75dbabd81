/*===- gemm_mlal.c - GEMM-shaped kernels with baseline NEON --------*- C -*-===//
//
// This file defines the baseline-NEON variants (every AArch64 core, e.g.
// Cortex-A53/A72, which have no SDOT) of the fully-connected,
// 1x1-convolution and KxK-convolution kernels on the driver of
// gemm_driver.h. Weights come in panels of 16 channels by groups of kr = 16
// depth values, one channel's 16 values a vector. Per 16 depth values of a
// row, each channel takes SMULL (the low 8 products, 16 bits), SMLAL2 (the
// high 8 added to them) and SADALP (pairs into its int32x4 accumulator): 48
// instructions for 256 multiply-adds, 32 values a loop turn; the first 16
// start the accumulators with SADDLP. The products of depth k and k + 8
// share a 16-bit lane: only -128·-128 twice (32768) overflows it, so the
// lowering chooses this kernel only where no channel has -128 weights at
// both (KernelCatalog's weightPairsFit); the `_neon_wide` kernels, which
// widen each 8 products on their own (64 instructions for 256), take the
// others. A row is 16 accumulators
// (v16-v31), reduced by ADDP into 4 vectors at the end and finished by
// gemm_asm.h's stage; a 4-row tile is 4 rows in turn, since the panel loads
// are few next to the arithmetic.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "gemm_asm.h"

/* What one channel (panel vector v<b>, accumulator v<acc>, temporary v<t>)
 * does with 16 depth values of the row in v0: paired (the high 8 products
 * added to the low 8 in 16 bits) or wide (each 8 widened on its own), and
 * the same starting the accumulator (SADDLP) instead of adding to it. */
#define QCC_PAIRED(acc, b, t)                                                  \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "smlal2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
#define QCC_PAIRED_START(acc, b, t)                                            \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "smlal2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "saddlp v" #acc ".4s, v" #t ".8h\n"
#define QCC_WIDE(acc, b, t)                                                    \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "sadalp v" #acc ".4s, v" #t ".8h\n"                                          \
  "smull2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
#define QCC_WIDE_START(acc, b, t)                                              \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "saddlp v" #acc ".4s, v" #t ".8h\n"                                          \
  "smull2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
/* 8 values (v0's low half; the panel's high halves are the zeros past the
 * end of the row). */
#define QCC_HALF(acc, b, t)                                                    \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
/* `op` for channels c..c+3 (accumulators v<a0>..v<a3>), their panel
 * vectors loaded into v4-v7. */
#define QCC_CHANNELS_4(op, a0, a1, a2, a3)                                     \
  "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x12], #64\n"                         \
  op(a0, 4, 8) op(a1, 5, 9) op(a2, 6, 10) op(a3, 7, 11)
/* `op` for all 16 channels (accumulators v16-v31). */
#define QCC_CHANNELS_16(op)                                                    \
  QCC_CHANNELS_4(op, 16, 17, 18, 19) QCC_CHANNELS_4(op, 20, 21, 22, 23)        \
  QCC_CHANNELS_4(op, 24, 25, 26, 27) QCC_CHANNELS_4(op, 28, 29, 30, 31)
/* Accumulators v<a>..v<a+3> (channels c..c+3) into the sums of v<a>. */
#define QCC_REDUCE(a, a1, a2, a3)                                              \
  "addp v" #a ".4s, v" #a ".4s, v" #a1 ".4s\n"                                 \
  "addp v" #a2 ".4s, v" #a2 ".4s, v" #a3 ".4s\n"                               \
  "addp v" #a ".4s, v" #a ".4s, v" #a2 ".4s\n"

/* One row (x4, output x8) against `panels` consecutive panels, finished,
 * or (panels == 0) against one panel into raw (x20), with `op` and `start`
 * (QCC_PAIRED or QCC_WIDE) for 16 depth values. */
#define QCC_ROW_16(op, start)                                                  \
  QCC_TILE_ASM(                                                                \
      QCC_STAGE_CONSTANTS                                                      \
      "0:\n"                                                                   \
      "mov x0, x4\n"                                                           \
      "mov w24, w16\n"                                                         \
      /* The first 16 values start the accumulators, when there are 16;     \
       * otherwise they start at zero. */                                      \
      "cmp w24, #2\n"                                                          \
      "b.lt 9f\n"                                                              \
      "ldr q0, [x0], #16\n" QCC_CHANNELS_16(start)                             \
      "sub w24, w24, #2\n"                                                     \
      "b 8f\n"                                                                 \
      "9:\n"                                                                   \
      "movi v16.4s, #0\n" "movi v17.4s, #0\n" "movi v18.4s, #0\n"              \
      "movi v19.4s, #0\n" "movi v20.4s, #0\n" "movi v21.4s, #0\n"              \
      "movi v22.4s, #0\n" "movi v23.4s, #0\n" "movi v24.4s, #0\n"              \
      "movi v25.4s, #0\n" "movi v26.4s, #0\n" "movi v27.4s, #0\n"              \
      "movi v28.4s, #0\n" "movi v29.4s, #0\n" "movi v30.4s, #0\n"              \
      "movi v31.4s, #0\n"                                                      \
      "8:\n"                                                                   \
      "lsr w19, w24, #2\n"                                                     \
      "cbz w19, 2f\n"                                                          \
      "1:\n"                                                                   \
      "ldr q0, [x0], #16\n" QCC_CHANNELS_16(op)                                \
      "ldr q0, [x0], #16\n" QCC_CHANNELS_16(op)                                \
      "subs w19, w19, #1\n"                                                    \
      "b.ne 1b\n"                                                              \
      "2:\n"                                                                   \
      "tbz w24, #1, 5f\n"                                                      \
      "ldr q0, [x0], #16\n" QCC_CHANNELS_16(op)                                \
      "5:\n"                                                                   \
      "tbz w24, #0, 3f\n"                                                      \
      "ldr d0, [x0], #8\n" QCC_CHANNELS_16(QCC_HALF)                           \
      "3:\n"                                                                   \
      QCC_REDUCE(16, 17, 18, 19) QCC_REDUCE(20, 21, 22, 23)                    \
      QCC_REDUCE(24, 25, 26, 27) QCC_REDUCE(28, 29, 30, 31)                    \
      "ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x13], #64\n"                         \
      "add v16.4s, v16.4s, v0.4s\n"                                            \
      "add v20.4s, v20.4s, v1.4s\n"                                            \
      "add v24.4s, v24.4s, v2.4s\n"                                            \
      "add v28.4s, v28.4s, v3.4s\n"                                            \
      QCC_PANEL_END("", QCC_STAGE_ROW(16, 20, 24, 28, "x8", 11, 12),           \
                    "st1 {v16.4s}, [x20], #16\n"                               \
                    "st1 {v20.4s}, [x20], #16\n"                               \
                    "st1 {v24.4s}, [x20], #16\n"                               \
                    "st1 {v28.4s}, [x20]\n"))

static void row_paired(const tile_args *args) {
  QCC_ROW_16(QCC_PAIRED, QCC_PAIRED_START);
}

static void row_wide(const tile_args *args) {
  QCC_ROW_16(QCC_WIDE, QCC_WIDE_START);
}

/* The rows of a tile one by one through `row`. */
QCC_ALWAYS_INLINE void qcc_mlal_rows(void (*row)(const tile_args *),
                                     QCC_TILE_PARAMS) {
  int r;
  for (r = 0; r < rows; ++r) {
    const int8_t *one[4] = {a[r], 0, 0, 0};
    int8_t *out[4] = {c[r], 0, 0, 0};
    tile_args args = qcc_tile_args(one, units, panel, bias, multiplier, shift,
                                   g, out, panels, raw + r);
    row(&args);
  }
}

QCC_ALWAYS_INLINE void tile_paired(QCC_TILE_PARAMS) {
  qcc_mlal_rows(row_paired, rows, a, units, panel, bias, multiplier, shift, g,
                c, panels, raw);
}

QCC_ALWAYS_INLINE void tile_wide(QCC_TILE_PARAMS) {
  qcc_mlal_rows(row_wide, rows, a, units, panel, bias, multiplier, shift, g,
                c, panels, raw);
}

QCC_DEFINE_GEMM_KERNELS(neon, tile_paired, 16, 8, 0)
QCC_DEFINE_GEMM_KERNELS(neon_wide, tile_wide, 16, 8, 0)

#endif
