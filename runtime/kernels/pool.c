/*===- pool.c - Portable pooling kernels ---------------------------*- C -*-===//
//
// This file defines the portable max, average and global average pools on
// NHWC tensors.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

/* Clips the window starting at `start` of `size` to [0, limit): writes its
 * first and one-past-last positions. */
static void clip_window(int32_t start, int32_t size, int32_t limit,
                        int32_t *first, int32_t *last) {
  *first = start < 0 ? 0 : start;
  *last = start + size > limit ? limit : start + size;
}

/* Each output pixel starts at -128 and takes the maximum with each window
 * position's channels in turn: the innermost loop runs over contiguous
 * channels, which compilers vectorize. */
void qcc_max_pool_s8(const qcc_pool_desc *d, const int8_t *input,
                     int8_t *output) {
  const int32_t channels = d->channels;
  int32_t b, y, x, c, i, j, y0, y1, x0, x1;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x) {
        int8_t *out =
            output + ((b * d->out_h + y) * d->out_w + x) * channels;
        clip_window(y * d->stride_h - d->pad_top, d->kernel_h, d->in_h, &y0,
                    &y1);
        clip_window(x * d->stride_w - d->pad_left, d->kernel_w, d->in_w, &x0,
                    &x1);
        for (c = 0; c < channels; ++c)
          out[c] = -128;
        for (i = y0; i < y1; ++i)
          for (j = x0; j < x1; ++j) {
            const int8_t *in =
                input + ((b * d->in_h + i) * d->in_w + j) * channels;
            for (c = 0; c < channels; ++c)
              out[c] = in[c] > out[c] ? in[c] : out[c];
          }
      }
}

/* The average and global average pools sum 64 channels at a time into a
 * local array, one window position (or pixel) after another, so that the
 * inner loop runs over contiguous channels. */
enum { QCC_POOL_CHUNK = 64 };

void qcc_avg_pool_s8(const qcc_pool_desc *d, const int8_t *input,
                     int8_t *output) {
  const int32_t channels = d->channels, zero_point = d->input_zero_point;
  const qcc_requant_desc stage = d->out;
  int32_t acc[QCC_POOL_CHUNK];
  int32_t b, y, x, c, c0, n, i, j, y0, y1, x0, x1, count;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x) {
        int8_t *out =
            output + ((b * d->out_h + y) * d->out_w + x) * channels;
        clip_window(y * d->stride_h - d->pad_top, d->kernel_h, d->in_h, &y0,
                    &y1);
        clip_window(x * d->stride_w - d->pad_left, d->kernel_w, d->in_w, &x0,
                    &x1);
        count = d->count_include_pad ? d->kernel_h * d->kernel_w
                                     : (y1 - y0) * (x1 - x0);
        for (c0 = 0; c0 < channels; c0 += QCC_POOL_CHUNK) {
          n = channels - c0 < QCC_POOL_CHUNK ? channels - c0 : QCC_POOL_CHUNK;
          for (c = 0; c < n; ++c)
            acc[c] = 0;
          for (i = y0; i < y1; ++i)
            for (j = x0; j < x1; ++j) {
              const int8_t *in =
                  input + ((b * d->in_h + i) * d->in_w + j) * channels + c0;
              for (c = 0; c < n; ++c)
                acc[c] += in[c] - zero_point;
            }
          for (c = 0; c < n; ++c)
            out[c0 + c] = qcc_internal_requant(
                &stage, qcc_rounding_divide(acc[c], count));
        }
      }
}

void qcc_global_avg_pool_s8(const qcc_global_avg_pool_desc *d,
                            const int8_t *input, int8_t *output) {
  const int32_t channels = d->channels, plane = d->plane;
  const int32_t zero_point = d->input_zero_point;
  const qcc_requant_desc stage = d->out;
  /* Sums wrap as int32 (qcc_wrap_s32 of the exact sum): unsigned adds. */
  uint32_t acc[QCC_POOL_CHUNK];
  int32_t b, c, c0, n, i;
  for (b = 0; b < d->batch; ++b)
    for (c0 = 0; c0 < channels; c0 += QCC_POOL_CHUNK) {
      n = channels - c0 < QCC_POOL_CHUNK ? channels - c0 : QCC_POOL_CHUNK;
      for (c = 0; c < n; ++c)
        acc[c] = 0;
      for (i = 0; i < plane; ++i) {
        const int8_t *in = input + (b * plane + i) * channels + c0;
        for (c = 0; c < n; ++c)
          acc[c] += (uint32_t)(in[c] - zero_point);
      }
      for (c = 0; c < n; ++c)
        output[b * channels + c0 + c] =
            qcc_internal_requant(&stage, (int32_t)acc[c]);
    }
}
