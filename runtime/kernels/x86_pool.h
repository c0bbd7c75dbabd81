/*===- x86_pool.h - The pools in x86-64 vectors --------------------*- C -*-===//
//
// This file defines the x86-64 variants of the max, average and global
// average pools, for the vector width and name suffix the including file
// picks (vector_avx512.c, vector_avx2.c): 16 channels of an output pixel
// at a time, the rest by pool.h's definitions. The max pool takes PMAXSB
// of 16 bytes; the average pools add sign-extended int32 lanes, the
// average pool divides in doubles (qcc_v16_scaled_divide, exact), and both
// end in gemm_x86.h's common stage (other stages run pool.h's code).
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_POOL_H
#define QCC_KERNELS_X86_POOL_H

#include "gemm_x86.h"
#include "pool.h"
#include "x86_elementwise.h"

void QCC_X86_NAME(qcc_max_pool_s8)(const qcc_pool_desc *d,
                                   const int8_t *input, int8_t *output) {
  const int32_t channels = d->channels, vectors = channels / 16 * 16;
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    int32_t c, i, j;
    for (c = 0; c < vectors; c += 16) {
      __m128i v = _mm_set1_epi8(-128);
      for (i = w.y0; i < w.y1; ++i)
        for (j = w.x0; j < w.x1; ++j)
          v = _mm_max_epi8(
              v, _mm_loadu_si128(
                     (const __m128i *)(qcc_pool_pixel(d, input, b, i, j) + c)));
      _mm_storeu_si128((__m128i *)(out + c), v);
    }
    qcc_max_pool_channels(d, input, b, w, vectors, channels, out);
  });
}

/* qcc_avg_pool_s8 with x86 vectors for the common stage; compiled once. */
static __attribute__((noinline)) void
qcc_x86_avg_pool_body(const qcc_pool_desc *d, const int8_t *input,
                      int8_t *output) {
  const qcc_stage_x86 stage =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  /* In locals: the stores could alias the descriptor. */
  const int32_t channels = d->channels, zero = d->input_zero_point,
                vectors =
                    qcc_x86_common_stage(&d->out) ? channels / 16 * 16 : 0;
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    const qcc_v16 start =
        qcc_v16_set1(-(w.y1 - w.y0) * (w.x1 - w.x0) * zero);
    int32_t c, i, j;
    for (c = 0; c < vectors; c += 16) {
      qcc_v16 acc = start;
      for (i = w.y0; i < w.y1; ++i)
        for (j = w.x0; j < w.x1; ++j)
          acc = qcc_v16_add(
              acc, qcc_v16_load_s8(qcc_pool_pixel(d, input, b, i, j) + c));
      if (w.count > 0)
        acc = qcc_v16_scaled_divide(acc, 1.0, w.count, w.count / 2);
      qcc_stage_x86_store(&stage, acc, out + c);
    }
    qcc_avg_pool_channels(d, input, b, w, vectors, channels, out);
  });
}

void QCC_X86_NAME(qcc_avg_pool_s8)(const qcc_pool_desc *d,
                                   const int8_t *input, int8_t *output) {
  qcc_pool_desc copy = *d;
  qcc_x86_avg_pool_body(&copy, input, output);
}

/* qcc_global_avg_pool_s8 with x86 vectors for the common stage; compiled
 * once. */
static __attribute__((noinline)) void
qcc_x86_global_avg_pool_body(const qcc_global_avg_pool_desc *d,
                             const int8_t *input, int8_t *output) {
  const qcc_stage_x86 stage =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  /* In locals: the stores could alias the descriptor. */
  const int32_t channels = d->channels, plane = d->plane,
                vectors =
                    qcc_x86_common_stage(&d->out) ? channels / 16 * 16 : 0;
  /* -plane·Z_in, wrapping as the sums do */
  const qcc_v16 start = qcc_v16_set1(
      (int32_t)(0u - (uint32_t)plane * (uint32_t)d->input_zero_point));
  int32_t b, c, i;
  for (b = 0; b < d->batch; ++b) {
    const int8_t *image = input + b * plane * channels;
    int8_t *out = output + b * channels;
    for (c = 0; c < vectors; c += 16) {
      qcc_v16 acc = start;
      for (i = 0; i < plane; ++i)
        acc = qcc_v16_add(acc, qcc_v16_load_s8(image + i * channels + c));
      qcc_stage_x86_store(&stage, acc, out + c);
    }
    qcc_global_avg_pool_channels(d, input, b, vectors, channels, out);
  }
}

void QCC_X86_NAME(qcc_global_avg_pool_s8)(const qcc_global_avg_pool_desc *d,
                                          const int8_t *input,
                                          int8_t *output) {
  qcc_global_avg_pool_desc copy = *d;
  qcc_x86_global_avg_pool_body(&copy, input, output);
}

#endif /* QCC_KERNELS_X86_POOL_H */
