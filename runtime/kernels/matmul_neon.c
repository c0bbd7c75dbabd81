/*===- matmul_neon.c - The matmul of two activations in NEON -------*- C -*-===//
//
// This file defines qcc_matmul_s8_neon: the product of two activations (as
// in attention), whose right-hand side is only known at run time, so it is
// read as it lies (k x n, row major) rather than packed. A tile is 4 rows
// by 16 columns in 16 int32x4 accumulators; per depth value it loads 16
// bytes of the rhs row, subtracts the zero point into int16, and
// multiply-accumulates them (SMLAL, SMLAL2 by lane) with each row's
// lhs value less its zero point, 8 depth values of a row loaded at a time:
// exact, since |(a - Z_a)·(b - Z_b)| <= 255², and int32 sums wrap as the
// definition's do. The output stage is gemm_neon.h's. Columns past a
// multiple of 16 take the portable definition (qcc_matmul_tiles). Without
// NEON the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "gemm_neon.h"

/* acc[r] += the 16 rhs values less Z_b in b[0..1] times lane `lane` of
 * row r's lhs values less Z_a in x[r]; for the 4 rows (written out, so
 * that every compiler keeps the accumulators in registers). */
#define QCC_MATMUL_MLAL_ROW(r, lane)                                           \
  acc[r][0] = vmlal_laneq_s16(acc[r][0], vget_low_s16(b[0]), x[r], lane);      \
  acc[r][1] = vmlal_high_laneq_s16(acc[r][1], b[0], x[r], lane);               \
  acc[r][2] = vmlal_laneq_s16(acc[r][2], vget_low_s16(b[1]), x[r], lane);      \
  acc[r][3] = vmlal_high_laneq_s16(acc[r][3], b[1], x[r], lane);
#define QCC_MATMUL_MLAL(lane)                                                  \
  do {                                                                         \
    QCC_MATMUL_MLAL_ROW(0, lane)                                               \
    QCC_MATMUL_MLAL_ROW(1, lane)                                               \
    QCC_MATMUL_MLAL_ROW(2, lane)                                               \
    QCC_MATMUL_MLAL_ROW(3, lane)                                               \
  } while (0)

/* The rhs row at p (16 values) less Z_b, into b[0..1]. */
#define QCC_MATMUL_RHS(p)                                                      \
  do {                                                                         \
    const int8x16_t q_ = vld1q_s8(p);                                          \
    b[0] = vsubl_s8(vget_low_s8(q_), rhs_zero);                                \
    b[1] = vsubl_high_s8(q_, vcombine_s8(rhs_zero, rhs_zero));                 \
  } while (0)

static void qcc_matmul_tile_neon(const qcc_matmul_desc *d,
                                 const int8_t *const a[4], const int8_t *rhs,
                                 int32_t j, int8_t *const out[4], int rows) {
  const int8x8_t lhs_zero = vdup_n_s8((int8_t)d->lhs_zero_point);
  const int8x8_t rhs_zero = vdup_n_s8((int8_t)d->rhs_zero_point);
  const int32_t depth = d->k, n = d->n;
  const int8_t *col = rhs + j;
  int32x4_t acc[4][4];
  int16x8_t x[4], b[2];
  int32_t k = 0, r, o;
#pragma GCC unroll 16
  for (r = 0; r < 4; ++r)
#pragma GCC unroll 4
    for (o = 0; o < 4; ++o)
      acc[r][o] = vdupq_n_s32(0);
  for (; k + 8 <= depth; k += 8) {
#pragma GCC unroll 4
    for (r = 0; r < 4; ++r)
      x[r] = vsubl_s8(vld1_s8(a[r] + k), lhs_zero);
    QCC_MATMUL_RHS(col + (k + 0) * n);
    QCC_MATMUL_MLAL(0);
    QCC_MATMUL_RHS(col + (k + 1) * n);
    QCC_MATMUL_MLAL(1);
    QCC_MATMUL_RHS(col + (k + 2) * n);
    QCC_MATMUL_MLAL(2);
    QCC_MATMUL_RHS(col + (k + 3) * n);
    QCC_MATMUL_MLAL(3);
    QCC_MATMUL_RHS(col + (k + 4) * n);
    QCC_MATMUL_MLAL(4);
    QCC_MATMUL_RHS(col + (k + 5) * n);
    QCC_MATMUL_MLAL(5);
    QCC_MATMUL_RHS(col + (k + 6) * n);
    QCC_MATMUL_MLAL(6);
    QCC_MATMUL_RHS(col + (k + 7) * n);
    QCC_MATMUL_MLAL(7);
  }
  for (; k < depth; ++k) {
#pragma GCC unroll 4
    for (r = 0; r < 4; ++r)
      x[r] = vdupq_n_s16((int16_t)(a[r][k] - d->lhs_zero_point));
    QCC_MATMUL_RHS(col + k * n);
    QCC_MATMUL_MLAL(0);
  }
  for (r = 0; r < rows; ++r)
    vst1q_s8(out[r] + j, qcc_tensor_stage_16(&d->out, acc[r]));
}

void qcc_matmul_s8_neon(const qcc_matmul_desc *d, const int8_t *lhs,
                        const int8_t *rhs, int8_t *output) {
  qcc_matmul_tiles(d, lhs, rhs, output, qcc_matmul_tile_neon);
}

#endif
