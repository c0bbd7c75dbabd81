/*===- divide_neon.h - Exact rounded divisions in NEON doubles ----*- C -*-===//
//
// This file defines the divisions of the layer norm, the softmax and the
// average pool in float64x2 lanes, exact while their numerators stay below
// 2^53 (see qcc_scaled_divide2).
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_DIVIDE_NEON_H
#define QCC_KERNELS_DIVIDE_NEON_H

#include "internal.h"

#include <arm_neon.h>

/* sign(x)·floor((|x|·scale + half) / s) for 2 lanes, in doubles: with
 * scale 65536 and half = floor(s/2), qcc_rounding_divide_s64(x·65536, s).
 * Exact while the numerator M is an integer below 2^53 - s: the quotient
 * rounded to double can reach the next integer k only if k - M/s =
 * (k·s - M)/s >= 1/s is at most half an ulp of k, k·2^-53, that is if
 * M > k·s - s >= 2^53 - s. */
QCC_ALWAYS_INLINE int64x2_t qcc_scaled_divide2(int64x2_t x, double scale,
                                               float64x2_t s,
                                               float64x2_t half) {
  const float64x2_t v = vcvtq_f64_s64(x);
  const float64x2_t q =
      vrndmq_f64(vdivq_f64(vfmaq_n_f64(half, vabsq_f64(v), scale), s));
  return vcvtq_s64_f64(vbslq_f64(vcltzq_f64(v), vnegq_f64(q), q));
}

/* qcc_scaled_divide2 for 4 lanes whose quotients fit int32. */
QCC_ALWAYS_INLINE int32x4_t qcc_scaled_divide4(int32x4_t x, double scale,
                                               float64x2_t s,
                                               float64x2_t half) {
  return vcombine_s32(
      vmovn_s64(qcc_scaled_divide2(vmovl_s32(vget_low_s32(x)), scale, s,
                                   half)),
      vmovn_s64(qcc_scaled_divide2(vmovl_high_s32(x), scale, s, half)));
}

#endif /* QCC_KERNELS_DIVIDE_NEON_H */
