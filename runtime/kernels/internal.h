/*===- internal.h - Helpers shared by the portable kernels ---------*- C -*-===//
//
// This file holds what several kernel files need: the per-tensor output
// stage, a row-major walk over up to QCC_MAX_RANK dimensions, and the
// convolution pieces the vectorized variants share with the portable
// kernels. It is not part of the runtime's interface.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_INTERNAL_H
#define QCC_KERNELS_INTERNAL_H

#include "qcc/fixedpoint.h"
#include "qcc/kernels.h"

#include <stddef.h>

#define QCC_ALWAYS_INLINE static inline __attribute__((always_inline))

/* The output stage of a per-tensor descriptor, narrowed to int8. */
static inline int8_t qcc_internal_requant(const qcc_requant_desc *r,
                                          int32_t acc) {
  return (int8_t)qcc_requantize(acc, r->multiplier, r->shift, r->zero_point,
                                r->min, r->max, r->rounding);
}

/* Advances the multi-index `index` over `dims` by one element, row major. */
static inline void qcc_internal_next(int32_t rank, const int32_t *dims,
                                     int32_t *index) {
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    if (++index[d] < dims[d])
      return;
    index[d] = 0;
  }
}

/* The linear offset Σ_d index[d]·strides[d]. */
static inline int32_t qcc_internal_offset(int32_t rank, const int32_t *index,
                                          const int32_t *strides) {
  int32_t offset = 0, d;
  for (d = 0; d < rank; ++d)
    offset += index[d] * strides[d];
  return offset;
}

/* The number of elements of `dims`. */
static inline int32_t qcc_internal_count(int32_t rank, const int32_t *dims) {
  int32_t n = 1, d;
  for (d = 0; d < rank; ++d)
    n *= dims[d];
  return n;
}

/* The input element at (b, y, x, c) of a convolution, or the input zero
 * point outside the image (padding). */
static inline int32_t qcc_internal_conv_input(const qcc_conv2d_desc *d,
                                              const int8_t *input, int32_t b,
                                              int32_t y, int32_t x,
                                              int32_t c) {
  if (y < 0 || y >= d->in_h || x < 0 || x >= d->in_w)
    return d->input_zero_point;
  return input[((b * d->in_h + y) * d->in_w + x) * d->in_c + c];
}

/* The output stage of channel `o` of a convolution. */
static inline int8_t qcc_internal_conv_output(const qcc_conv2d_desc *d,
                                              const int32_t *multiplier,
                                              const int32_t *shift, int32_t o,
                                              int64_t acc) {
  return (int8_t)qcc_requantize(qcc_wrap_s32(acc), multiplier[o], shift[o],
                                d->output_zero_point, d->output_min,
                                d->output_max, d->rounding);
}

/* Output channel `o` at (b, y, x) of a depthwise convolution whose weights
 * are [kh][kw][out_c]: the definition the vectorized variants match. */
static inline int8_t qcc_internal_depthwise_at(
    const qcc_conv2d_desc *d, const int8_t *weights, const int32_t *bias,
    const int32_t *multiplier, const int32_t *shift, const int8_t *input,
    int32_t b, int32_t y, int32_t x, int32_t o) {
  const int32_t depth_multiplier = d->out_c / d->in_c;
  int64_t acc = 0, sum = 0;
  int32_t i, j;
  for (i = 0; i < d->kernel_h; ++i)
    for (j = 0; j < d->kernel_w; ++j) {
      int32_t v = qcc_internal_conv_input(
          d, input, b, y * d->stride_h - d->pad_top + i * d->dilation_h,
          x * d->stride_w - d->pad_left + j * d->dilation_w,
          o / depth_multiplier);
      acc += v * weights[(i * d->kernel_w + j) * d->out_c + o];
      sum += v;
    }
  acc += bias[o] - (int64_t)d->weight_zero_point * sum;
  return qcc_internal_conv_output(d, multiplier, shift, o, acc);
}

/* One element of qcc.qadd. */
static inline int8_t qcc_add_one(const qcc_add_desc *d, int32_t a, int32_t b) {
  int32_t x = qcc_mul(qcc_sat_shl(a - d->lhs_zero_point, d->left_shift),
                      d->lhs_multiplier, d->lhs_shift, d->out.rounding);
  int32_t y = qcc_mul(qcc_sat_shl(b - d->rhs_zero_point, d->left_shift),
                      d->rhs_multiplier, d->rhs_shift, d->out.rounding);
  return qcc_internal_requant(&d->out, qcc_sat_add_s32(x, y));
}

/* Element of a softmax row whose exp-table value is `e` and whose values'
 * sum is `sum` (qcc_softmax_s8). */
static inline int8_t qcc_softmax_one(const qcc_softmax_desc *d, int64_t e,
                                     int64_t sum) {
  const int64_t v = d->output_min + (e * 256 + sum / 2) / sum;
  return (int8_t)(v < d->output_max ? v : d->output_max);
}

/* Whether every entry of a softmax's exp table is non-negative, so that
 * the vectorized variants' quotients are floors. */
static inline int qcc_softmax_table_ok(const int32_t *exp_table) {
  int32_t i, ok = 1;
  for (i = 0; i < 256; ++i)
    ok &= exp_table[i] >= 0;
  return ok;
}

/* A layer-norm row's epsilon, and its divisor s = isqrt(Σdev² + epsilon)
 * from Σdev² as it wraps in uint64 (qcc_layer_norm_s8). */
static inline uint64_t qcc_layer_norm_epsilon(const qcc_layer_norm_desc *d) {
  return ((uint64_t)(uint32_t)d->epsilon_hi << 32) | (uint32_t)d->epsilon_lo;
}
static inline int64_t qcc_layer_norm_divisor(const qcc_layer_norm_desc *d,
                                             uint64_t squares) {
  return (int64_t)qcc_isqrt_u64(squares + qcc_layer_norm_epsilon(d));
}

/* The divisor s of a layer-norm row from its Σx and Σx² (x = q - Z) for
 * the vectorized variants, which take rows of at most 32768 (Σdev² <=
 * 260100·length³ < 2^64): Σdev² = length²·Σx² - length·(Σx)². Returns
 * whether the vectors may take the row: s > 0 and Σdev² + epsilon not
 * wrapping, so that s >= every |dev|. */
static inline int qcc_layer_norm_row(const qcc_layer_norm_desc *d,
                                     int64_t sum, uint64_t sum_squares,
                                     int64_t *s) {
  const uint64_t n = (uint64_t)(int64_t)d->length;
  const uint64_t squares =
      n * n * sum_squares - n * ((uint64_t)sum * (uint64_t)sum);
  *s = qcc_layer_norm_divisor(d, squares);
  return *s > 0 && squares + qcc_layer_norm_epsilon(d) >= squares;
}

/* Element k of a layer-norm row whose deviation is `dev` = length·(q - Z)
 * - Σ(q - Z) and whose divisor is `s`. */
static inline int8_t qcc_layer_norm_one(const qcc_layer_norm_desc *d,
                                        const int8_t *signs,
                                        const int32_t *bias,
                                        const int32_t *multiplier,
                                        const int32_t *shift, int64_t dev,
                                        int64_t s, int32_t k) {
  const int64_t t = qcc_rounding_divide_s64(dev * 65536, s);
  return (int8_t)qcc_requantize(qcc_sat_s32(signs[k] * t + bias[k]),
                                multiplier[k], shift[k], d->output_zero_point,
                                d->output_min, d->output_max, d->rounding);
}

/* One element of qcc.qmul. */
static inline int8_t qcc_mul_one(const qcc_mul_desc *d, int32_t a, int32_t b) {
  return qcc_internal_requant(&d->out,
                              (a - d->lhs_zero_point) * (b - d->rhs_zero_point));
}

/* A broadcast walk (qcc_broadcast_desc) in runs: the trailing dimensions
 * that continue each other for both operands (dimensions of size 1 drop
 * out) make runs of `length` elements, in which each operand steps by a
 * fixed stride (0 for a broadcast operand, 1 for a contiguous one); the
 * dimensions before them, [0, outer), index the runs. Run `run` writes
 * the `length` output elements from run·length, and reads the operands from
 * offsets `lhs` and `rhs`. */
typedef struct {
  int32_t outer, length, lhs_step, rhs_step, runs, run, lhs, rhs;
  int32_t index[QCC_MAX_RANK];
} qcc_run_walk;

static inline void qcc_run_walk_start(qcc_run_walk *w,
                                      const qcc_broadcast_desc *s) {
  int32_t d = s->rank - 1;
  w->length = 1;
  w->lhs_step = w->rhs_step = 0;
  while (d >= 0 && s->dims[d] == 1)
    --d;
  if (d >= 0) {
    w->length = s->dims[d];
    w->lhs_step = s->lhs_strides[d];
    w->rhs_step = s->rhs_strides[d];
    --d;
  }
  while (d >= 0 && (s->dims[d] == 1 ||
                    (s->lhs_strides[d] == w->lhs_step * w->length &&
                     s->rhs_strides[d] == w->rhs_step * w->length))) {
    w->length *= s->dims[d];
    --d;
  }
  w->outer = d + 1;
  w->runs = qcc_internal_count(w->outer, s->dims);
  w->run = w->lhs = w->rhs = 0;
  for (d = 0; d < QCC_MAX_RANK; ++d)
    w->index[d] = 0;
}

/* Moves `w` on to its next run. */
static inline void qcc_run_walk_next(qcc_run_walk *w,
                                     const qcc_broadcast_desc *s) {
  ++w->run;
  qcc_internal_next(w->outer, s->dims, w->index);
  w->lhs = qcc_internal_offset(w->outer, w->index, s->lhs_strides);
  w->rhs = qcc_internal_offset(w->outer, w->index, s->rhs_strides);
}

/* Elements [from, w->length) of the current run of an add or a mul, one
 * at a time. */
static inline void qcc_add_run(const qcc_add_desc *d, const qcc_run_walk *w,
                               const int8_t *lhs, const int8_t *rhs,
                               int8_t *output, int32_t from) {
  int32_t i;
  for (i = from; i < w->length; ++i)
    output[w->run * w->length + i] = qcc_add_one(
        d, lhs[w->lhs + i * w->lhs_step], rhs[w->rhs + i * w->rhs_step]);
}
static inline void qcc_mul_run(const qcc_mul_desc *d, const qcc_run_walk *w,
                               const int8_t *lhs, const int8_t *rhs,
                               int8_t *output, int32_t from) {
  int32_t i;
  for (i = from; i < w->length; ++i)
    output[w->run * w->length + i] = qcc_mul_one(
        d, lhs[w->lhs + i * w->lhs_step], rhs[w->rhs + i * w->rhs_step]);
}

/* Whether the current run of `w` can take vectors: each operand contiguous
 * or broadcast. */
static inline int qcc_run_vectorizes(const qcc_run_walk *w) {
  return (w->lhs_step == 0 || w->lhs_step == 1) &&
         (w->rhs_step == 0 || w->rhs_step == 1);
}

/* Walks the runs of binary descriptor `d` (an add or a mul, whose
 * qcc_add_run or qcc_mul_run is `one`): in each run that vectorizes, where
 * `vectors`, the statements after `one` run for every 16 elements, seeing
 * the operands at `a` and `b`, each contiguous or, if its `a_step` or
 * `b_step` is 0, broadcast, and writing 16 bytes at `out`; `one` takes the
 * run's other elements. Runs of two contiguous operands (same-shape
 * operands are one such run) get their own copy of the statements, with
 * the steps constant. */
#define QCC_FOR_EACH_RUN_16(d, lhs, rhs, output, vectors, one, ...)            \
  do {                                                                         \
    qcc_run_walk w;                                                            \
    for (qcc_run_walk_start(&w, &(d)->shape); w.run < w.runs;                  \
         qcc_run_walk_next(&w, &(d)->shape)) {                                 \
      const int32_t length = (vectors) && qcc_run_vectorizes(&w)               \
                                 ? w.length / 16 * 16                          \
                                 : 0;                                          \
      const int8_t *const a_run = (lhs) + w.lhs, *const b_run = (rhs) + w.rhs; \
      int8_t *const out_run = (output) + w.run * w.length;                     \
      int32_t i = 0;                                                           \
      if (w.lhs_step == 1 && w.rhs_step == 1) {                                \
        for (; i < length; i += 16) {                                          \
          const int32_t a_step = 1, b_step = 1;                                \
          const int8_t *const a = a_run + i, *const b = b_run + i;             \
          int8_t *const out = out_run + i;                                     \
          __VA_ARGS__                                                          \
        }                                                                      \
      } else {                                                                 \
        for (; i < length; i += 16) {                                          \
          const int32_t a_step = w.lhs_step, b_step = w.rhs_step;              \
          const int8_t *const a = a_run + i * a_step;                          \
          const int8_t *const b = b_run + i * b_step;                          \
          int8_t *const out = out_run + i;                                     \
          __VA_ARGS__                                                          \
        }                                                                      \
      }                                                                        \
      one(d, &w, lhs, rhs, output, i);                                         \
    }                                                                          \
  } while (0)

/* Elements [i, d->count) of a requantization: requant(q - Z_in), the
 * definition of qcc_requantize_s8, whose vector variants pass their last
 * elements. */
static inline void qcc_requantize_tail(const qcc_requantize_desc *d,
                                       const int8_t *input, int8_t *output,
                                       int32_t i) {
  for (; i < d->count; ++i)
    output[i] = qcc_internal_requant(&d->out, input[i] - d->input_zero_point);
}

/* A requantization of d->count elements (qcc_requantize_s8 or a
 * variant). */
typedef void qcc_requantize_fn(const qcc_requantize_desc *d,
                               const int8_t *input, int8_t *output);

/* One input of a concatenation (qcc_concat_s8): each block copied, or
 * requantized by `requantize`. */
QCC_ALWAYS_INLINE void qcc_concat_blocks(const qcc_concat_desc *d,
                                         const int8_t *input, int8_t *output,
                                         qcc_requantize_fn *requantize) {
  qcc_requantize_desc r;
  int32_t j;
  r.count = d->inner;
  r.input_zero_point = d->input_zero_point;
  r.out = d->out;
  for (j = 0; j < d->outer; ++j) {
    const int8_t *in = input + j * d->inner;
    int8_t *out = output + d->offset + j * d->output_stride;
    if (d->identity)
      __builtin_memcpy(out, in, (size_t)d->inner);
    else
      requantize(&r, in, out);
  }
}

/* Element (i, j) of one matrix product of qcc.qmatmul: lhs `a` (m x k)
 * by rhs `b` (k x n). */
static inline int8_t qcc_matmul_one(const qcc_matmul_desc *d, const int8_t *a,
                                    const int8_t *b, int32_t i, int32_t j) {
  int64_t acc = 0;
  int32_t k;
  for (k = 0; k < d->k; ++k)
    acc += (int64_t)(a[i * d->k + k] - d->lhs_zero_point) *
           (b[k * d->n + j] - d->rhs_zero_point);
  return qcc_internal_requant(&d->out, qcc_wrap_s32(acc));
}

/* A matmul tile: rows a[0..3] (the last repeated when fewer than 4) by the
 * 16 columns of `b` from j, stored to the first `rows` of out[0..3];
 * sums[r] is Σ a[r] if the walk computes it, else 0. */
typedef void qcc_matmul_tile_fn(const qcc_matmul_desc *d,
                                const int8_t *const a[4], const int8_t *b,
                                int32_t j, int8_t *const out[4], int rows,
                                const int32_t sums[4]);

/* Every matrix product of `d` in tiles of 4 rows by 16 columns, the
 * columns past a multiple of 16 one element at a time; with `row_sums`,
 * each row tile's Σa (wrapping) for its tiles. */
QCC_ALWAYS_INLINE void qcc_matmul_tiles(const qcc_matmul_desc *d,
                                        const int8_t *lhs, const int8_t *rhs,
                                        int8_t *output,
                                        qcc_matmul_tile_fn *tile,
                                        int row_sums) {
  int32_t batch, i, j, r, k;
  for (batch = 0; batch < d->batch; ++batch) {
    const int8_t *a = lhs + batch * d->lhs_batch_stride;
    const int8_t *b = rhs + batch * d->rhs_batch_stride;
    int8_t *c = output + batch * d->m * d->n;
    for (i = 0; i < d->m; i += 4) {
      const int rows = d->m - i < 4 ? d->m - i : 4;
      const int8_t *rows_a[4];
      int8_t *rows_c[4];
      int32_t sums[4] = {0, 0, 0, 0};
      for (r = 0; r < 4; ++r) {
        rows_a[r] = a + (i + (r < rows ? r : rows - 1)) * d->k;
        rows_c[r] = c + (i + (r < rows ? r : rows - 1)) * d->n;
        for (k = 0; row_sums && k < d->k; ++k)
          sums[r] = (int32_t)((uint32_t)sums[r] + (uint32_t)rows_a[r][k]);
      }
      for (j = 0; j + 16 <= d->n; j += 16)
        tile(d, rows_a, b, j, rows_c, rows, sums);
      for (r = i; r < i + rows; ++r)
        for (j = d->n / 16 * 16; j < d->n; ++j)
          c[r * d->n + j] = qcc_matmul_one(d, a, b, r, j);
    }
  }
}

#endif /* QCC_KERNELS_INTERNAL_H */
