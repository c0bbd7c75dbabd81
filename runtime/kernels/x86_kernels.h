/*===- x86_kernels.h - The depthwise convolution in x86-64 vectors -*- C -*-===//
//
// This file defines the x86-64 variant of the depthwise convolution on
// x86_vec.h's 16 int32 lanes, for the vector width and name suffix the
// including file picks (vector_avx512.c, vector_avx2.c: QCC_X86_WIDTH,
// QCC_X86_SUFFIX). Results are identical to the portable kernel's.
//
// Depthwise: sixteen channels at a time in 32-bit lanes, with the block's
// weights (up to 25 window positions) and output stage in registers for
// all its pixels: each position sign-extends 16 input bytes and multiplies
// them into the accumulators. Interior pixels read their window unchecked;
// border pixels read the input zero point for padding, as the folded bias
// expects. The common output stage is gemm_x86.h's; other stages are
// scalar qcc_requantize. Channels past a multiple of 16, depth multipliers
// above 1 and nonzero weight zero points take the portable definition
// (qcc_internal_depthwise_at).
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_KERNELS_H
#define QCC_KERNELS_X86_KERNELS_H

#include "gemm_x86.h"

enum { QCC_X86_DW_MAX_WINDOW = 25 };

/* The accumulators of one output pixel whose window starts at (y0, x0):
 * `kh`·`kw` positions, unchecked when `inside`. */
QCC_ALWAYS_INLINE qcc_v16 qcc_dw_pixel(const qcc_conv2d_desc *d,
                                       const int8_t *image, int32_t kh,
                                       int32_t kw, int inside, int32_t y0,
                                       int32_t x0, const qcc_v16 *w,
                                       qcc_v16 acc) {
  const int32_t in_h = d->in_h, in_w = d->in_w, channels = d->in_c;
  int32_t i, j;
  for (i = 0; i < kh; ++i)
    for (j = 0; j < kw; ++j) {
      const int32_t iy = y0 + i * d->dilation_h, ix = x0 + j * d->dilation_w;
      const qcc_v16 x =
          inside || (iy >= 0 && iy < in_h && ix >= 0 && ix < in_w)
              ? qcc_v16_load_s8(image + (iy * in_w + ix) * channels)
              : qcc_v16_set1(d->input_zero_point);
      acc = qcc_v16_add(acc, qcc_v16_mullo(x, w[i * kw + j]));
    }
  return acc;
}

/* Stores the output stage of one pixel's 16 accumulators. */
QCC_ALWAYS_INLINE void qcc_dw_store(const qcc_gemm *g, const qcc_stage_x86 *s,
                                    int32_t c, qcc_v16 acc, int8_t *out) {
  int32_t raw[16];
  if (g->stage == QCC_STAGE_RIGHT) {
    qcc_stage_x86_store(s, acc, out);
    return;
  }
  qcc_v16_store(raw, acc);
  qcc_stage_scalar(g, raw, c, 16, out);
}

/* The 16 channels from `c` of every output pixel, for any window of up to
 * QCC_X86_DW_MAX_WINDOW positions, their weights in registers. */
static void qcc_dw_block(const qcc_conv2d_desc *d, const qcc_gemm *g,
                         const int8_t *input, int32_t c,
                         const int8_t *weights, int8_t *output) {
  const int32_t kh = d->kernel_h, kw = d->kernel_w;
  const int32_t in_h = d->in_h, in_w = d->in_w, channels = d->in_c;
  const int32_t out_h = d->out_h, out_w = d->out_w;
  const int32_t span_h = (kh - 1) * d->dilation_h;
  const int32_t span_w = (kw - 1) * d->dilation_w;
  const qcc_v16 bias = qcc_v16_load(g->bias + c);
  const qcc_stage_x86 s = qcc_stage_x86_load(g, g->multiplier + c,
                                             g->shift + c);
  qcc_v16 w[QCC_X86_DW_MAX_WINDOW];
  int32_t b, y, x, k;
  for (k = 0; k < kh * kw; ++k)
    w[k] = qcc_v16_load_s8(weights + k * d->out_c + c);
  for (b = 0; b < d->batch; ++b) {
    const int8_t *image = input + b * in_h * in_w * channels + c;
    for (y = 0; y < out_h; ++y) {
      const int32_t y0 = y * d->stride_h - d->pad_top;
      const int rows_inside = y0 >= 0 && y0 + span_h < in_h;
      int8_t *out = output + ((b * out_h + y) * out_w) * d->out_c + c;
      for (x = 0; x < out_w; ++x, out += d->out_c) {
        const int32_t x0 = x * d->stride_w - d->pad_left;
        const qcc_v16 acc =
            rows_inside && x0 >= 0 && x0 + span_w < in_w
                ? qcc_dw_pixel(d, image, kh, kw, 1, y0, x0, w, bias)
                : qcc_dw_pixel(d, image, kh, kw, 0, y0, x0, w, bias);
        qcc_dw_store(g, &s, c, acc, out);
      }
    }
  }
}

/* The 3x3 depthwise convolution (dilation 1, column stride 1 or 2, which
 * QCC_X86_DW_PAIRS holds) in pairs of window positions:
 * each input row of the block's 16 channels is read once into int16 pairs
 * of neighbouring columns (qcc_v16_pairs_s8: pair k holds columns k and
 * k + 1 of the padded row, padding as the input zero point), and each
 * output pixel adds, per window row, the dot products of pair x·s with
 * the weights of positions 0 and 1 and of pair x·s + 2 with (position 2,
 * 0): 6 pair products a pixel. Output columns go in strips of
 * QCC_X86_DW_STRIP, whose rows of pairs (three, reused across output rows)
 * stay in L1. */
enum { QCC_X86_DW_STRIP = 32 };
enum { QCC_X86_DW_PAIRS = 2 * (QCC_X86_DW_STRIP - 1) + 3 };

/* Row `iy` of the image (padding if outside) as pairs for `count` pair
 * positions from padded column `first` (input column first - pad_left). */
QCC_ALWAYS_INLINE void qcc_dw_row_pairs(const qcc_conv2d_desc *d,
                                        const int8_t *image, int32_t iy,
                                        int32_t first, int32_t count,
                                        const int8_t *padding,
                                        qcc_v16 *pairs) {
  const int8_t *line = image + iy * d->in_w * d->in_c;
  const int row_inside = iy >= 0 && iy < d->in_h;
  const int8_t *prev = 0;
  int32_t k;
  for (k = 0; k <= count; ++k) {
    const uint32_t ix = (uint32_t)(first + k - d->pad_left);
    const int8_t *next =
        row_inside && ix < (uint32_t)d->in_w ? line + ix * d->in_c : padding;
    if (k > 0)
      pairs[k - 1] = qcc_v16_pairs_s8(prev, next);
    prev = next;
  }
}

static void qcc_dw_block_3x3(const qcc_conv2d_desc *d, const qcc_gemm *g,
                             const int8_t *input, int32_t c,
                             const int8_t *weights, int8_t *output) {
  static const int8_t zeros[16] = {0};
  const int32_t stride_h = d->stride_h, stride_w = d->stride_w;
  int8_t padding[16];
  const qcc_v16 bias = qcc_v16_load(g->bias + c);
  const qcc_stage_x86 s = qcc_stage_x86_load(g, g->multiplier + c,
                                             g->shift + c);
  qcc_v16 w[3][2], rows[3][QCC_X86_DW_PAIRS];
  int32_t tags[3], b, y, x, x_begin, i;
  __builtin_memset(padding, d->input_zero_point, 16);
  for (i = 0; i < 3; ++i) {
    const int8_t *row = weights + 3 * i * d->out_c + c;
    w[i][0] = qcc_v16_pairs_s8(row, row + d->out_c);
    w[i][1] = qcc_v16_pairs_s8(row + 2 * d->out_c, zeros);
  }
  for (x_begin = 0; x_begin < d->out_w; x_begin += QCC_X86_DW_STRIP) {
    const int32_t x_end = x_begin + QCC_X86_DW_STRIP < d->out_w
                              ? x_begin + QCC_X86_DW_STRIP
                              : d->out_w;
    const int32_t count = (x_end - x_begin - 1) * stride_w + 3;
    for (b = 0; b < d->batch; ++b) {
      const int8_t *image = input + b * d->in_h * d->in_w * d->in_c + c;
      tags[0] = tags[1] = tags[2] = INT32_MIN;
      for (y = 0; y < d->out_h; ++y) {
        int8_t *out = output + ((b * d->out_h + y) * d->out_w + x_begin) *
                                   d->out_c + c;
        const qcc_v16 *row[3];
        for (i = 0; i < 3; ++i) {
          const int32_t iy = y * stride_h - d->pad_top + i;
          const int32_t slot = (iy % 3 + 3) % 3;
          if (tags[slot] != iy) {
            qcc_dw_row_pairs(d, image, iy, x_begin * stride_w, count,
                             padding, rows[slot]);
            tags[slot] = iy;
          }
          row[i] = rows[slot];
        }
        for (x = 0; x < x_end - x_begin; ++x, out += d->out_c) {
          const int32_t k = x * stride_w;
          qcc_v16 acc = bias;
#pragma GCC unroll 3
          for (i = 0; i < 3; ++i) {
            acc = qcc_v16_dot_pairs(acc, row[i][k], w[i][0]);
            acc = qcc_v16_dot_pairs(acc, row[i][k + 2], w[i][1]);
          }
          qcc_dw_store(g, &s, c, acc, out);
        }
      }
    }
  }
}

/* The depthwise kernel's body, compiled once (the entry passes it a copy of
 * its descriptor; see depthwise_neon.c). */
static __attribute__((noinline)) void
qcc_x86_depthwise_body(const qcc_conv2d_desc *d, const int8_t *weights,
                       const int32_t *bias, const int32_t *multiplier,
                       const int32_t *shift, const int8_t *input,
                       int8_t *output) {
  const int32_t vectorized =
      qcc_depthwise_vectorized(d, QCC_X86_DW_MAX_WINDOW);
  const qcc_gemm g = qcc_depthwise_gemm(d, weights, bias, multiplier, shift);
  int32_t c;
  for (c = 0; c < vectorized; c += 16) {
    if (d->kernel_h == 3 && d->kernel_w == 3 && d->dilation_h == 1 &&
        d->dilation_w == 1 && d->stride_w <= 2)
      qcc_dw_block_3x3(d, &g, input, c, weights, output);
    else
      qcc_dw_block(d, &g, input, c, weights, output);
  }
  qcc_depthwise_rest(d, weights, bias, multiplier, shift, input, output,
                     vectorized);
}

void QCC_X86_NAME(qcc_depthwise_conv2d_s8)(
    const qcc_conv2d_desc *d, const int8_t *weights, const int32_t *bias,
    const int32_t *multiplier, const int32_t *shift, const int8_t *input,
    int8_t *output) {
  qcc_conv2d_desc copy = *d;
  qcc_x86_depthwise_body(&copy, weights, bias, multiplier, shift, input,
                         output);
}

#endif /* QCC_KERNELS_X86_KERNELS_H */
