/*===- pool_neon.c - The pools in NEON -----------------------------*- C -*-===//
//
// This file defines qcc_max_pool_s8_neon, qcc_avg_pool_s8_neon and
// qcc_global_avg_pool_s8_neon: 64 channels of an output pixel at a time in
// registers, then 16, the channels past a multiple of 16 by pool.h's
// definitions.
//
// The max pool takes SMAX of each window position's 16 channels. The
// average pools add the raw int8 values in int16 lanes (SADDW), 256
// positions at most before they widen into int32, so that they cannot
// overflow (256·128 = 2^15), and subtract positions·Z_in once. The average
// pool divides in doubles (qcc_scaled_divide4, exact: the sums stay far
// below 2^53); both end in gemm_neon.h's output stage, all three of its
// kinds. Without NEON the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "pool.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "divide_neon.h"
#include "gemm_neon.h"

/* The per-tensor output stage's operands, and the descriptor's integers
 * the loops read: in locals, since the stores could alias the descriptor. */
typedef struct {
  int32x4_t m[4], left[4], right[4];
  int32_t zero_point, min, max, input_zero_point, channels;
} qcc_pool_stage;

QCC_ALWAYS_INLINE qcc_pool_stage qcc_pool_stage_make(int stage,
                                                     const qcc_requant_desc *r,
                                                     int32_t input_zero_point,
                                                     int32_t channels) {
  qcc_pool_stage st;
  qcc_tensor_stage(stage, r, st.m, st.left, st.right);
  st.zero_point = r->zero_point;
  st.min = r->min;
  st.max = r->max;
  st.input_zero_point = input_zero_point;
  st.channels = channels;
  return st;
}

/* acc[0 .. 4n) = v. */
QCC_ALWAYS_INLINE void qcc_pool_start(int32x4_t acc[16], int n, int32_t v) {
  int k;
  for (k = 0; k < 4 * n; ++k)
    acc[k] = vdupq_n_s32(v);
}

/* acc[0 .. 4n) += the 16·n int8 at p, p + step, ... (`count` of them), as
 * int32. */
QCC_ALWAYS_INLINE void qcc_pool_add(const int8_t *p, int32_t count,
                                    int32_t step, int n, int32x4_t acc[16]) {
  while (count > 0) {
    const int32_t block = count < 256 ? count : 256;
    int16x8_t lo[4], hi[4];
    int32_t i;
    int k;
    for (k = 0; k < n; ++k)
      lo[k] = hi[k] = vdupq_n_s16(0);
    for (i = 0; i < block; ++i, p += step)
      for (k = 0; k < n; ++k) {
        const int8x16_t v = vld1q_s8(p + 16 * k);
        lo[k] = vaddw_s8(lo[k], vget_low_s8(v));
        hi[k] = vaddw_high_s8(hi[k], v);
      }
    for (k = 0; k < n; ++k) {
      acc[4 * k] = vaddw_s16(acc[4 * k], vget_low_s16(lo[k]));
      acc[4 * k + 1] = vaddw_high_s16(acc[4 * k + 1], lo[k]);
      acc[4 * k + 2] = vaddw_s16(acc[4 * k + 2], vget_low_s16(hi[k]));
      acc[4 * k + 3] = vaddw_high_s16(acc[4 * k + 3], hi[k]);
    }
    count -= block;
  }
}

/* The output stage of acc[0 .. 4n), stored to out[0 .. 16n). */
QCC_ALWAYS_INLINE void qcc_pool_store(int stage, const qcc_pool_stage *st,
                                      const int32x4_t acc[16], int n,
                                      int8_t *out) {
  int k;
  for (k = 0; k < n; ++k)
    vst1q_s8(out + 16 * k,
             qcc_stage_16(stage, acc + 4 * k, st->m, st->left, st->right,
                          st->zero_point, st->min, st->max));
}

/* The max pool of the 16·n channels from c of the pixel at `out` (window
 * w of image b), n vectors in registers. */
QCC_ALWAYS_INLINE void qcc_max_pool_vectors(const qcc_pool_desc *d,
                                            const int8_t *input, int32_t b,
                                            qcc_pool_window w, int32_t c,
                                            int n, int8_t *out) {
  int8x16_t v[4];
  int32_t i, j;
  int k;
  for (k = 0; k < n; ++k)
    v[k] = vdupq_n_s8(-128);
  for (i = w.y0; i < w.y1 && w.x0 < w.x1; ++i) { /* none past the input */
    const int8_t *p = qcc_pool_pixel(d, input, b, i, w.x0) + c;
    for (j = w.x0; j < w.x1; ++j, p += d->channels)
      for (k = 0; k < n; ++k)
        v[k] = vmaxq_s8(v[k], vld1q_s8(p + 16 * k));
  }
  for (k = 0; k < n; ++k)
    vst1q_s8(out + c + 16 * k, v[k]);
}

void qcc_max_pool_s8_neon(const qcc_pool_desc *d, const int8_t *input,
                          int8_t *output) {
  const int32_t channels = d->channels;
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    int32_t c = 0;
    for (; c + 64 <= channels; c += 64)
      qcc_max_pool_vectors(d, input, b, w, c, 4, out);
    for (; c + 16 <= channels; c += 16)
      qcc_max_pool_vectors(d, input, b, w, c, 1, out);
    qcc_max_pool_channels(d, input, b, w, c, channels, out);
  });
}

/* The average pool of the 16·n channels from c of the pixel at `out`
 * (window w of image b). */
QCC_ALWAYS_INLINE void qcc_avg_pool_block(int stage, const qcc_pool_stage *st,
                                          const qcc_pool_desc *d,
                                          const int8_t *input, int32_t b,
                                          qcc_pool_window w, int32_t c, int n,
                                          int8_t *out) {
  const float64x2_t s = vdupq_n_f64(w.count), half = vdupq_n_f64(w.count / 2);
  int32x4_t acc[16];
  int32_t i;
  int k;
  qcc_pool_start(acc, n,
                 -(w.y1 - w.y0) * (w.x1 - w.x0) * st->input_zero_point);
  for (i = w.y0; i < w.y1 && w.x0 < w.x1; ++i)
    qcc_pool_add(qcc_pool_pixel(d, input, b, i, w.x0) + c, w.x1 - w.x0,
                 st->channels, n, acc);
  for (k = 0; k < 4 * n; ++k)
    acc[k] = w.count > 0 ? qcc_scaled_divide4(acc[k], 1.0, s, half)
                         : vdupq_n_s32(0);
  qcc_pool_store(stage, st, acc, n, out + c);
}

QCC_ALWAYS_INLINE void qcc_avg_pool_vectors(int stage, const qcc_pool_desc *d,
                                            const int8_t *input,
                                            int8_t *output) {
  const qcc_pool_stage st =
      qcc_pool_stage_make(stage, &d->out, d->input_zero_point, d->channels);
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    int32_t c = 0;
    for (; c + 64 <= st.channels; c += 64)
      qcc_avg_pool_block(stage, &st, d, input, b, w, c, 4, out);
    for (; c + 16 <= st.channels; c += 16)
      qcc_avg_pool_block(stage, &st, d, input, b, w, c, 1, out);
    qcc_avg_pool_channels(d, input, b, w, c, st.channels, out);
  });
}

/* qcc_avg_pool_s8 with NEON. */
QCC_DEFINE_NEON_STAGE_ENTRY(qcc_avg_pool, qcc_pool_desc, qcc_avg_pool_vectors)

/* The global average pool of the 16·n channels from c of an image. */
QCC_ALWAYS_INLINE void qcc_global_avg_pool_block(int stage,
                                                 const qcc_pool_stage *st,
                                                 const int8_t *image,
                                                 int32_t plane, int32_t c,
                                                 int n, int8_t *out) {
  int32x4_t acc[16];
  /* -plane·Z_in, wrapping as the sums do */
  qcc_pool_start(acc, n,
                 (int32_t)(0u - (uint32_t)plane *
                                    (uint32_t)st->input_zero_point));
  qcc_pool_add(image + c, plane, st->channels, n, acc);
  qcc_pool_store(stage, st, acc, n, out + c);
}

QCC_ALWAYS_INLINE void
qcc_global_avg_pool_vectors(int stage, const qcc_global_avg_pool_desc *d,
                            const int8_t *input, int8_t *output) {
  const qcc_pool_stage st =
      qcc_pool_stage_make(stage, &d->out, d->input_zero_point, d->channels);
  const int32_t plane = d->plane;
  int32_t b, c;
  for (b = 0; b < d->batch; ++b) {
    const int8_t *image = input + b * plane * st.channels;
    int8_t *out = output + b * st.channels;
    for (c = 0; c + 64 <= st.channels; c += 64)
      qcc_global_avg_pool_block(stage, &st, image, plane, c, 4, out);
    for (; c + 16 <= st.channels; c += 16)
      qcc_global_avg_pool_block(stage, &st, image, plane, c, 1, out);
    qcc_global_avg_pool_channels(d, input, b, c, st.channels, out);
  }
}

/* qcc_global_avg_pool_s8 with NEON. */
QCC_DEFINE_NEON_STAGE_ENTRY(qcc_global_avg_pool, qcc_global_avg_pool_desc,
                            qcc_global_avg_pool_vectors)

#endif
