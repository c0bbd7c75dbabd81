/*===- pool.h - The pools per output pixel and range of channels --*- C -*-===//
//
// This file defines the max, average and global average pools of NHWC
// tensors per output pixel and range of channels, so that the portable
// kernels (pool.c) and the vector variants, which take 16 channels at a
// time and leave the rest to these, share one definition.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_POOL_H
#define QCC_KERNELS_POOL_H

#include "internal.h"

/* An output pixel's window clipped to the input, rows [y0, y1) and columns
 * [x0, x1) (empty ones have y1 = y0 or x1 = x0), and the divisor of the
 * average pool. */
typedef struct {
  int32_t y0, y1, x0, x1, count;
} qcc_pool_window;

static inline qcc_pool_window qcc_pool_window_at(const qcc_pool_desc *d,
                                                 int32_t y, int32_t x) {
  const int32_t top = y * d->stride_h - d->pad_top,
                left = x * d->stride_w - d->pad_left;
  qcc_pool_window w;
  w.y0 = top < 0 ? 0 : top;
  w.y1 = top + d->kernel_h > d->in_h ? d->in_h : top + d->kernel_h;
  w.y1 = w.y1 < w.y0 ? w.y0 : w.y1;
  w.x0 = left < 0 ? 0 : left;
  w.x1 = left + d->kernel_w > d->in_w ? d->in_w : left + d->kernel_w;
  w.x1 = w.x1 < w.x0 ? w.x0 : w.x1;
  w.count = d->count_include_pad ? d->kernel_h * d->kernel_w
                                 : (w.y1 - w.y0) * (w.x1 - w.x0);
  return w;
}

/* For each output pixel of `d`: its window `w` in image `b` and its
 * channels `out` in `output`. */
#define QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, ...)                     \
  do {                                                                         \
    int32_t b, y_, x_;                                                         \
    for (b = 0; b < (d)->batch; ++b)                                           \
      for (y_ = 0; y_ < (d)->out_h; ++y_)                                      \
        for (x_ = 0; x_ < (d)->out_w; ++x_) {                                  \
          const qcc_pool_window w = qcc_pool_window_at(d, y_, x_);             \
          int8_t *const out =                                                  \
              (output) +                                                       \
              ((b * (d)->out_h + y_) * (d)->out_w + x_) * (d)->channels;       \
          __VA_ARGS__                                                          \
        }                                                                      \
  } while (0)

/* Input pixel (i, j) of image b. */
static inline const int8_t *qcc_pool_pixel(const qcc_pool_desc *d,
                                           const int8_t *input, int32_t b,
                                           int32_t i, int32_t j) {
  return input + ((b * d->in_h + i) * d->in_w + j) * d->channels;
}

/* Channels [c0, c1) of a max pool's output pixel `out` (window w of image
 * b): -128, then the maximum with each window position's in turn, the
 * innermost loop over contiguous channels. */
static inline void qcc_max_pool_channels(const qcc_pool_desc *d,
                                         const int8_t *input, int32_t b,
                                         qcc_pool_window w, int32_t c0,
                                         int32_t c1, int8_t *out) {
  int32_t i, j, c;
  if (c0 >= c1)
    return;
  for (c = c0; c < c1; ++c)
    out[c] = -128;
  for (i = w.y0; i < w.y1; ++i)
    for (j = w.x0; j < w.x1; ++j) {
      const int8_t *in = qcc_pool_pixel(d, input, b, i, j);
      for (c = c0; c < c1; ++c)
        out[c] = in[c] > out[c] ? in[c] : out[c];
    }
}

/* The average pools sum 64 channels at a time into a local array, one
 * window position (or pixel) after another, so that the inner loop runs
 * over contiguous channels. */
enum { QCC_POOL_CHUNK = 64 };

/* Channels [c0, c1) of an average pool's output pixel `out`:
 * requant(round(Σ(q - Z_in) / count)). */
static inline void qcc_avg_pool_channels(const qcc_pool_desc *d,
                                         const int8_t *input, int32_t b,
                                         qcc_pool_window w, int32_t c0,
                                         int32_t c1, int8_t *out) {
  const int32_t zero_point = d->input_zero_point;
  const qcc_requant_desc stage = d->out;
  int32_t acc[QCC_POOL_CHUNK];
  int32_t c, n, i, j;
  for (; c0 < c1; c0 += QCC_POOL_CHUNK) {
    n = c1 - c0 < QCC_POOL_CHUNK ? c1 - c0 : QCC_POOL_CHUNK;
    for (c = 0; c < n; ++c)
      acc[c] = 0;
    for (i = w.y0; i < w.y1; ++i)
      for (j = w.x0; j < w.x1; ++j) {
        const int8_t *in = qcc_pool_pixel(d, input, b, i, j) + c0;
        for (c = 0; c < n; ++c)
          acc[c] += in[c] - zero_point;
      }
    for (c = 0; c < n; ++c)
      out[c0 + c] =
          qcc_internal_requant(&stage, qcc_rounding_divide(acc[c], w.count));
  }
}

/* Channels [c0, c1) of image b's global average pool into `out` (the
 * image's output): requant(Σ over the plane of (q - Z_in)), the sums
 * wrapping as int32 (qcc_wrap_s32 of the exact sum: unsigned adds). */
static inline void
qcc_global_avg_pool_channels(const qcc_global_avg_pool_desc *d,
                             const int8_t *input, int32_t b, int32_t c0,
                             int32_t c1, int8_t *out) {
  const int32_t channels = d->channels, plane = d->plane;
  const int32_t zero_point = d->input_zero_point;
  const qcc_requant_desc stage = d->out;
  uint32_t acc[QCC_POOL_CHUNK];
  int32_t c, n, i;
  for (; c0 < c1; c0 += QCC_POOL_CHUNK) {
    n = c1 - c0 < QCC_POOL_CHUNK ? c1 - c0 : QCC_POOL_CHUNK;
    for (c = 0; c < n; ++c)
      acc[c] = 0;
    for (i = 0; i < plane; ++i) {
      const int8_t *in = input + (b * plane + i) * channels + c0;
      for (c = 0; c < n; ++c)
        acc[c] += (uint32_t)(in[c] - zero_point);
    }
    for (c = 0; c < n; ++c)
      out[c0 + c] = qcc_internal_requant(&stage, (int32_t)acc[c]);
  }
}

#endif /* QCC_KERNELS_POOL_H */
