/*===- x86_matmul.h - The matmul of two activations in x86-64 -----*- C -*-===//
//
// This file defines the x86-64 variant of qcc_matmul_s8 for the vector
// width and name suffix the including file picks (vector_avx512.c,
// vector_avx2.c). The right-hand side is an activation, read as it lies
// (k x n, row major). A tile is 4 rows by 16 columns on x86_vec.h's lanes:
// per pair of depth values k, k + 1 the 16 columns' int16 pairs
// (b[k][j] - Z_b, b[k+1][j] - Z_b) take one pair dot product (VPMADDWD, or
// VPDPWSSD with VNNI) per row against that row's broadcast pair
// (a[k] - Z_a, a[k+1] - Z_a), exact in int32 (|(a - Z_a)·(b - Z_b)| <=
// 255²; sums wrap as the definition's do). The common output stage is
// gemm_x86.h's, others scalar; columns past a multiple of 16 take the
// portable definition (qcc_matmul_tiles).
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_MATMUL_H
#define QCC_KERNELS_X86_MATMUL_H

#include "gemm_x86.h"

/* The int16 pair (lo, hi) as one int32 lane. */
static inline int32_t qcc_pair16(int32_t lo, int32_t hi) {
  return (int32_t)(((uint32_t)(uint16_t)hi << 16) | (uint16_t)lo);
}

static void qcc_matmul_tile_x86(const qcc_matmul_desc *d,
                                const int8_t *const a[4], const int8_t *rhs,
                                int32_t j, int8_t *const out[4], int rows,
                                const int32_t sums[4]) {
  static const int8_t zeros[16];
  const int32_t za = d->lhs_zero_point, zb = d->rhs_zero_point;
  const int32_t depth = d->k, n = d->n;
  const int8_t *col = rhs + j;
  qcc_v16 acc[4];
  int32_t k = 0, r, o;
  (void)sums;
  for (r = 0; r < 4; ++r)
    acc[r] = qcc_v16_set1(0);
  for (; k < depth; k += 2) {
    /* An odd depth ends on a pair whose second half is 0. */
    const int last = k + 1 == depth;
    const qcc_v16 b = qcc_v16_sub16(
        qcc_v16_pairs_s8(col + k * n, last ? zeros : col + (k + 1) * n),
        qcc_v16_set1(qcc_pair16(zb, last ? 0 : zb)));
    for (r = 0; r < 4; ++r)
      acc[r] = qcc_v16_dot_pairs(
          acc[r],
          qcc_v16_set1(qcc_pair16(a[r][k] - za, last ? 0 : a[r][k + 1] - za)),
          b);
  }
  if (qcc_x86_common_stage(&d->out)) {
    const qcc_stage_x86 s =
        qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
    for (r = 0; r < rows; ++r)
      qcc_stage_x86_store(&s, acc[r], out[r] + j);
    return;
  }
  for (r = 0; r < rows; ++r) {
    int32_t raw[16];
    qcc_v16_store(raw, acc[r]);
    for (o = 0; o < 16; ++o)
      out[r][j + o] = qcc_internal_requant(&d->out, raw[o]);
  }
}

void QCC_X86_NAME(qcc_matmul_s8)(const qcc_matmul_desc *d, const int8_t *lhs,
                                 const int8_t *rhs, int8_t *output) {
  qcc_matmul_tiles(d, lhs, rhs, output, qcc_matmul_tile_x86, 0);
}

#endif /* QCC_KERNELS_X86_MATMUL_H */
