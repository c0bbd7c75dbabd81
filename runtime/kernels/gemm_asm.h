/*===- gemm_asm.h - Assembly pieces of the AArch64 GEMM tiles ------*- C -*-===//
//
// This file holds what the SDOT and SMMLA microkernels (gemm_dotprod.c,
// gemm_i8mm.c) share as inline-assembly text: their arguments in fixed
// registers, the depth loop's structure, and the QCC_STAGE_RIGHT output
// stage of one row (see gemm_neon.h for why it equals qcc_requantize).
// Register use: accumulators v16-v31, rows v0-v7, panel vectors v8-v11,
// stage constants v13-v15; rows x0-x3 (walking copies of x4-x7), outputs
// x8-x11, panel x12, bias x13, multipliers x14, shifts x15.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_GEMM_ASM_H
#define QCC_KERNELS_GEMM_ASM_H

#include "gemm_neon.h"

/* The QCC_STAGE_RIGHT output stage of one row (accumulators v<x0>..v<x3>)
 * into the 16 bytes of v<t0>, with v<t1> as a temporary: multipliers in
 * v0-v3, -n in v4-v7, the zero point in v13, the bounds in v14 and v15
 * (QCC_STAGE_CONSTANTS). */
#define QCC_STAGE_VALUE(x0, x1, x2, x3, t0, t1)                                \
  "sqrdmulh v" #x0 ".4s, v" #x0 ".4s, v0.4s\n"                                 \
  "sqrdmulh v" #x1 ".4s, v" #x1 ".4s, v1.4s\n"                                 \
  "sqrdmulh v" #x2 ".4s, v" #x2 ".4s, v2.4s\n"                                 \
  "sqrdmulh v" #x3 ".4s, v" #x3 ".4s, v3.4s\n"                                 \
  "ssra v" #x0 ".4s, v" #x0 ".4s, #31\n"                                       \
  "ssra v" #x1 ".4s, v" #x1 ".4s, #31\n"                                       \
  "ssra v" #x2 ".4s, v" #x2 ".4s, #31\n"                                       \
  "ssra v" #x3 ".4s, v" #x3 ".4s, #31\n"                                       \
  "srshl v" #x0 ".4s, v" #x0 ".4s, v4.4s\n"                                    \
  "srshl v" #x1 ".4s, v" #x1 ".4s, v5.4s\n"                                    \
  "srshl v" #x2 ".4s, v" #x2 ".4s, v6.4s\n"                                    \
  "srshl v" #x3 ".4s, v" #x3 ".4s, v7.4s\n"                                    \
  "sqxtn v" #t0 ".4h, v" #x0 ".4s\n"                                          \
  "sqxtn2 v" #t0 ".8h, v" #x1 ".4s\n"                                         \
  "sqxtn v" #t1 ".4h, v" #x2 ".4s\n"                                          \
  "sqxtn2 v" #t1 ".8h, v" #x3 ".4s\n"                                         \
  "sqadd v" #t0 ".8h, v" #t0 ".8h, v13.8h\n"                                  \
  "sqadd v" #t1 ".8h, v" #t1 ".8h, v13.8h\n"                                  \
  "sqxtn v" #t0 ".8b, v" #t0 ".8h\n"                                          \
  "sqxtn2 v" #t0 ".16b, v" #t1 ".8h\n"                                        \
  "smax v" #t0 ".16b, v" #t0 ".16b, v14.16b\n"                                \
  "smin v" #t0 ".16b, v" #t0 ".16b, v15.16b\n"

/* QCC_STAGE_VALUE stored at register `out`, which moves on by 16. */
#define QCC_STAGE_ROW(x0, x1, x2, x3, out, t0, t1)                             \
  QCC_STAGE_VALUE(x0, x1, x2, x3, t0, t1) "str q" #t0 ", [" out "], #16\n"

/* The stage's per-channel operands of the panel, moving on to the next. */
#define QCC_STAGE_OPERANDS                                                     \
  "ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x14], #64\n"                             \
  "ld1 {v4.4s, v5.4s, v6.4s, v7.4s}, [x15], #64\n"                             \
  "neg v4.4s, v4.4s\n"                                                         \
  "neg v5.4s, v5.4s\n"                                                         \
  "neg v6.4s, v6.4s\n"                                                         \
  "neg v7.4s, v7.4s\n"

/* A row tile's arguments, loaded by QCC_TILE_PROLOGUE into fixed registers
 * (asm operands are too few for them): rows x4-x7 (walked by copies in
 * x0-x3), outputs x8-x11, panels x12, bias x13, multipliers x14, shifts x15,
 * units (depth / granule) w16, panel count w17 (0: one panel into raw, x20), the zero point
 * and bounds w21-w23; w19 counts the depth loop. */
typedef struct {
  const int8_t *a[4];
  int8_t *c[4];
  const int8_t *w;
  const int32_t *bias, *multiplier, *shift;
  int64_t units, panels, zero_point, min, max;
  int32_t *raw;
} tile_args;

#define QCC_TILE_PROLOGUE                                                      \
  "ldp x4, x5, [%[args]]\n"                                                    \
  "ldp x6, x7, [%[args], #16]\n"                                               \
  "ldp x8, x9, [%[args], #32]\n"                                               \
  "ldp x10, x11, [%[args], #48]\n"                                             \
  "ldp x12, x13, [%[args], #64]\n"                                             \
  "ldp x14, x15, [%[args], #80]\n"                                             \
  "ldp x16, x17, [%[args], #96]\n"                                             \
  "ldp x21, x22, [%[args], #112]\n"                                            \
  "ldp x23, x20, [%[args], #128]\n"

/* The zero point and bounds into v13-v15. */
#define QCC_STAGE_CONSTANTS                                                    \
  "dup v13.8h, w21\n"                                                          \
  "dup v14.16b, w22\n"                                                         \
  "dup v15.16b, w23\n"

/* The depth loop of a row tile, 64 values a turn: `load32` loads 32 values
 * of each row (LDP into v0-v3 and v4-v7), `load16` and `load8` fewer into
 * v0-v3, and each `body` accumulates what its load brought. w16 holds the
 * depth in units (granules); `shift64` is log2 of the units in 64 values,
 * and the tests of bits `bit32`, `bit16` and `bit8` of w16 pick the steps a
 * ragged depth needs; `tail4` handles the granule of 4 where there is one. */
#define QCC_DEPTH_LOOP(shift64, bit32, bit16, bit8, load32, body32, load16,    \
                       body16, load8, body8, tail4)                            \
  "lsr w19, w16, #" shift64 "\n"                                               \
  "cbz w19, 8f\n"                                                              \
  "1:\n" load32 body32 load32 body32                                           \
  "subs w19, w19, #1\n"                                                        \
  "b.ne 1b\n"                                                                  \
  "8:\n"                                                                       \
  "tbz w16, #" bit32 ", 2f\n" load32 body32                                    \
  "2:\n"                                                                       \
  "tbz w16, #" bit16 ", 3f\n" load16 body16                                    \
  "3:\n"                                                                       \
  "tbz w16, #" bit8 ", 4f\n" load8 body8                                       \
  "4:\n" tail4

#define QCC_CLOBBERS                                                           \
  "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10", "v11",    \
      "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20", "v21",    \
      "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30", "v31",    \
      "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9", "x10", "x11", \
      "x12", "x13", "x14", "x15", "x16", "x17", "x19", "x20", "x21", "x22",    \
      "x23", "x24", "cc", "memory"

/* The next 64 panel bytes into v8-v11. */
#define QCC_LOAD_PANEL "ld1 {v8.16b, v9.16b, v10.16b, v11.16b}, [x12], #64\n"

/* The row loads of a 4-row tile (rows x0-x3): 32 values (v0-v3 and v4-v7),
 * 16 or 8 (v0-v3). */
#define QCC_LOAD32_4                                                           \
  "ldp q0, q4, [x0], #32\n"                                                    \
  "ldp q1, q5, [x1], #32\n"                                                    \
  "ldp q2, q6, [x2], #32\n"                                                    \
  "ldp q3, q7, [x3], #32\n"
#define QCC_LOAD16_4                                                           \
  "ldr q0, [x0], #16\n"                                                        \
  "ldr q1, [x1], #16\n"                                                        \
  "ldr q2, [x2], #16\n"                                                        \
  "ldr q3, [x3], #16\n"
#define QCC_LOAD8_4                                                            \
  "ldr d0, [x0], #8\n"                                                         \
  "ldr d1, [x1], #8\n"                                                         \
  "ldr d2, [x2], #8\n"                                                         \
  "ldr d3, [x3], #8\n"
/* The start of a 4-row tile's panel: the rows' walking copies. */
#define QCC_ROWS_4                                                             \
  "mov x0, x4\n"                                                               \
  "mov x1, x5\n"                                                               \
  "mov x2, x6\n"                                                               \
  "mov x3, x7\n"

/* The end of a panel in a tile's assembly: without panels to finish (w17
 * is 0), `raw` stores the accumulators at x20; otherwise `constants`, the
 * stage's operands and `rows` (QCC_STAGE_ROWs) finish the panel, and the
 * tile starts over at label 0 for the next one. */
#define QCC_PANEL_END(constants, rows, raw)                                    \
  "cbz w17, 6f\n" constants QCC_STAGE_OPERANDS rows                            \
  "subs w17, w17, #1\n"                                                        \
  "b.ne 0b\n"                                                                  \
  "b 7f\n"                                                                     \
  "6:\n" raw "7:\n"

/* A tile's assembly statement: its arguments loaded, then `body`. */
#define QCC_TILE_ASM(body)                                                     \
  __asm__ volatile(QCC_TILE_PROLOGUE body                                      \
                   :                                                           \
                   : [args] "r"(args)                                          \
                   : QCC_CLOBBERS)

/* A row tile's arguments from the driver (qcc_gemm_tile), for the asm. */
QCC_ALWAYS_INLINE tile_args qcc_tile_args(const int8_t *const a[4],
                                          int32_t units, const int8_t *panel,
                                          const int32_t *bias,
                                          const int32_t *multiplier,
                                          const int32_t *shift,
                                          const qcc_gemm *g, int8_t *const c[4],
                                          int32_t panels, int32_t raw[4][16]) {
  tile_args args;
  int r;
  for (r = 0; r < 4; ++r) {
    args.a[r] = a[r];
    args.c[r] = c[r];
  }
  args.w = panel;
  args.bias = bias;
  args.multiplier = multiplier;
  args.shift = shift;
  args.units = units;
  args.panels = panels;
  args.zero_point = g->zero_point;
  args.min = g->min;
  args.max = g->max;
  args.raw = &raw[0][0];
  return args;
}

/* The qcc_gemm_tile of a variant from its 4-row and 1-row tiles. */
#define QCC_DEFINE_TILE(name, tile4, tile1)                                    \
  QCC_ALWAYS_INLINE void name(QCC_TILE_PARAMS) {                               \
    tile_args args = qcc_tile_args(a, units, panel, bias, multiplier, shift,   \
                                   g, c, panels, raw);                         \
    if (rows == 4)                                                             \
      tile4(&args);                                                            \
    else                                                                       \
      tile1(&args);                                                            \
  }

#endif /* QCC_KERNELS_GEMM_ASM_H */
