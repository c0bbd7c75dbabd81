/*===- depthwise_neon.c - depthwise convolution with NEON ----------*- C -*-===//
//
// This file defines the AArch64 NEON variant of the depthwise convolution
// (baseline NEON, every AArch64 core). Sixteen channels at a time, each
// window position multiplies input and weight bytes to 16-bit products
// (SMULL) and widens them into 32-bit accumulators (SADDW); padding reads the
// input zero point, as the folded bias expects. Channels past a multiple of
// 16, depth multipliers above 1 and nonzero weight zero points take the
// portable definition (qcc_internal_depthwise_at). Results are identical to
// conv.c's. Without NEON the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include <arm_neon.h>

void qcc_depthwise_conv2d_s8_neon(const qcc_conv2d_desc *d,
                                  const int8_t *weights, const int32_t *bias,
                                  const int32_t *multiplier,
                                  const int32_t *shift, const int8_t *input,
                                  int8_t *output) {
  const int32_t channels = d->out_c;
  const int32_t vectorized =
      d->out_c == d->in_c && d->weight_zero_point == 0 ? channels / 16 * 16
                                                       : 0;
  const int8x16_t zero_point = vdupq_n_s8((int8_t)d->input_zero_point);
  int32_t b, y, x, c, i, j, k;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x) {
        int8_t *out = output + ((b * d->out_h + y) * d->out_w + x) * channels;
        for (c = 0; c < vectorized; c += 16) {
          int32x4_t acc0 = vdupq_n_s32(0), acc1 = acc0, acc2 = acc0,
                    acc3 = acc0;
          int32_t lanes[16];
          for (i = 0; i < d->kernel_h; ++i) {
            int32_t iy = y * d->stride_h - d->pad_top + i * d->dilation_h;
            for (j = 0; j < d->kernel_w; ++j) {
              int32_t ix = x * d->stride_w - d->pad_left + j * d->dilation_w;
              int8x16_t in =
                  iy < 0 || iy >= d->in_h || ix < 0 || ix >= d->in_w
                      ? zero_point
                      : vld1q_s8(input +
                                 ((b * d->in_h + iy) * d->in_w + ix) * channels +
                                 c);
              int8x16_t w =
                  vld1q_s8(weights + (i * d->kernel_w + j) * channels + c);
              int16x8_t low = vmull_s8(vget_low_s8(in), vget_low_s8(w));
              int16x8_t high = vmull_high_s8(in, w);
              acc0 = vaddw_s16(acc0, vget_low_s16(low));
              acc1 = vaddw_high_s16(acc1, low);
              acc2 = vaddw_s16(acc2, vget_low_s16(high));
              acc3 = vaddw_high_s16(acc3, high);
            }
          }
          vst1q_s32(lanes, acc0);
          vst1q_s32(lanes + 4, acc1);
          vst1q_s32(lanes + 8, acc2);
          vst1q_s32(lanes + 12, acc3);
          for (k = 0; k < 16; ++k)
            out[c + k] = qcc_internal_conv_output(
                d, multiplier, shift, c + k, (int64_t)lanes[k] + bias[c + k]);
        }
        for (c = vectorized; c < channels; ++c)
          out[c] = qcc_internal_depthwise_at(d, weights, bias, multiplier,
                                             shift, input, b, y, x, c);
      }
}

#endif
