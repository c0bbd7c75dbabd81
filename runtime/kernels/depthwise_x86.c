/*===- depthwise_x86.c - depthwise convolution with AVX-512 --------*- C -*-===//
//
// This file defines the x86-64 AVX-512 variant of the depthwise convolution
// (AVX-512F, which +avx512vnni implies). Sixteen channels at a time in
// 32-bit lanes, with the block's weights (up to 25 window positions) and
// output stage in registers for all its pixels: each position sign-extends
// 16 input bytes (VPMOVSXBD) and multiplies them into the accumulators.
// Interior pixels read their window unchecked; border pixels read the input
// zero point for padding, as the folded bias expects. The common output
// stage is gemm_x86.h's; other stages are scalar qcc_requantize. Channels
// past a multiple of 16, depth multipliers above 1 and nonzero weight zero
// points take the portable definition (qcc_internal_depthwise_at). Results
// are identical to conv.c's. Without AVX-512F the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__x86_64__) && defined(__AVX512F__)

#include "gemm_x86.h"

enum { QCC_DW_MAX_WINDOW = 25 };

/* The accumulators of one output pixel whose window starts at (y0, x0):
 * `kh`·`kw` positions (constants where the caller knows them), unchecked
 * when `inside`. */
QCC_ALWAYS_INLINE __m512i qcc_dw_pixel(const qcc_conv2d_desc *d,
                                       const int8_t *image, int32_t kh,
                                       int32_t kw, int inside, int32_t y0,
                                       int32_t x0, const __m512i *w,
                                       __m512i acc) {
  const int32_t in_h = d->in_h, in_w = d->in_w, channels = d->in_c;
  int32_t i, j;
  for (i = 0; i < kh; ++i)
    for (j = 0; j < kw; ++j) {
      const int32_t iy = y0 + i * d->dilation_h, ix = x0 + j * d->dilation_w;
      __m512i x;
      if (inside || (iy >= 0 && iy < in_h && ix >= 0 && ix < in_w))
        x = _mm512_cvtepi8_epi32(_mm_loadu_si128(
            (const __m128i *)(image + (iy * in_w + ix) * channels)));
      else
        x = _mm512_set1_epi32(d->input_zero_point);
      acc = _mm512_add_epi32(acc, _mm512_mullo_epi32(x, w[i * kw + j]));
    }
  return acc;
}

/* Stores the output stage of one pixel's 16 accumulators. */
QCC_ALWAYS_INLINE void qcc_dw_store(const qcc_gemm *g, const qcc_stage_x86 *s,
                                    int32_t c, __m512i acc, int8_t *out) {
  int32_t raw[16], o;
  if (g->stage == QCC_STAGE_RIGHT) {
    _mm_storeu_si128((__m128i *)out, qcc_stage_x86_apply(s, acc));
    return;
  }
  _mm512_storeu_si512(raw, acc);
  for (o = 0; o < 16; ++o)
    out[o] = (int8_t)qcc_requantize(
        raw[o], g->multiplier[c + o], g->shift[c + o], g->zero_point, g->min,
        g->max,
        g->stage == QCC_STAGE_SINGLE ? QCC_ROUND_SINGLE : QCC_ROUND_DOUBLE);
}

/* The 16 channels from `c` of every output pixel, for a window of kh·kw
 * (constants for 3x3). */
QCC_ALWAYS_INLINE void qcc_dw_block(const qcc_conv2d_desc *d,
                                    const qcc_gemm *g, int32_t kh, int32_t kw,
                                    const int8_t *input, int32_t c,
                                    const __m512i *w, int8_t *output) {
  const int32_t in_h = d->in_h, in_w = d->in_w, channels = d->in_c;
  const int32_t out_h = d->out_h, out_w = d->out_w;
  const int32_t span_h = (kh - 1) * d->dilation_h;
  const int32_t span_w = (kw - 1) * d->dilation_w;
  const __m512i bias = _mm512_loadu_si512(g->bias + c);
  const qcc_stage_x86 s = qcc_stage_x86_load(g, g->multiplier + c,
                                             g->shift + c);
  int32_t b, y, x;
  for (b = 0; b < d->batch; ++b) {
    const int8_t *image = input + b * in_h * in_w * channels + c;
    for (y = 0; y < out_h; ++y) {
      const int32_t y0 = y * d->stride_h - d->pad_top;
      const int rows_inside = y0 >= 0 && y0 + span_h < in_h;
      int8_t *out = output + ((b * out_h + y) * out_w) * d->out_c + c;
      for (x = 0; x < out_w; ++x, out += d->out_c) {
        const int32_t x0 = x * d->stride_w - d->pad_left;
        const __m512i acc =
            rows_inside && x0 >= 0 && x0 + span_w < in_w
                ? qcc_dw_pixel(d, image, kh, kw, 1, y0, x0, w, bias)
                : qcc_dw_pixel(d, image, kh, kw, 0, y0, x0, w, bias);
        qcc_dw_store(g, &s, c, acc, out);
      }
    }
  }
}

/* The kernel's body, compiled once (the entry passes it a copy of its
 * descriptor; see depthwise_neon.c). */
static __attribute__((noinline)) void
qcc_depthwise_body(const qcc_conv2d_desc *d, const int8_t *weights,
                   const int32_t *bias, const int32_t *multiplier,
                   const int32_t *shift, const int8_t *input, int8_t *output) {
  const int32_t channels = d->out_c;
  const int32_t kh = d->kernel_h, kw = d->kernel_w, window = kh * kw;
  const int32_t vectorized = d->out_c == d->in_c && d->weight_zero_point == 0 &&
                                     window <= QCC_DW_MAX_WINDOW
                                 ? channels / 16 * 16
                                 : 0;
  const qcc_gemm g = qcc_gemm_make(
      window, channels, 1, 1, weights, bias, multiplier, shift, 0,
      d->output_zero_point, d->output_min, d->output_max, d->rounding);
  int32_t b, y, x, c, k;
  for (c = 0; c < vectorized; c += 16) {
    __m512i w[QCC_DW_MAX_WINDOW];
    for (k = 0; k < window; ++k)
      w[k] = _mm512_cvtepi8_epi32(
          _mm_loadu_si128((const __m128i *)(weights + k * channels + c)));
    if (kh == 3 && kw == 3)
      qcc_dw_block(d, &g, 3, 3, input, c, w, output);
    else
      qcc_dw_block(d, &g, kh, kw, input, c, w, output);
  }
  for (b = 0; b < d->batch; ++b)
    for (y = 0; y < d->out_h; ++y)
      for (x = 0; x < d->out_w; ++x)
        for (c = vectorized; c < channels; ++c)
          output[((b * d->out_h + y) * d->out_w + x) * channels + c] =
              qcc_internal_depthwise_at(d, weights, bias, multiplier, shift,
                                        input, b, y, x, c);
}

void qcc_depthwise_conv2d_s8_avx512(const qcc_conv2d_desc *d,
                                    const int8_t *weights, const int32_t *bias,
                                    const int32_t *multiplier,
                                    const int32_t *shift, const int8_t *input,
                                    int8_t *output) {
  qcc_conv2d_desc copy = *d;
  qcc_depthwise_body(&copy, weights, bias, multiplier, shift, input, output);
}

#endif
