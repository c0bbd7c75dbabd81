/*===- matmul_neon.c - The matmul of two activations in NEON -------*- C -*-===//
//
// This file defines qcc_matmul_s8_neon, qcc_matmul_s8_dotprod and
// qcc_matmul_s8_i8mm: the product of two activations (as in attention),
// whose right-hand side is only known at run time, so it is read as it
// lies (k x n, row major) rather than packed. All take tiles of 4 rows by
// 16 columns (qcc_matmul_tiles) and the output stage of gemm_neon.h;
// columns past a multiple of 16 take the portable definition.
//
// NEON: per depth value, the 16 bytes of the rhs row less the zero point
// in int16, multiply-accumulated (SMLAL, SMLAL2 by lane) with each row's
// lhs value less its zero point, 8 depth values of a row loaded at a time:
// exact, since |(a - Z_a)·(b - Z_b)| <= 255².
//
// SDOT: 4 rhs rows of 16 columns are transposed on the fly (8 ZIPs) into
// SDOT's groups of 4 depth values per column, and each row's 4 values of
// a group multiply them by lane: raw products Σab, to which the zero-point
// terms are added after the loop, Σ(a - Z_a)(b - Z_b) = Σab - Z_b·Σa -
// Z_a·Σb + k·Z_a·Z_b; the rows' sums come from the tile walk, the columns'
// from 4 more SDOTs by ones per group, only when Z_a != 0.
//
// SMMLA: two such transposed groups zip (8 more ZIPs) into pairs of
// columns by 8 depth values, and the rows' 8 values into pairs of rows, so
// that each SMMLA adds a 2x2 block: 16 per 8 depth values. The blocks
// hold Σ(a - Z_a)·b before the same terms of Z_b: when Z_a = -128, a -
// Z_a is the unsigned a ^ 0x80 (USMMLA); otherwise a second SMMLA per
// block adds -Z_a·Σb (-Z_a fits int8 when Z_a != -128), unless Z_a = 0.
// The blocks unzip into rows (ZIP of 64-bit halves) for the stage.
//
// All wrap in int32 as the definition does. Without NEON the file is
// empty, without __ARM_FEATURE_DOTPROD the SDOT variant, and without
// __ARM_FEATURE_MATMUL_INT8 the SMMLA one.
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
                                 int32_t j, int8_t *const out[4], int rows,
                                 const int32_t sums[4]) {
  const int8x8_t lhs_zero = vdup_n_s8((int8_t)d->lhs_zero_point);
  const int8x8_t rhs_zero = vdup_n_s8((int8_t)d->rhs_zero_point);
  const int32_t depth = d->k, n = d->n;
  const int8_t *col = rhs + j;
  int32x4_t acc[4][4];
  int16x8_t x[4], b[2];
  int32_t k = 0, r, o;
  (void)sums;
#pragma GCC unroll 4
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
  qcc_tensor_stage_rows(&d->out, acc, rows, out, j);
}

void qcc_matmul_s8_neon(const qcc_matmul_desc *d, const int8_t *lhs,
                        const int8_t *rhs, int8_t *output) {
  qcc_matmul_tiles(d, lhs, rhs, output, qcc_matmul_tile_neon, 0);
}

#if defined(__ARM_FEATURE_DOTPROD) || defined(__ARM_FEATURE_MATMUL_INT8)

/* 16 values of row p from depth k, of which those past `depth` read 0 if
 * `checked`. */
QCC_ALWAYS_INLINE int8x16_t qcc_matmul_load16(const int8_t *p, int32_t k,
                                              int32_t depth, int checked) {
  int8_t tmp[16];
  int32_t i;
  if (!checked)
    return vld1q_s8(p + k);
  for (i = 0; i < 16; ++i)
    tmp[i] = k + i < depth ? p[k + i] : 0;
  return vld1q_s8(tmp);
}

/* The rhs rows of depth k .. k + 3 (0 past `depth` if `checked`) at the
 * tile's 16 columns, transposed so that t[c] holds columns 4c .. 4c + 3,
 * each as its 4 depth values: SDOT's groups. */
QCC_ALWAYS_INLINE void qcc_matmul_groups(const int8_t *col, int32_t n,
                                         int32_t k, int32_t depth,
                                         int checked, int8x16_t t[4]) {
  int8x16_t r[4];
  int16x8_t lo[2], hi[2];
  int i;
#pragma GCC unroll 4
  for (i = 0; i < 4; ++i)
    r[i] = !checked || k + i < depth ? vld1q_s8(col + (k + i) * n)
                                     : vdupq_n_s8(0);
  lo[0] = vreinterpretq_s16_s8(vzip1q_s8(r[0], r[1]));
  lo[1] = vreinterpretq_s16_s8(vzip1q_s8(r[2], r[3]));
  hi[0] = vreinterpretq_s16_s8(vzip2q_s8(r[0], r[1]));
  hi[1] = vreinterpretq_s16_s8(vzip2q_s8(r[2], r[3]));
  t[0] = vreinterpretq_s8_s16(vzip1q_s16(lo[0], lo[1]));
  t[1] = vreinterpretq_s8_s16(vzip2q_s16(lo[0], lo[1]));
  t[2] = vreinterpretq_s8_s16(vzip1q_s16(hi[0], hi[1]));
  t[3] = vreinterpretq_s8_s16(vzip2q_s16(hi[0], hi[1]));
}

/* Adds the zero-point terms to the raw products in acc (rows by 16
 * columns) and stores the tile through the output stage: acc + k·Z_a·Z_b
 * - Z_b·Σa (the rows' sums in `sums`) - Z_a·Σb (the columns' sums in
 * `columns`, unless it is null because acc already holds Σ(a - Z_a)·b). */
QCC_ALWAYS_INLINE void qcc_matmul_finish(const qcc_matmul_desc *d,
                                         int32x4_t acc[4][4],
                                         const int32_t sums[4],
                                         const int32x4_t *columns, int rows,
                                         int8_t *const out[4], int32_t j) {
  const uint32_t za = (uint32_t)d->lhs_zero_point,
                 zb = (uint32_t)d->rhs_zero_point;
  int r, c;
#pragma GCC unroll 4
  for (r = 0; r < 4; ++r) {
    const int32x4_t start = vdupq_n_s32(
        (int32_t)((uint32_t)d->k * za * zb - zb * (uint32_t)sums[r]));
#pragma GCC unroll 4
    for (c = 0; c < 4; ++c) {
      acc[r][c] = vaddq_s32(acc[r][c], start);
      if (columns)
        acc[r][c] = vmlsq_n_s32(acc[r][c], columns[c], (int32_t)za);
    }
  }
  qcc_tensor_stage_rows(&d->out, acc, rows, out, j);
}

#endif

#if defined(__ARM_FEATURE_DOTPROD)

/* acc[r][c] += the depth group in lane `lane` of x[r] · t[c]. */
#define QCC_MATMUL_SDOT_ROW(r, lane)                                           \
  acc[r][0] = vdotq_laneq_s32(acc[r][0], t[0], x[r], lane);                    \
  acc[r][1] = vdotq_laneq_s32(acc[r][1], t[1], x[r], lane);                    \
  acc[r][2] = vdotq_laneq_s32(acc[r][2], t[2], x[r], lane);                    \
  acc[r][3] = vdotq_laneq_s32(acc[r][3], t[3], x[r], lane);
/* One depth group (4 values) from k for the 4 rows, and the columns' sums
 * when the lhs zero point needs them. */
#define QCC_MATMUL_SDOT_GROUP(lane, checked)                                   \
  do {                                                                         \
    qcc_matmul_groups(col, n, k + 4 * (lane), depth, checked, t);              \
    QCC_MATMUL_SDOT_ROW(0, lane)                                               \
    QCC_MATMUL_SDOT_ROW(1, lane)                                               \
    QCC_MATMUL_SDOT_ROW(2, lane)                                               \
    QCC_MATMUL_SDOT_ROW(3, lane)                                               \
    if (column_sums) {                                                         \
      sum[0] = vdotq_s32(sum[0], t[0], ones);                                  \
      sum[1] = vdotq_s32(sum[1], t[1], ones);                                  \
      sum[2] = vdotq_s32(sum[2], t[2], ones);                                  \
      sum[3] = vdotq_s32(sum[3], t[3], ones);                                  \
    }                                                                          \
  } while (0)

/* The SDOT tile (see the file comment); `sums` holds the rows' Σa. */
QCC_ALWAYS_INLINE void qcc_matmul_tile_sdot(const qcc_matmul_desc *d,
                                            const int8_t *const a[4],
                                            const int8_t *rhs, int32_t j,
                                            int8_t *const out[4], int rows,
                                            const int32_t sums[4],
                                            int column_sums) {
  const int32_t depth = d->k, n = d->n;
  const int8x16_t ones = vdupq_n_s8(1);
  const int8_t *col = rhs + j;
  int32x4_t acc[4][4], sum[4];
  int8x16_t x[4], t[4];
  int32_t k, r, c;
#pragma GCC unroll 4
  for (c = 0; c < 4; ++c) {
    sum[c] = vdupq_n_s32(0);
#pragma GCC unroll 4
    for (r = 0; r < 4; ++r)
      acc[r][c] = vdupq_n_s32(0);
  }
  for (k = 0; k + 16 <= depth; k += 16) {
#pragma GCC unroll 4
    for (r = 0; r < 4; ++r)
      x[r] = qcc_matmul_load16(a[r], k, depth, 0);
    QCC_MATMUL_SDOT_GROUP(0, 0);
    QCC_MATMUL_SDOT_GROUP(1, 0);
    QCC_MATMUL_SDOT_GROUP(2, 0);
    QCC_MATMUL_SDOT_GROUP(3, 0);
  }
  if (k < depth) { /* the last 1 to 15 depth values, 0 after them */
#pragma GCC unroll 4
    for (r = 0; r < 4; ++r)
      x[r] = qcc_matmul_load16(a[r], k, depth, 1);
    QCC_MATMUL_SDOT_GROUP(0, 1);
    if (k + 4 < depth)
      QCC_MATMUL_SDOT_GROUP(1, 1);
    if (k + 8 < depth)
      QCC_MATMUL_SDOT_GROUP(2, 1);
    if (k + 12 < depth)
      QCC_MATMUL_SDOT_GROUP(3, 1);
  }
  qcc_matmul_finish(d, acc, sums, column_sums ? sum : 0, rows, out, j);
}

static void qcc_matmul_tile_dotprod(const qcc_matmul_desc *d,
                                    const int8_t *const a[4],
                                    const int8_t *rhs, int32_t j,
                                    int8_t *const out[4], int rows,
                                    const int32_t sums[4]) {
  if (d->lhs_zero_point)
    qcc_matmul_tile_sdot(d, a, rhs, j, out, rows, sums, 1);
  else
    qcc_matmul_tile_sdot(d, a, rhs, j, out, rows, sums, 0);
}

void qcc_matmul_s8_dotprod(const qcc_matmul_desc *d, const int8_t *lhs,
                           const int8_t *rhs, int8_t *output) {
  qcc_matmul_tiles(d, lhs, rhs, output, qcc_matmul_tile_dotprod, 1);
}

#endif

#if defined(__ARM_FEATURE_MATMUL_INT8)

/* How the SMMLA tile makes Σ(a - Z_a)·b: Z_a = 0 needs nothing more;
 * Z_a = -128 makes a - Z_a the unsigned a ^ 0x80, which USMMLA multiplies
 * as it is; any other Z_a fits -Z_a in int8, and one more SMMLA per block
 * adds -Z_a·Σb. */
enum { QCC_MMLA_PLAIN, QCC_MMLA_FLIPPED, QCC_MMLA_COLUMNS };

/* The tile's 16 rhs columns at the 8 depth values from k (0 past `depth`
 * if `checked`), in pairs: p[c] holds columns 2c and 2c + 1, each as its 8
 * values, SMMLA's right operand. */
QCC_ALWAYS_INLINE void qcc_matmul_pairs(const int8_t *col, int32_t n,
                                        int32_t k, int32_t depth,
                                        int checked, int8x16_t p[8]) {
  int8x16_t lo[4], hi[4];
  int i;
  qcc_matmul_groups(col, n, k, depth, checked, lo);
  qcc_matmul_groups(col, n, k + 4, depth, checked, hi);
#pragma GCC unroll 4
  for (i = 0; i < 4; ++i) {
    const int32x4_t l = vreinterpretq_s32_s8(lo[i]),
                    h = vreinterpretq_s32_s8(hi[i]);
    p[2 * i] = vreinterpretq_s8_s32(vzip1q_s32(l, h));
    p[2 * i + 1] = vreinterpretq_s8_s32(vzip2q_s32(l, h));
  }
}

/* acc[p][c] (rows 2p, 2p + 1 by columns 2c, 2c + 1) += x[p] · t[c], and
 * for QCC_MMLA_COLUMNS, -Z_a (all of `minus_za`) · t[c]. */
QCC_ALWAYS_INLINE void qcc_matmul_mmla(int32x4_t acc[2][8],
                                       const int8x16_t x[2],
                                       const int8x16_t t[8], int mode,
                                       int8x16_t minus_za) {
  int p, c;
#pragma GCC unroll 8
  for (c = 0; c < 8; ++c)
#pragma GCC unroll 2
    for (p = 0; p < 2; ++p) {
      acc[p][c] = mode == QCC_MMLA_FLIPPED
                      ? vusmmlaq_s32(acc[p][c], vreinterpretq_u8_s8(x[p]), t[c])
                      : vmmlaq_s32(acc[p][c], x[p], t[c]);
      if (mode == QCC_MMLA_COLUMNS)
        acc[p][c] = vmmlaq_s32(acc[p][c], minus_za, t[c]);
    }
}

/* The 4 rows' 8 depth values from k (0 past `depth` if `checked`), xor
 * `flip`, as row pairs: x[p] holds rows 2p and 2p + 1. */
QCC_ALWAYS_INLINE void qcc_matmul_row_pairs(const int8_t *const a[4],
                                            int32_t k, int32_t depth,
                                            int checked, int8x16_t flip,
                                            int8x16_t x[2]) {
  int8x8_t v[4];
  int r, p;
#pragma GCC unroll 4
  for (r = 0; r < 4; ++r)
    v[r] = checked ? vget_low_s8(qcc_matmul_load16(a[r], k, depth, 1))
                   : vld1_s8(a[r] + k);
#pragma GCC unroll 2
  for (p = 0; p < 2; ++p)
    x[p] = veorq_s8(vcombine_s8(v[2 * p], v[2 * p + 1]), flip);
}

/* The SMMLA tile (see the file comment); `sums` holds the rows' Σa. */
QCC_ALWAYS_INLINE void qcc_matmul_tile_mmla(const qcc_matmul_desc *d,
                                            const int8_t *const a[4],
                                            const int8_t *rhs, int32_t j,
                                            int8_t *const out[4], int rows,
                                            const int32_t sums[4], int mode) {
  const int32_t depth = d->k, n = d->n;
  const int8x16_t flip = vdupq_n_s8(mode == QCC_MMLA_FLIPPED ? -128 : 0);
  const int8x16_t minus_za = vdupq_n_s8((int8_t)-d->lhs_zero_point);
  const int8_t *col = rhs + j;
  int32x4_t acc[2][8], tile[4][4];
  int8x16_t x[2], t[8];
  int32_t k;
  int p, c;
#pragma GCC unroll 8
  for (c = 0; c < 8; ++c)
    acc[0][c] = acc[1][c] = vdupq_n_s32(0);
  for (k = 0; k + 8 <= depth; k += 8) {
    qcc_matmul_row_pairs(a, k, depth, 0, flip, x);
    qcc_matmul_pairs(col, n, k, depth, 0, t);
    qcc_matmul_mmla(acc, x, t, mode, minus_za);
  }
  if (k < depth) { /* the last 1 to 7 depth values, 0 after them */
    qcc_matmul_row_pairs(a, k, depth, 1, flip, x);
    qcc_matmul_pairs(col, n, k, depth, 1, t);
    qcc_matmul_mmla(acc, x, t, mode, minus_za);
  }
  /* 2x2 blocks to rows: the low halves of two column pairs are one row's
   * 4 columns, the high halves the next row's. */
#pragma GCC unroll 4
  for (c = 0; c < 4; ++c)
#pragma GCC unroll 2
    for (p = 0; p < 2; ++p) {
      const int64x2_t l = vreinterpretq_s64_s32(acc[p][2 * c]),
                      h = vreinterpretq_s64_s32(acc[p][2 * c + 1]);
      tile[2 * p][c] = vreinterpretq_s32_s64(vzip1q_s64(l, h));
      tile[2 * p + 1][c] = vreinterpretq_s32_s64(vzip2q_s64(l, h));
    }
  qcc_matmul_finish(d, tile, sums, 0, rows, out, j);
}

static void qcc_matmul_tile_i8mm(const qcc_matmul_desc *d,
                                 const int8_t *const a[4], const int8_t *rhs,
                                 int32_t j, int8_t *const out[4], int rows,
                                 const int32_t sums[4]) {
  if (d->lhs_zero_point == 0)
    qcc_matmul_tile_mmla(d, a, rhs, j, out, rows, sums, QCC_MMLA_PLAIN);
  else if (d->lhs_zero_point == -128)
    qcc_matmul_tile_mmla(d, a, rhs, j, out, rows, sums, QCC_MMLA_FLIPPED);
  else
    qcc_matmul_tile_mmla(d, a, rhs, j, out, rows, sums, QCC_MMLA_COLUMNS);
}

void qcc_matmul_s8_i8mm(const qcc_matmul_desc *d, const int8_t *lhs,
                        const int8_t *rhs, int8_t *output) {
  qcc_matmul_tiles(d, lhs, rhs, output, qcc_matmul_tile_i8mm, 1);
}

#endif

#endif
