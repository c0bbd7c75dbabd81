/*===- conv.c - Portable convolution kernels -----------------------*- C -*-===//
//
// This file defines the scalar convolutions: the general grouped KxK one,
// the 1x1 GEMM and the depthwise one. All three read padding as the input
// zero point, which is what lets the compiler fold the Z_in·Σw term into the
// bias (see qcc/kernels.h).
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

void qcc_conv2d_s8(const qcc_conv2d_desc *d, const int8_t *weights,
                   const int32_t *bias, const int32_t *multiplier,
                   const int32_t *shift, const int8_t *input, int8_t *output) {
  const int32_t group_in = d->in_c / d->groups;
  const int32_t group_out = d->out_c / d->groups;
  int32_t b, y, x, o, i, j, c;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x)
        for (o = 0; o < d->out_c; ++o) {
          const int8_t *w = weights + o * d->kernel_h * d->kernel_w * group_in;
          const int32_t first = (o / group_out) * group_in;
          int64_t acc = 0, sum = 0;
          for (i = 0; i < d->kernel_h; ++i)
            for (j = 0; j < d->kernel_w; ++j)
              for (c = 0; c < group_in; ++c) {
                int32_t v = qcc_internal_conv_input(
                    d, input, b, y * d->stride_h - d->pad_top + i * d->dilation_h,
                    x * d->stride_w - d->pad_left + j * d->dilation_w,
                    first + c);
                acc += v * *w++;
                sum += v;
              }
          acc += bias[o] - (int64_t)d->weight_zero_point * sum;
          output[((b * d->out_h + y) * d->out_w + x) * d->out_c + o] =
              qcc_internal_conv_output(d, multiplier, shift, o, acc);
        }
}

void qcc_conv2d_1x1_s8(const qcc_conv2d_desc *d, const int8_t *weights,
                       const int32_t *bias, const int32_t *multiplier,
                       const int32_t *shift, const int8_t *input,
                       int8_t *output) {
  int32_t b, y, x, o, c;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x) {
        const int8_t *in =
            input + ((b * d->in_h + y * d->stride_h) * d->in_w +
                     x * d->stride_w) * d->in_c;
        int8_t *out = output + ((b * d->out_h + y) * d->out_w + x) * d->out_c;
        for (o = 0; o < d->out_c; ++o) {
          const int8_t *w = weights + o * d->in_c;
          int64_t acc = 0, sum = 0;
          for (c = 0; c < d->in_c; ++c) {
            acc += in[c] * w[c];
            sum += in[c];
          }
          acc += bias[o] - (int64_t)d->weight_zero_point * sum;
          out[o] = qcc_internal_conv_output(d, multiplier, shift, o, acc);
        }
      }
}

void qcc_depthwise_conv2d_s8(const qcc_conv2d_desc *d,
                             const int8_t *weights, const int32_t *bias,
                             const int32_t *multiplier, const int32_t *shift,
                             const int8_t *input, int8_t *output) {
  int32_t b, y, x, o;
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x)
        for (o = 0; o < d->out_c; ++o)
          output[((b * d->out_h + y) * d->out_w + x) * d->out_c + o] =
              qcc_internal_depthwise_at(d, weights, bias, multiplier, shift,
                                        input, b, y, x, o);
}
