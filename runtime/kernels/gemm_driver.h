/*===- gemm_driver.h - The loops that feed a GEMM microkernel ----*- C -*-===//
//
// This file holds what every vectorized GEMM-shaped kernel (fully
// connected, 1x1 and KxK convolution) shares, whatever its instruction set:
// the GEMM a descriptor describes, the loops that feed rows to a
// microkernel, and the gathering of convolution windows. A convolution is a
// GEMM over its output pixels (rows: input pixels, or windows gathered 4 at
// a time into scratch); a grouped one is one such GEMM per group. A variant
// supplies its tile (qcc_gemm_tile): 4 rows or 1 against every whole panel
// of 16 output channels, finished with the common output stage in its own
// registers, or one panel into raw accumulators that the including
// header's qcc_finish_tile_any completes (a ragged depth, a last partial
// panel, Z_w != 0, other stages).
//
// Weights come packed in panels of 16 output channels, each panel split in
// groups of `kr` depth values:
//
//   packed[((p·G + g)·16 + c)·kr + t] = w[16p + c][kr·g + t]
//
// with G = ceil(depth / kr) and zeros past the edges (a grouped
// convolution's groups one after another, each in panels of its own).
// Accumulators start at the folded bias minus Z_w·Σx and wrap around as
// int32, as the portable kernels' narrowing defines.
//
// The architecture headers (gemm_neon.h, gemm_x86.h) include this one and
// define qcc_finish_tile_any.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_GEMM_DRIVER_H
#define QCC_KERNELS_GEMM_DRIVER_H

#include "internal.h"

#include <string.h>

/* How the output stage runs: double rounding with right shifts only (the
 * common case: every n in [1, 31]), double rounding with any shift, or
 * single rounding. */
enum { QCC_STAGE_RIGHT, QCC_STAGE_DOUBLE, QCC_STAGE_SINGLE };

/* One GEMM: `cols` output channels over rows of `depth` values. */
typedef struct {
  int32_t depth, cols, kr, granule;
  const int8_t *weights;
  const int32_t *bias, *multiplier, *shift;
  int32_t weight_zero_point, zero_point, min, max, stage;
  /* What the packed weight bytes are xored with (0x80 for tiles that
   * multiply unsigned weight bytes, w + 128; padding is then 0x80 too). */
  int32_t weight_xor;
  int8_t *pack; /* scratch for a tile's packed rows, if the variant packs */
} qcc_gemm;

/* A row tile: `rows` (4 or 1) rows against panels of 16 channels. It
 * computes acc[r][o] = bias[o] + Σ_k a[r][k]·w[o][k] over the first
 * `units`·granule depth values (wrapping int32; the granule is the
 * microkernel's smallest depth step). With `panels` > 0 it does so for
 * that many consecutive whole panels (bias, multiplier, shift and c[r] moving
 * on by 16 each), applies the QCC_STAGE_RIGHT output stage and stores 16
 * int8 per row and panel; with `panels` == 0 it stores the accumulators of
 * one panel to raw[r] for the caller to finish. */
#define QCC_TILE_PARAMS                                                        \
  int rows, const int8_t *const a[4], int32_t units, const int8_t *panel,      \
      const int32_t *bias, const int32_t *multiplier, const int32_t *shift,    \
      const qcc_gemm *g, int8_t *const c[4], int32_t panels,                   \
      int32_t raw[4][16]
typedef void qcc_gemm_tile(QCC_TILE_PARAMS);

/* The bytes of one packed panel: 16 channels by `depth` values rounded up
 * to a whole group of kr. */
static inline int32_t qcc_panel_bytes(int32_t depth, int32_t kr) {
  return 16 * ((depth + kr - 1) / kr * kr);
}

static inline int qcc_in_range(int32_t v, int32_t lo, int32_t hi) {
  return v >= lo && v <= hi;
}

/* The stage kind for a rounding and whether every shift of the stage is a
 * right shift in [1, 31]. */
static inline int qcc_stage_kind(int32_t rounding, int right_shifts) {
  return rounding == QCC_ROUND_SINGLE ? QCC_STAGE_SINGLE
         : right_shifts               ? QCC_STAGE_RIGHT
                                      : QCC_STAGE_DOUBLE;
}

/* The stage kind of a per-tensor output stage. */
static inline int qcc_tensor_stage_kind(const qcc_requant_desc *r) {
  return qcc_stage_kind(r->rounding, qcc_in_range(r->shift, 1, 31));
}

/* Calls fn(kind, ...) with the stage kind `kind` as a constant, so that
 * the code of each kind is compiled on its own. */
#define QCC_WITH_STAGE_KIND(kind, fn, ...)                                     \
  do {                                                                         \
    switch (kind) {                                                            \
    case QCC_STAGE_SINGLE:                                                     \
      fn(QCC_STAGE_SINGLE, __VA_ARGS__);                                       \
      break;                                                                   \
    case QCC_STAGE_RIGHT:                                                      \
      fn(QCC_STAGE_RIGHT, __VA_ARGS__);                                        \
      break;                                                                   \
    default:                                                                   \
      fn(QCC_STAGE_DOUBLE, __VA_ARGS__);                                       \
    }                                                                          \
  } while (0)

static inline qcc_gemm qcc_gemm_make(int32_t depth, int32_t cols, int32_t kr,
                                     int32_t granule, const int8_t *weights,
                                     const int32_t *bias,
                                     const int32_t *multiplier,
                                     const int32_t *shift,
                                     int32_t weight_zero_point,
                                     int32_t zero_point, int32_t min,
                                     int32_t max, int32_t rounding) {
  qcc_gemm g;
  int32_t o, right = 1;
  g.depth = depth;
  g.cols = cols;
  g.kr = kr;
  g.granule = granule;
  g.weights = weights;
  g.bias = bias;
  g.multiplier = multiplier;
  g.shift = shift;
  g.weight_zero_point = weight_zero_point;
  g.zero_point = zero_point;
  g.min = min;
  g.max = max;
  g.pack = 0;
  g.weight_xor = 0;
  for (o = 0; o < cols; ++o)
    right &= qcc_in_range(shift[o], 1, 31);
  g.stage = qcc_stage_kind(rounding, right);
  return g;
}

/* Σ of a row's `depth` values, wrapped to int32 (for Z_w != 0). */
static inline int32_t qcc_row_sum(const int8_t *a, int32_t depth) {
  uint32_t sum = 0;
  int32_t k;
  for (k = 0; k < depth; ++k)
    sum += (uint32_t)(int32_t)a[k];
  return (int32_t)sum;
}

/* Completes the accumulators of one panel a tile left in `raw`: the depth
 * values past its last whole granule and the Z_w·Σx terms. */
static inline void qcc_finish_raw(const qcc_gemm *g, int rows,
                                  const int8_t *const a[4],
                                  const int8_t *panel, int32_t raw[4][16]) {
  const int32_t whole = g->depth / g->granule * g->granule;
  int32_t r, o, k;
  if (whole == g->depth && g->weight_zero_point == 0)
    return; /* a last partial panel of the common case: nothing to add */
  for (r = 0; r < rows; ++r) {
    uint32_t correction =
        g->weight_zero_point == 0
            ? 0
            : (uint32_t)g->weight_zero_point *
                  (uint32_t)qcc_row_sum(a[r], g->depth);
    for (o = 0; o < 16; ++o) {
      uint32_t acc = (uint32_t)raw[r][o] - correction;
      for (k = whole; k < g->depth; ++k)
        acc += (uint32_t)((int32_t)a[r][k] *
                          (int8_t)(panel[((k / g->kr) * 16 + o) * g->kr +
                                         k % g->kr] ^
                                   g->weight_xor));
      raw[r][o] = (int32_t)acc;
    }
  }
}

/* Finishes one panel a tile left in `raw` (defined by the architecture
 * header): the depth values past its last whole granule, the Z_w·Σx terms,
 * and the output stage of g->stage, for the `n` channels from `col`. */
static __attribute__((unused)) void
qcc_finish_tile_any(const qcc_gemm *g, int rows, const int8_t *const a[4],
                    const int8_t *panel, int32_t col, int32_t n,
                    int8_t *const c[4], int32_t raw[4][16]);

/* `rows` (4 or 1) rows against every panel; row r reads a[r] and writes
 * c[r]. The microkernel finishes the whole panels of the common stage
 * itself; the rest go through qcc_finish_tile one panel at a time. */
QCC_ALWAYS_INLINE void qcc_gemm_rows(const qcc_gemm *g, qcc_gemm_tile *tile,
                                     int rows,
                                     const int8_t *const a[4],
                                     int8_t *const c[4]) {
  const int32_t units = g->depth / g->granule;
  const int32_t panel_size = qcc_panel_bytes(g->depth, g->kr);
  int32_t col = 0;
  if (g->stage == QCC_STAGE_RIGHT && g->weight_zero_point == 0 &&
      g->depth % g->granule == 0 && g->cols >= 16) {
    col = g->cols / 16 * 16;
    tile(rows, a, units, g->weights, g->bias, g->multiplier, g->shift, g, c,
         col / 16, 0);
  }
  for (; col < g->cols; col += 16) {
    const int32_t n = g->cols - col < 16 ? g->cols - col : 16;
    const int8_t *panel = g->weights + (col / 16) * panel_size;
    int32_t bias[16], raw[4][16], j;
    for (j = 0; j < 16; ++j)
      bias[j] = j < n ? g->bias[col + j] : 0;
    tile(rows, a, units, panel, bias, 0, 0, g, c, 0, raw);
    qcc_finish_tile_any(g, rows, a, panel, col, n, c, raw);
  }
}

/* Copies `n` bytes in whole 16-, 8- or 4-byte moves, the last one
 * overlapping the one before. (The kernels are built freestanding, where
 * memcpy is a library call: __builtin_memcpy of a constant size is a
 * move.) */
static inline void qcc_copy_bytes(int8_t *dst, const int8_t *src, int32_t n) {
  int32_t i;
  if (n >= 16) {
    int8_t head[16], tail[16];
    for (i = 0; i + 16 < n; i += 16) {
      __builtin_memcpy(head, src + i, 16);
      __builtin_memcpy(dst + i, head, 16);
    }
    __builtin_memcpy(tail, src + n - 16, 16);
    __builtin_memcpy(dst + n - 16, tail, 16);
  } else if (n >= 8) {
    uint64_t head, tail;
    __builtin_memcpy(&head, src, 8);
    __builtin_memcpy(&tail, src + n - 8, 8);
    __builtin_memcpy(dst, &head, 8);
    __builtin_memcpy(dst + n - 8, &tail, 8);
  } else if (n >= 4) {
    uint32_t head, tail;
    __builtin_memcpy(&head, src, 4);
    __builtin_memcpy(&tail, src + n - 4, 4);
    __builtin_memcpy(dst, &head, 4);
    __builtin_memcpy(dst + n - 4, &tail, 4);
  } else {
    for (i = 0; i < n; ++i)
      dst[i] = src[i];
  }
}

/* Gathers the window of output pixel (b, y, x) into `row`: `channels`
 * bytes per window position from pixels `in_c` apart (in_c, or a group's
 * in_c / groups from `input`, its first channel), padding as the input zero
 * point; returns `row`. */
static inline const int8_t *qcc_gather_window(const qcc_conv2d_desc *d,
                                              const int8_t *input,
                                              int32_t channels, int32_t b,
                                              int32_t y, int32_t x,
                                              int8_t *row) {
  /* Locals, not d->…: every store to `row` might alias the descriptor. */
  const int32_t in_h = d->in_h, in_w = d->in_w, in_c = d->in_c;
  const int32_t kernel_h = d->kernel_h, kernel_w = d->kernel_w;
  const int32_t dilation_h = d->dilation_h, dilation_w = d->dilation_w;
  const int32_t y0 = y * d->stride_h - d->pad_top;
  const int32_t x0 = x * d->stride_w - d->pad_left;
  const int8_t zero_point = (int8_t)d->input_zero_point;
  const int32_t run = kernel_w * in_c;
  int8_t *out = row;
  int32_t i, j;
  if (channels == in_c && dilation_w == 1 && x0 >= 0 &&
      x0 + kernel_w <= in_w && y0 >= 0 &&
      y0 + (kernel_h - 1) * dilation_h < in_h) {
    /* Inside the image: one contiguous run per kernel row. */
    const int8_t *line = input + ((b * in_h + y0) * in_w + x0) * in_c;
    for (i = 0; i < kernel_h; ++i, out += run, line += dilation_h * in_w * in_c)
      qcc_copy_bytes(out, line, run);
    return row;
  }
  for (i = 0; i < kernel_h; ++i) {
    const int32_t iy = y0 + i * dilation_h;
    const int8_t *line = input + (b * in_h + iy) * in_w * in_c;
    for (j = 0; j < kernel_w; ++j, out += channels) {
      const int32_t ix = x0 + j * dilation_w;
      if (iy < 0 || iy >= in_h || ix < 0 || ix >= in_w)
        memset(out, zero_point, (size_t)channels);
      else
        qcc_copy_bytes(out, line + ix * in_c, channels);
    }
  }
  return row;
}

/* The walk over a convolution's output pixels (b, y, x), row major. */
typedef struct {
  int32_t p, b, y, x;
} qcc_pixel;

/* The GEMM row of the current pixel: the input pixel itself without
 * `scratch` (1x1, no padding), else its window gathered into `scratch`.
 * Stores the output row in *out and moves to the next pixel. */
static inline const int8_t *qcc_next_row(const qcc_conv2d_desc *d,
                                         const int8_t *input,
                                         int32_t channels, int8_t *output,
                                         int8_t *scratch, qcc_pixel *at,
                                         int8_t **out) {
  const int8_t *row =
      scratch ? qcc_gather_window(d, input, channels, at->b, at->y, at->x,
                                  scratch)
              : input + ((at->b * d->in_h + at->y * d->stride_h) * d->in_w +
                         at->x * d->stride_w) *
                            d->in_c;
  *out = output + at->p * d->out_c;
  ++at->p;
  if (++at->x == d->out_w) {
    at->x = 0;
    if (++at->y == d->out_h) {
      at->y = 0;
      ++at->b;
    }
  }
  return row;
}

/* Gathers the windows of the 4 pixels from `at` on into 4 scratch rows of
 * `depth` bytes, `channels` a window position (qcc_gather_window), if they
 * are in one output row and inside the image (no padding, dilation_w 1):
 * with every channel, one contiguous run per kernel row. Returns whether it
 * did. */
QCC_ALWAYS_INLINE int qcc_gather_4(const qcc_conv2d_desc *d,
                                   const int8_t *input, int32_t channels,
                                   const qcc_pixel *at, int32_t depth,
                                   int8_t *scratch) {
  const int32_t in_c = d->in_c, kernel_h = d->kernel_h;
  const int32_t run = d->kernel_w * in_c;
  const int32_t step = d->stride_w * in_c;
  const int32_t line_step = d->dilation_h * d->in_w * in_c;
  const int32_t y0 = at->y * d->stride_h - d->pad_top;
  const int32_t x0 = at->x * d->stride_w - d->pad_left;
  const int8_t *line;
  int32_t r, i;
  if (at->x + 4 > d->out_w || d->dilation_w != 1 || x0 < 0 ||
      x0 + 3 * d->stride_w + d->kernel_w > d->in_w || y0 < 0 ||
      y0 + (kernel_h - 1) * d->dilation_h >= d->in_h)
    return 0;
  line = input + ((at->b * d->in_h + y0) * d->in_w + x0) * in_c;
  if (channels != in_c) {
    /* A group's channels: one move per window position. */
    const int32_t kernel_w = d->kernel_w;
    int32_t j;
    for (r = 0; r < 4; ++r, line += step) {
      int8_t *dst = scratch + r * depth;
      for (i = 0; i < kernel_h; ++i)
        for (j = 0; j < kernel_w; ++j, dst += channels)
          qcc_copy_bytes(dst, line + i * line_step + j * in_c, channels);
    }
    return 1;
  }
  if (run >= 8 && run <= 16) {
    /* The common first layer (3x3x3 = 9 bytes a row): two overlapping
     * 8-byte moves a row, chosen once. */
    for (r = 0; r < 4; ++r, line += step)
      for (i = 0; i < kernel_h; ++i) {
        const int8_t *src = line + i * line_step;
        int8_t *dst = scratch + r * depth + i * run;
        uint64_t head, tail;
        __builtin_memcpy(&head, src, 8);
        __builtin_memcpy(&tail, src + run - 8, 8);
        __builtin_memcpy(dst, &head, 8);
        __builtin_memcpy(dst + run - 8, &tail, 8);
      }
    return 1;
  }
  for (r = 0; r < 4; ++r, line += step)
    for (i = 0; i < kernel_h; ++i)
      qcc_copy_bytes(scratch + r * depth + i * run, line + i * line_step, run);
  return 1;
}

/* A convolution, or one group of one, as a GEMM over its output pixels: 4
 * rows a tile, then the last ones alone (two loops, so that each tile's
 * code is its own). Each row takes `channels` input channels from `input`
 * on (pixels in_c apart) and writes g->cols from `output` on (pixels out_c
 * apart). Without `scratch` (1x1, no padding) rows are read in place,
 * consecutive pixels when the strides are 1; with it, each pixel's window
 * is gathered into one of 4 scratch rows of g->depth bytes (the window
 * rounded up to a whole granule, the rest zeros the caller wrote). */
QCC_ALWAYS_INLINE void qcc_gemm_conv(const qcc_gemm *g, qcc_gemm_tile *tile,
                                       const qcc_conv2d_desc *d,
                                       int32_t channels, const int8_t *input,
                                       int8_t *output, int8_t *scratch) {
  const int32_t pixels = d->batch * d->out_h * d->out_w;
  const int contiguous = !scratch && d->stride_h == 1 && d->stride_w == 1;
  qcc_pixel at = {0, 0, 0, 0};
  const int8_t *a[4] = {0, 0, 0, 0};
  int8_t *c[4] = {0, 0, 0, 0};
  int32_t r;
  while (at.p + 4 <= pixels) {
    if (contiguous) {
      for (r = 0; r < 4; ++r) {
        a[r] = input + (at.p + r) * d->in_c;
        c[r] = output + (at.p + r) * d->out_c;
      }
      at.p += 4;
    } else if (scratch &&
               qcc_gather_4(d, input, channels, &at, g->depth, scratch)) {
      for (r = 0; r < 4; ++r) {
        a[r] = scratch + r * g->depth;
        c[r] = output + (at.p + r) * d->out_c;
      }
      at.p += 4;
      at.x += 4;
      if (at.x == d->out_w) {
        at.x = 0;
        if (++at.y == d->out_h) {
          at.y = 0;
          ++at.b;
        }
      }
    } else {
      for (r = 0; r < 4; ++r)
        a[r] = qcc_next_row(d, input, channels, output,
                            scratch ? scratch + r * g->depth : 0, &at, &c[r]);
    }
    qcc_gemm_rows(g, tile, 4, a, c);
  }
  while (at.p < pixels) {
    if (contiguous) {
      a[0] = input + at.p * d->in_c;
      c[0] = output + at.p * d->out_c;
      ++at.p;
    } else {
      a[0] = qcc_next_row(d, input, channels, output, scratch, &at, &c[0]);
    }
    qcc_gemm_rows(g, tile, 1, a, c);
  }
}

/* A fully-connected layer as the 1x1 convolution of `rows` pixels. */
static inline qcc_conv2d_desc
qcc_conv_of_fully_connected(const qcc_fully_connected_desc *f) {
  qcc_conv2d_desc d;
  __builtin_memset(&d, 0, sizeof d);
  d.batch = 1;
  d.in_h = d.out_h = f->rows;
  d.in_w = d.out_w = 1;
  d.in_c = f->depth;
  d.out_c = f->cols;
  d.kernel_h = d.kernel_w = d.stride_h = d.stride_w = 1;
  d.dilation_h = d.dilation_w = d.groups = 1;
  d.input_zero_point = f->input_zero_point;
  d.weight_zero_point = f->weight_zero_point;
  d.output_zero_point = f->output_zero_point;
  d.output_min = f->output_min;
  d.output_max = f->output_max;
  d.rounding = f->rounding;
  return d;
}

/* A convolution of a variant whose tile is `tile`, whose panels group `kr`
 * depth values, whose smallest depth step is `granule` and whose weight
 * bytes are xored with `weight_xor` (qcc_gemm): KxK windows (padded to a
 * whole granule) gathered into `windows`, or (null) 1x1 rows read in place;
 * `pack` is the tile's area for 4 packed rows, if it packs. With groups,
 * each group is a GEMM of its own, its weights packed as panels of their
 * own after the previous group's. */
QCC_ALWAYS_INLINE void qcc_gemm_kernel(qcc_gemm_tile *tile, int32_t kr,
                                       int32_t granule, int32_t weight_xor,
                                       const qcc_conv2d_desc *d,
                                       const int8_t *weights,
                                       const int32_t *bias,
                                       const int32_t *multiplier,
                                       const int32_t *shift,
                                       const int8_t *input, int8_t *output,
                                       int8_t *windows, int8_t *pack) {
  const int32_t channels = d->in_c / d->groups, cols = d->out_c / d->groups;
  const int32_t depth = d->kernel_h * d->kernel_w * channels;
  const int32_t group_bytes = (cols + 15) / 16 * qcc_panel_bytes(depth, kr);
  /* The stage kind of every channel, which holds for each group's. */
  qcc_gemm g = qcc_gemm_make(depth, d->out_c, kr, granule, weights, bias,
                             multiplier, shift, d->weight_zero_point,
                             d->output_zero_point, d->output_min,
                             d->output_max, d->rounding);
  int32_t group;
  g.cols = cols;
  if (windows) {
    g.depth = (depth + granule - 1) / granule * granule;
    memset(windows, 0, (size_t)(4 * g.depth));
  }
  g.pack = pack;
  g.weight_xor = weight_xor;
  for (group = 0; group < d->groups; ++group) {
    const int32_t first = group * cols;
    g.weights = weights + group * group_bytes;
    g.bias = bias + first;
    g.multiplier = multiplier + first;
    g.shift = shift + first;
    qcc_gemm_conv(&g, tile, d, channels, input + group * channels,
                  output + first, windows);
  }
}

/* The channels [0, result) a vectorized depthwise kernel runs in blocks of
 * 16: all whole blocks for depth multiplier 1, Z_w == 0 and windows of at
 * most `max_window` positions, else none. */
static inline int32_t qcc_depthwise_vectorized(const qcc_conv2d_desc *d,
                                               int32_t max_window) {
  return d->out_c == d->in_c && d->weight_zero_point == 0 &&
                 d->kernel_h * d->kernel_w <= max_window
             ? d->out_c / 16 * 16
             : 0;
}

/* A depthwise convolution's output stage (and bias) as a GEMM's. */
static inline qcc_gemm qcc_depthwise_gemm(const qcc_conv2d_desc *d,
                                          const int8_t *weights,
                                          const int32_t *bias,
                                          const int32_t *multiplier,
                                          const int32_t *shift) {
  return qcc_gemm_make(d->kernel_h * d->kernel_w, d->out_c, 1, 1, weights,
                       bias, multiplier, shift, 0, d->output_zero_point,
                       d->output_min, d->output_max, d->rounding);
}

/* The channels from `first` on of a depthwise convolution, through the
 * portable definition. */
static inline void qcc_depthwise_rest(const qcc_conv2d_desc *d,
                                      const int8_t *weights,
                                      const int32_t *bias,
                                      const int32_t *multiplier,
                                      const int32_t *shift,
                                      const int8_t *input, int8_t *output,
                                      int32_t first) {
  int32_t b, y, x, c;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x)
        for (c = first; c < d->out_c; ++c)
          output[((b * d->out_h + y) * d->out_w + x) * d->out_c + c] =
              qcc_internal_depthwise_at(d, weights, bias, multiplier, shift,
                                        input, b, y, x, c);
}

/* A tile `name` from an inline `rows_fn` taking QCC_TILE_PARAMS with rows
 * a constant: one out-of-line copy for 4 rows and one for 1 (each with its
 * own code), and the dispatch between them. */
#define QCC_DEFINE_ROWS_TILE(name, rows_fn)                                    \
  static void name##_4(QCC_TILE_PARAMS) {                                      \
    (void)rows;                                                                \
    rows_fn(4, a, units, panel, bias, multiplier, shift, g, c, panels, raw);   \
  }                                                                            \
  static void name##_1(QCC_TILE_PARAMS) {                                      \
    (void)rows;                                                                \
    rows_fn(1, a, units, panel, bias, multiplier, shift, g, c, panels, raw);   \
  }                                                                            \
  QCC_ALWAYS_INLINE void name(QCC_TILE_PARAMS) {                               \
    if (rows == 4)                                                             \
      name##_4(rows, a, units, panel, bias, multiplier, shift, g, c, panels,   \
               raw);                                                           \
    else                                                                       \
      name##_1(rows, a, units, panel, bias, multiplier, shift, g, c, panels,   \
               raw);                                                           \
  }

/* The body of a variant's kernels (qcc_gemm_kernel), inlined into each.
 * (qcc's LLVM emitter specializes these kernels on their constant
 * descriptors, which pays for small shapes such as a first layer's 3x3x3
 * window: 4.1 -> 5.1 MACs/instr; the depthwise and add kernels, where it
 * pays less, keep one out-of-line body.) */
#define QCC_DEFINE_GEMM_BODY(suffix, tile, kr, granule, weight_xor)            \
  QCC_ALWAYS_INLINE void qcc_gemm_body_##suffix(                              \
      const qcc_conv2d_desc *d, const int8_t *weights, const int32_t *bias,    \
      const int32_t *multiplier, const int32_t *shift, const int8_t *input,    \
      int8_t *output, int8_t *windows, int8_t *pack) {                         \
    qcc_gemm_kernel(tile, kr, granule, weight_xor, d, weights, bias,           \
                    multiplier, shift, input, output, windows, pack);          \
  }

/* The three GEMM-shaped kernels of a variant (see qcc_gemm_kernel); `suffix`
 * names them. The KxK one takes 4 window rows of scratch. */
#define QCC_DEFINE_GEMM_KERNELS(suffix, tile, kr, granule, weight_xor)         \
  QCC_DEFINE_GEMM_BODY(suffix, tile, kr, granule, weight_xor)                  \
  void qcc_conv2d_s8_##suffix(const qcc_conv2d_desc *d, const int8_t *weights, \
                              const int32_t *bias, const int32_t *multiplier,  \
                              const int32_t *shift, const int8_t *input,       \
                              int8_t *output, void *scratch) {                 \
    qcc_gemm_body_##suffix(d, weights, bias, multiplier, shift, input,     \
                           output, (int8_t *)scratch, 0);                      \
  }                                                                            \
  void qcc_conv2d_1x1_s8_##suffix(                                             \
      const qcc_conv2d_desc *d, const int8_t *weights, const int32_t *bias,    \
      const int32_t *multiplier, const int32_t *shift, const int8_t *input,    \
      int8_t *output) {                                                        \
    qcc_gemm_body_##suffix(d, weights, bias, multiplier, shift, input,     \
                           output, 0, 0);                                      \
  }                                                                            \
  void qcc_fully_connected_s8_##suffix(                                        \
      const qcc_fully_connected_desc *f, const int8_t *weights,                \
      const int32_t *bias, const int32_t *multiplier, const int32_t *shift,    \
      const int8_t *input, int8_t *output) {                                   \
    qcc_conv2d_desc d = qcc_conv_of_fully_connected(f);                        \
    qcc_gemm_body_##suffix(&d, weights, bias, multiplier, shift, input,        \
                           output, 0, 0);                                      \
  }

/* The same for a variant whose 4-row tile packs its rows: every kernel
 * takes scratch, 4 packed rows (after the 4 windows of the KxK one, each
 * of a group's depth rounded up to 8 bytes). */
#define QCC_DEFINE_PACKED_GEMM_KERNELS(suffix, tile, kr, granule, weight_xor)  \
  QCC_DEFINE_GEMM_BODY(suffix, tile, kr, granule, weight_xor)                  \
  void qcc_conv2d_s8_##suffix(const qcc_conv2d_desc *d, const int8_t *weights, \
                              const int32_t *bias, const int32_t *multiplier,  \
                              const int32_t *shift, const int8_t *input,       \
                              int8_t *output, void *scratch) {                 \
    const int32_t depth = d->kernel_h * d->kernel_w * (d->in_c / d->groups);   \
    qcc_gemm_body_##suffix(d, weights, bias, multiplier, shift, input,     \
                           output, (int8_t *)scratch,                          \
                           (int8_t *)scratch + 4 * ((depth + 7) / 8 * 8));     \
  }                                                                            \
  void qcc_conv2d_1x1_s8_##suffix(                                             \
      const qcc_conv2d_desc *d, const int8_t *weights, const int32_t *bias,    \
      const int32_t *multiplier, const int32_t *shift, const int8_t *input,    \
      int8_t *output, void *scratch) {                                         \
    qcc_gemm_body_##suffix(d, weights, bias, multiplier, shift, input,     \
                           output, 0, (int8_t *)scratch);                      \
  }                                                                            \
  void qcc_fully_connected_s8_##suffix(                                        \
      const qcc_fully_connected_desc *f, const int8_t *weights,                \
      const int32_t *bias, const int32_t *multiplier, const int32_t *shift,    \
      const int8_t *input, int8_t *output, void *scratch) {                    \
    qcc_conv2d_desc d = qcc_conv_of_fully_connected(f);                        \
    qcc_gemm_body_##suffix(&d, weights, bias, multiplier, shift, input,        \
                           output, 0, (int8_t *)scratch);                      \
  }

#endif /* QCC_KERNELS_GEMM_DRIVER_H */
