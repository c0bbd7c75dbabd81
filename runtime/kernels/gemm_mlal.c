/*===- gemm_mlal.c - GEMM-shaped kernels with baseline NEON --------*- C -*-===//
//
// This file defines the baseline-NEON variants (every AArch64 core, e.g.
// Cortex-A53/A72, which have no SDOT) of the fully-connected,
// 1x1-convolution and KxK-convolution kernels on the driver of
// gemm_neon.h. Weights come in panels of 16 channels by groups of kr = 16
// depth values, one channel's 16 values a vector. Per 16 depth values of a
// row, each channel takes SMULL (the low 8 products, 16 bits), SMLAL2 (the
// high 8 added to them) and SADALP (pairs into its int32x4 accumulator): 48
// instructions for 256 multiply-adds, 32 values a loop turn; the first 16
// start the accumulators with SADDLP. The products of depth k and k + 8
// share a 16-bit lane: only -128·-128 twice (32768) overflows it, so the
// lowering chooses this kernel only where no channel has -128 weights at
// both (KernelCatalog's weightPairsFit). A row is 16 accumulators
// (v16-v31), reduced by ADDP into 4 vectors at the end and finished by
// gemm_asm.h's stage; a 4-row tile is 4 rows in turn, since the panel loads
// are few next to the arithmetic.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "gemm_asm.h"

/* Channels c..c+3 (accumulators v<c0>..): 16 depth values of the row in v0
 * against their panel vectors v4-v7. */
#define QCC_MLAL_ONE(acc, b, t)                                                \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "smlal2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
#define QCC_MLAL_4(a0, a1, a2, a3)                                             \
  "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x12], #64\n"                         \
  QCC_MLAL_ONE(a0, 4, 8) QCC_MLAL_ONE(a1, 5, 9) QCC_MLAL_ONE(a2, 6, 10)        \
  QCC_MLAL_ONE(a3, 7, 11)
/* 16 values of the row against all 16 channels. */
#define QCC_MLAL_16                                                            \
  "ldr q0, [x0], #16\n"                                                        \
  QCC_MLAL_4(16, 17, 18, 19) QCC_MLAL_4(20, 21, 22, 23)                        \
  QCC_MLAL_4(24, 25, 26, 27) QCC_MLAL_4(28, 29, 30, 31)
/* QCC_MLAL_4 that starts the accumulators instead (SADDLP). */
#define QCC_MLAL_START_ONE(acc, b, t)                                          \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "smlal2 v" #t ".8h, v0.16b, v" #b ".16b\n"                                   \
  "saddlp v" #acc ".4s, v" #t ".8h\n"
#define QCC_MLAL_START_4(a0, a1, a2, a3)                                       \
  "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x12], #64\n"                         \
  QCC_MLAL_START_ONE(a0, 4, 8) QCC_MLAL_START_ONE(a1, 5, 9)                    \
  QCC_MLAL_START_ONE(a2, 6, 10) QCC_MLAL_START_ONE(a3, 7, 11)
/* The same for 8 values (v0's low half; the panel's high halves are the
 * zeros past the end of the row). */
#define QCC_MULL_ONE(acc, b, t)                                                \
  "smull v" #t ".8h, v0.8b, v" #b ".8b\n"                                      \
  "sadalp v" #acc ".4s, v" #t ".8h\n"
#define QCC_MULL_4(a0, a1, a2, a3)                                             \
  "ld1 {v4.16b, v5.16b, v6.16b, v7.16b}, [x12], #64\n"                         \
  QCC_MULL_ONE(a0, 4, 8) QCC_MULL_ONE(a1, 5, 9) QCC_MULL_ONE(a2, 6, 10)        \
  QCC_MULL_ONE(a3, 7, 11)
/* Accumulators v<a>..v<a+3> (channels c..c+3) into the sums of v<a>. */
#define QCC_REDUCE(a, a1, a2, a3)                                              \
  "addp v" #a ".4s, v" #a ".4s, v" #a1 ".4s\n"                                 \
  "addp v" #a2 ".4s, v" #a2 ".4s, v" #a3 ".4s\n"                               \
  "addp v" #a ".4s, v" #a ".4s, v" #a2 ".4s\n"

/* One row (x4, output x8) against `panels` consecutive panels, finished,
 * or (panels == 0) against one panel into raw (x20). */
static void row_16(const tile_args *args) {
  QCC_TILE_ASM(
      QCC_STAGE_CONSTANTS
      "0:\n"
      "mov x0, x4\n"
      "mov w24, w16\n"
      /* The first 16 values start the accumulators (SADDLP), when there
       * are 16; otherwise they start at zero. */
      "cmp w24, #2\n"
      "b.lt 9f\n"
      "ldr q0, [x0], #16\n"
      QCC_MLAL_START_4(16, 17, 18, 19) QCC_MLAL_START_4(20, 21, 22, 23)
      QCC_MLAL_START_4(24, 25, 26, 27) QCC_MLAL_START_4(28, 29, 30, 31)
      "sub w24, w24, #2\n"
      "b 8f\n"
      "9:\n"
      "movi v16.4s, #0\n" "movi v17.4s, #0\n" "movi v18.4s, #0\n"
      "movi v19.4s, #0\n" "movi v20.4s, #0\n" "movi v21.4s, #0\n"
      "movi v22.4s, #0\n" "movi v23.4s, #0\n" "movi v24.4s, #0\n"
      "movi v25.4s, #0\n" "movi v26.4s, #0\n" "movi v27.4s, #0\n"
      "movi v28.4s, #0\n" "movi v29.4s, #0\n" "movi v30.4s, #0\n"
      "movi v31.4s, #0\n"
      "8:\n"
      "lsr w19, w24, #2\n"
      "cbz w19, 2f\n"
      "1:\n"
      QCC_MLAL_16 QCC_MLAL_16
      "subs w19, w19, #1\n"
      "b.ne 1b\n"
      "2:\n"
      "tbz w24, #1, 5f\n"
      QCC_MLAL_16
      "5:\n"
      "tbz w24, #0, 3f\n"
      "ldr d0, [x0], #8\n"
      QCC_MULL_4(16, 17, 18, 19) QCC_MULL_4(20, 21, 22, 23)
      QCC_MULL_4(24, 25, 26, 27) QCC_MULL_4(28, 29, 30, 31)
      "3:\n"
      QCC_REDUCE(16, 17, 18, 19) QCC_REDUCE(20, 21, 22, 23)
      QCC_REDUCE(24, 25, 26, 27) QCC_REDUCE(28, 29, 30, 31)
      "ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x13], #64\n"
      "add v16.4s, v16.4s, v0.4s\n"
      "add v20.4s, v20.4s, v1.4s\n"
      "add v24.4s, v24.4s, v2.4s\n"
      "add v28.4s, v28.4s, v3.4s\n"
      QCC_PANEL_END("", QCC_STAGE_ROW(16, 20, 24, 28, "x8", 11, 12),
                    "st1 {v16.4s}, [x20], #16\n"
                    "st1 {v20.4s}, [x20], #16\n"
                    "st1 {v24.4s}, [x20], #16\n"
                    "st1 {v28.4s}, [x20]\n"));
}

QCC_ALWAYS_INLINE void tile_mlal(int rows, const int8_t *const a[4],
                                 int32_t units, const int8_t *panel,
                                 const int32_t *bias,
                                 const int32_t *multiplier,
                                 const int32_t *shift, const qcc_gemm *g,
                                 int8_t *const c[4], int32_t panels,
                                 int32_t raw[4][16]) {
  int r;
  for (r = 0; r < rows; ++r) {
    const int8_t *row[4] = {a[r], 0, 0, 0};
    int8_t *out[4] = {c[r], 0, 0, 0};
    tile_args args = qcc_tile_args(row, units, panel, bias, multiplier, shift,
                                   g, out, panels, raw + r);
    row_16(&args);
  }
}

QCC_DEFINE_GEMM_KERNELS(neon, tile_mlal, 16, 8)

#endif
