/*===- gemm_dotprod.c - GEMM-shaped kernels with SDOT --------------*- C -*-===//
//
// This file defines the AArch64 dot-product (+dotprod) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels on the
// register-blocked driver of gemm_driver.h. The microkernel is 4 rows by
// 16 channels (or 1 row by 16): 16 int32x4 accumulators in v16-v31. Per 32
// depth values it loads 32 bytes of each row with one LDP and eight 64-byte
// groups of the panel (packed with kr = 4: 16 channels × 4 depth values a
// group) with one LD1 each; each SDOT by lane adds 4 values of a row into 4
// channels: 128 SDOTs in 140 instructions, plus 2 for the loop every 64
// depth values. Steps of 32, 16, 8 and 4 depth values
// finish the row, and the common output stage (QCC_STAGE_RIGHT, see
// gemm_neon.h) runs in the same registers; one call runs a row tile against
// every whole panel. It is written as inline assembly
// so that every compiler emits exactly these instructions: compilers keep
// some of 16 accumulators and the output stage's 11 operand vectors in
// memory otherwise. Without __ARM_FEATURE_DOTPROD the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_FEATURE_DOTPROD)

#include "gemm_asm.h"

/* acc v<c> += panel vector v<b> · lane <lane> of row vector v<a>. */
#define QCC_SDOT(c, b, a, lane)                                                \
  "sdot v" #c ".4s, v" #b ".16b, v" #a ".4b[" #lane "]\n"
/* One row's 4 accumulators (channels 0-15) for one group. */
#define QCC_SDOT_ROW(c0, c1, c2, c3, a, lane)                                  \
  QCC_SDOT(c0, 8, a, lane) QCC_SDOT(c1, 9, a, lane)                            \
      QCC_SDOT(c2, 10, a, lane) QCC_SDOT(c3, 11, a, lane)
/* One group of 4 depth values for 4 rows (their values in v<a0>..v<a3>). */
#define QCC_GROUP_4(a0, a1, a2, a3, lane)                                      \
  QCC_LOAD_PANEL                                                               \
  QCC_SDOT_ROW(16, 17, 18, 19, a0, lane)                                       \
  QCC_SDOT_ROW(20, 21, 22, 23, a1, lane)                                       \
  QCC_SDOT_ROW(24, 25, 26, 27, a2, lane)                                       \
  QCC_SDOT_ROW(28, 29, 30, 31, a3, lane)
#define QCC_GROUPS_4(a0, a1, a2, a3)                                           \
  QCC_GROUP_4(a0, a1, a2, a3, 0) QCC_GROUP_4(a0, a1, a2, a3, 1)                \
      QCC_GROUP_4(a0, a1, a2, a3, 2) QCC_GROUP_4(a0, a1, a2, a3, 3)
#define QCC_GROUP_1(a0, lane) QCC_LOAD_PANEL QCC_SDOT_ROW(16, 17, 18, 19, a0, lane)
#define QCC_GROUPS_1(a0)                                                       \
  QCC_GROUP_1(a0, 0) QCC_GROUP_1(a0, 1) QCC_GROUP_1(a0, 2) QCC_GROUP_1(a0, 3)

/* 4 rows against `panels` consecutive panels, finished, or (panels == 0)
 * against one panel into raw. */
static void tile_4(const tile_args *args) {
  QCC_TILE_ASM(
      QCC_STAGE_CONSTANTS
      "0:\n"
      QCC_ROWS_4
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x13]\n"
      "ld1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x13]\n"
      "ld1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x13]\n"
      "ld1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x13], #64\n"
      QCC_DEPTH_LOOP("4", "3", "2", "1",
          QCC_LOAD32_4,
          QCC_GROUPS_4(0, 1, 2, 3) QCC_GROUPS_4(4, 5, 6, 7),
          QCC_LOAD16_4,
          QCC_GROUPS_4(0, 1, 2, 3),
          QCC_LOAD8_4,
          QCC_GROUP_4(0, 1, 2, 3, 0) QCC_GROUP_4(0, 1, 2, 3, 1),
          "tbz w16, #0, 5f\n"
          "ldr s0, [x0], #4\n"
          "ldr s1, [x1], #4\n"
          "ldr s2, [x2], #4\n"
          "ldr s3, [x3], #4\n"
          QCC_GROUP_4(0, 1, 2, 3, 0)
          "5:\n")
      QCC_PANEL_END("",
                    QCC_STAGE_ROW(16, 17, 18, 19, "x8", 11, 12)
                    QCC_STAGE_ROW(20, 21, 22, 23, "x9", 11, 12)
                    QCC_STAGE_ROW(24, 25, 26, 27, "x10", 11, 12)
                    QCC_STAGE_ROW(28, 29, 30, 31, "x11", 11, 12),
                    "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x20], #64\n"
                    "st1 {v20.4s, v21.4s, v22.4s, v23.4s}, [x20], #64\n"
                    "st1 {v24.4s, v25.4s, v26.4s, v27.4s}, [x20], #64\n"
                    "st1 {v28.4s, v29.4s, v30.4s, v31.4s}, [x20]\n"));
}

/* tile_4 for one row. */
static void tile_1(const tile_args *args) {
  QCC_TILE_ASM(
      QCC_STAGE_CONSTANTS
      "0:\n"
      "mov x0, x4\n"
      "ld1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x13], #64\n"
      QCC_DEPTH_LOOP("4", "3", "2", "1",
                     "ldp q0, q4, [x0], #32\n", QCC_GROUPS_1(0) QCC_GROUPS_1(4),
                     "ldr q0, [x0], #16\n", QCC_GROUPS_1(0),
                     "ldr d0, [x0], #8\n", QCC_GROUP_1(0, 0) QCC_GROUP_1(0, 1),
                     "tbz w16, #0, 5f\n"
                     "ldr s0, [x0], #4\n" QCC_GROUP_1(0, 0)
                     "5:\n")
      QCC_PANEL_END("", QCC_STAGE_ROW(16, 17, 18, 19, "x8", 11, 12),
                    "st1 {v16.4s, v17.4s, v18.4s, v19.4s}, [x20]\n"));
}

QCC_DEFINE_TILE(tile_dotprod, tile_4, tile_1)

QCC_DEFINE_GEMM_KERNELS(dotprod, tile_dotprod, 4, 4, 0)

#endif
