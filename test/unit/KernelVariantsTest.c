/*===- KernelVariantsTest.c - vectorized kernels against portable ones -*- C -*-===//
//
// This file checks every vectorized AArch64 kernel against the portable
// definition it replaces, bit for bit, on random shapes with ragged edges
// (depths and channel counts that are not multiples of 4 or 16, padding,
// strides, dilation, nonzero weight zero points). It is built with the
// AArch64 cross compiler and run under qemu-aarch64: with +dotprod on
// `-cpu max`, and without on `-cpu cortex-a72` (baseline NEON only), since
// GoogleTest has no AArch64 build here. Exit status 0 when all agree.
//
//===----------------------------------------------------------------------===*/

#include "qcc/kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint32_t state = 20261126u;

/* xorshift32: the same numbers on every machine. */
static int32_t range(int32_t lo, int32_t hi) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return lo + (int32_t)(state % (uint32_t)(hi - lo + 1));
}

static void fill(int8_t *p, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i)
    p[i] = (int8_t)range(-128, 127);
}

enum { MAX = 1 << 16 };
static int8_t input[MAX], weights[MAX], packed[MAX], want[MAX], got[MAX];
#if defined(__ARM_FEATURE_DOTPROD)
static int8_t scratch[MAX];
#endif
static int32_t bias[256], multiplier[256], shift[256];

/* A random convolution: `kernel` 0 picks a random window size. */
static qcc_conv2d_desc random_conv(int32_t kernel, int32_t groups,
                                   int padded) {
  qcc_conv2d_desc d;
  int32_t bottom, right, o;
  memset(&d, 0, sizeof d);
  d.batch = range(1, 2);
  d.kernel_h = kernel ? kernel : range(1, 5);
  d.kernel_w = kernel ? kernel : range(1, 4);
  d.stride_h = range(1, 3);
  d.stride_w = range(1, 2);
  d.dilation_h = d.kernel_h > 1 ? range(1, 2) : 1;
  d.dilation_w = 1;
  d.pad_top = padded ? range(0, 2) : 0;
  d.pad_left = padded ? range(0, 2) : 0;
  bottom = padded ? range(0, 2) : 0;
  right = padded ? range(0, 2) : 0;
  d.groups = groups;
  d.in_c = groups > 1 ? groups : range(1, 40);
  d.out_c = groups > 1 ? groups * range(1, 2) : range(1, 37);
  d.in_h = range((d.kernel_h - 1) * d.dilation_h + 1, 9);
  d.in_w = range((d.kernel_w - 1) * d.dilation_w + 1, 9);
  d.out_h = (d.in_h + d.pad_top + bottom - (d.kernel_h - 1) * d.dilation_h - 1) /
                d.stride_h + 1;
  d.out_w = (d.in_w + d.pad_left + right - (d.kernel_w - 1) * d.dilation_w - 1) /
                d.stride_w + 1;
  d.input_zero_point = range(-128, 127);
  d.weight_zero_point = range(0, 3) ? 0 : range(-9, 9);
  d.output_zero_point = range(-128, 127);
  d.output_min = range(-128, 0);
  d.output_max = range(0, 127);
  d.rounding = range(0, 1);
  fill(input, d.batch * d.in_h * d.in_w * d.in_c);
  fill(weights, d.out_c * d.kernel_h * d.kernel_w * (d.in_c / d.groups));
  for (o = 0; o < d.out_c; ++o) {
    bias[o] = range(-50000, 50000);
    multiplier[o] = range(1 << 30, 0x7fffffff);
    shift[o] = range(4, 12);
  }
  return d;
}

#if defined(__ARM_FEATURE_DOTPROD)
/* Weights [channels][depth] in the 4x4 blocks of gemm_dotprod.c. */
static void pack_blocks(int32_t channels, int32_t depth) {
  int32_t groups = (depth + 15) / 16 * 4, o, k;
  memset(packed, 0, (size_t)((channels + 3) / 4 * groups * 16));
  for (o = 0; o < channels; ++o)
    for (k = 0; k < depth; ++k)
      packed[(((o / 4) * groups + k / 4) * 4 + o % 4) * 4 + k % 4] =
          weights[o * depth + k];
}
#endif

static int compare(const char *what, int trial, int32_t size) {
  int32_t i;
  for (i = 0; i < size; ++i)
    if (want[i] != got[i]) {
      printf("FAIL %s, trial %d: element %d is %d, the portable kernel gives %d\n",
             what, trial, (int)i, got[i], want[i]);
      return 1;
    }
  return 0;
}

static int32_t output_size(const qcc_conv2d_desc *d) {
  return d->batch * d->out_h * d->out_w * d->out_c;
}

int main(void) {
  int trial, failures = 0, checks = 0;
  for (trial = 0; trial < 300; ++trial) {
    /* Depthwise (baseline NEON): multiplier 1 (vectorized, with a ragged
     * channel tail) and 2 (the portable path inside the variant). */
    int32_t channels = range(1, 40);
    qcc_conv2d_desc d = random_conv(0, channels, 1);
    int32_t window = d.kernel_h * d.kernel_w, o, k;
    for (o = 0; o < d.out_c; ++o) /* OHWI -> [kh][kw][out_c] */
      for (k = 0; k < window; ++k)
        packed[k * d.out_c + o] = weights[o * window + k];
    qcc_depthwise_conv2d_s8(&d, packed, bias, multiplier, shift, input, want);
    qcc_depthwise_conv2d_s8_neon(&d, packed, bias, multiplier, shift, input,
                                 got);
    failures += compare("depthwise neon", trial, output_size(&d));
    ++checks;
#if defined(__ARM_FEATURE_DOTPROD)
    {
      qcc_fully_connected_desc f;
      /* KxK convolution. */
      d = random_conv(0, 1, 1);
      pack_blocks(d.out_c, d.kernel_h * d.kernel_w * d.in_c);
      qcc_conv2d_s8(&d, weights, bias, multiplier, shift, input, want);
      qcc_conv2d_s8_dotprod(&d, packed, bias, multiplier, shift, input, got,
                            scratch);
      failures += compare("conv2d dotprod", trial, output_size(&d));
      /* 1x1 convolution. */
      d = random_conv(1, 1, 0);
      pack_blocks(d.out_c, d.in_c);
      qcc_conv2d_1x1_s8(&d, weights, bias, multiplier, shift, input, want);
      qcc_conv2d_1x1_s8_dotprod(&d, packed, bias, multiplier, shift, input,
                                got);
      failures += compare("conv2d 1x1 dotprod", trial, output_size(&d));
      /* Fully connected, deep rows. */
      f.rows = range(1, 4);
      f.depth = range(1, 700);
      f.cols = range(1, 37);
      f.input_zero_point = range(-128, 127);
      f.weight_zero_point = range(0, 3) ? 0 : range(-9, 9);
      f.output_zero_point = d.output_zero_point;
      f.output_min = d.output_min;
      f.output_max = d.output_max;
      f.rounding = d.rounding;
      fill(input, f.rows * f.depth);
      fill(weights, f.cols * f.depth);
      pack_blocks(f.cols, f.depth);
      qcc_fully_connected_s8(&f, weights, bias, multiplier, shift, input,
                             want);
      qcc_fully_connected_s8_dotprod(&f, packed, bias, multiplier, shift,
                                     input, got);
      failures += compare("fully connected dotprod", trial, f.rows * f.cols);
      checks += 3;
    }
#endif
  }
  printf("%d kernel comparisons, %d failed\n", checks, failures);
  return failures != 0;
}
