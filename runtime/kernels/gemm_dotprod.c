/*===- gemm_dotprod.c - GEMM-shaped kernels with SDOT --------------*- C -*-===//
//
// This file defines the AArch64 dot-product (+dotprod) variants of the
// fully-connected, 1x1-convolution and KxK-convolution kernels (the last
// gathers each output pixel's window into its scratch row, padding read as
// the input zero point, then treats it as one GEMM row). Weights are packed in
// blocks of 4 output channels by 4 depth values,
//
//   packed[((b·G + g)·4 + c)·4 + t] = w[4b + c][4g + t]   (0 past the edges)
//
// with G = ceil(depth / 16)·4 groups per block, so that one SDOT by lane
// adds a group of 4 input values into 4 channel accumulators. Accumulators
// are int32 with wrap-around, as the portable kernels' narrowing defines,
// and the output stage is qcc_requantize per channel: bit-identical to
// gemm.c and conv.c. Without __ARM_FEATURE_DOTPROD the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_FEATURE_DOTPROD)

#include <arm_neon.h>
#include <string.h>

/* The 4 channel sums of block `b` for one input row of `depth` values. */
static int32x4_t block_dot(const int8_t *row, int32_t depth,
                           const int8_t *block) {
  int32x4_t acc = vdupq_n_s32(0);
  int32_t k = 0;
  for (; k + 16 <= depth; k += 16, block += 64) {
    int8x16_t x = vld1q_s8(row + k);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block), x, 0);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 16), x, 1);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 32), x, 2);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 48), x, 3);
  }
  if (k < depth) {
    /* The ragged end, zero-padded like the packed weights. */
    int8_t tail[16];
    int8x16_t x;
    memset(tail, 0, sizeof tail);
    memcpy(tail, row + k, (size_t)(depth - k));
    x = vld1q_s8(tail);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block), x, 0);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 16), x, 1);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 32), x, 2);
    acc = vdotq_laneq_s32(acc, vld1q_s8(block + 48), x, 3);
  }
  return acc;
}

/* One output row: `cols` channels of one input row, requantized. */
static void gemm_row(const int8_t *row, int32_t depth, int32_t cols,
                     const int8_t *weights, const int32_t *bias,
                     const int32_t *multiplier, const int32_t *shift,
                     int32_t weight_zero_point, int32_t zero_point,
                     int32_t min, int32_t max, int32_t rounding,
                     int8_t *out) {
  const int32_t block_size = ((depth + 15) / 16) * 64;
  int64_t sum = 0;
  int32_t b, c, k;
  if (weight_zero_point != 0)
    for (k = 0; k < depth; ++k)
      sum += row[k];
  for (b = 0; 4 * b < cols; ++b) {
    int32_t lanes[4];
    vst1q_s32(lanes, block_dot(row, depth, weights + b * block_size));
    for (c = 0; c < 4 && 4 * b + c < cols; ++c) {
      int32_t o = 4 * b + c;
      int64_t acc = (int64_t)lanes[c] + bias[o] - (int64_t)weight_zero_point * sum;
      out[o] = (int8_t)qcc_requantize(qcc_wrap_s32(acc), multiplier[o],
                                      shift[o], zero_point, min, max, rounding);
    }
  }
}

void qcc_fully_connected_s8_dotprod(const qcc_fully_connected_desc *d,
                                    const int8_t *weights, const int32_t *bias,
                                    const int32_t *multiplier,
                                    const int32_t *shift, const int8_t *input,
                                    int8_t *output) {
  int32_t r;
  for (r = 0; r < d->rows; ++r)
    gemm_row(input + r * d->depth, d->depth, d->cols, weights, bias,
             multiplier, shift, d->weight_zero_point, d->output_zero_point,
             d->output_min, d->output_max, d->rounding,
             output + r * d->cols);
}

void qcc_conv2d_1x1_s8_dotprod(const qcc_conv2d_desc *d, const int8_t *weights,
                               const int32_t *bias, const int32_t *multiplier,
                               const int32_t *shift, const int8_t *input,
                               int8_t *output) {
  int32_t b, y, x;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x)
        gemm_row(input + ((b * d->in_h + y * d->stride_h) * d->in_w +
                          x * d->stride_w) * d->in_c,
                 d->in_c, d->out_c, weights, bias, multiplier, shift,
                 d->weight_zero_point, d->output_zero_point, d->output_min,
                 d->output_max, d->rounding,
                 output + ((b * d->out_h + y) * d->out_w + x) * d->out_c);
}

void qcc_conv2d_s8_dotprod(const qcc_conv2d_desc *d, const int8_t *weights,
                           const int32_t *bias, const int32_t *multiplier,
                           const int32_t *shift, const int8_t *input,
                           int8_t *output, void *scratch) {
  /* Each output pixel's window, gathered into one row (padding as the
   * input zero point), is a GEMM row against the packed OHWI weights. */
  int8_t *window = (int8_t *)scratch;
  const int32_t depth = d->kernel_h * d->kernel_w * d->in_c;
  int32_t b, y, x, i, j;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x) {
        int8_t *row = window;
        for (i = 0; i < d->kernel_h; ++i) {
          int32_t iy = y * d->stride_h - d->pad_top + i * d->dilation_h;
          for (j = 0; j < d->kernel_w; ++j, row += d->in_c) {
            int32_t ix = x * d->stride_w - d->pad_left + j * d->dilation_w;
            if (iy < 0 || iy >= d->in_h || ix < 0 || ix >= d->in_w)
              memset(row, (int8_t)d->input_zero_point, (size_t)d->in_c);
            else
              memcpy(row,
                     input + ((b * d->in_h + iy) * d->in_w + ix) * d->in_c,
                     (size_t)d->in_c);
          }
        }
        gemm_row(window, depth, d->out_c, weights, bias, multiplier, shift,
                 d->weight_zero_point, d->output_zero_point, d->output_min,
                 d->output_max, d->rounding,
                 output + ((b * d->out_h + y) * d->out_w + x) * d->out_c);
      }
}

#endif
