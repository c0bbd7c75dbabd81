/*===- qcc/boundary.h - Quantize inputs, dequantize outputs -------*- C -*-===//
//
// This file gives firmware the two conversions at a compiled model's
// boundary, with the scale and zero point its generated header publishes.
// They use float and are therefore not part of the inference path; a program
// whose sensor already delivers quantized values does not need them.
//
// qcc_quantize_f32 computes exactly what ONNX QuantizeLinear (and qcc's
// reference interpreter) computes: x / scale in float32, rounded half to
// even, plus the zero point, saturated; NaN becomes the zero point. It needs
// no libm.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_BOUNDARY_H
#define QCC_BOUNDARY_H

#include <stdint.h>

/* Storage types, as the generated headers name them. */
#ifndef QCC_UINT8
#define QCC_UINT8 0
#define QCC_INT8 1
#endif

/* round_half_to_even(v) for |v| <= 1024, as an int32. */
static inline int32_t qcc_round_half_even_f32(float v) {
  int32_t i = (int32_t)v; /* toward zero; exact for the clamped range */
  float rest = v - (float)i;
  if (rest > 0.5f || (rest == 0.5f && (i & 1)))
    ++i;
  else if (rest < -0.5f || (rest == -0.5f && (i & 1)))
    --i;
  return i;
}

/* Quantizes `count` floats to `type` storage (QCC_UINT8 or QCC_INT8). */
static inline void qcc_quantize_f32(const float *x, int32_t count, float scale,
                                    int32_t zero_point, int type, void *out) {
  int32_t lo = type == QCC_INT8 ? -128 : 0, hi = type == QCC_INT8 ? 127 : 255;
  int32_t i;
  for (i = 0; i < count; ++i) {
    float v = x[i] / scale;
    int32_t q;
    if (v != v)
      q = zero_point;
    else
      q = qcc_round_half_even_f32(v < -1024.0f ? -1024.0f
                                  : v > 1024.0f ? 1024.0f
                                                : v) +
          zero_point;
    q = q < lo ? lo : q > hi ? hi : q;
    if (type == QCC_INT8)
      ((int8_t *)out)[i] = (int8_t)q;
    else
      ((uint8_t *)out)[i] = (uint8_t)q;
  }
}

/* Dequantizes `count` stored values: (q - zero_point) · scale in float32. */
static inline void qcc_dequantize_f32(const void *q, int32_t count, float scale,
                                      int32_t zero_point, int type, float *out) {
  int32_t i;
  for (i = 0; i < count; ++i) {
    int32_t v = type == QCC_INT8 ? ((const int8_t *)q)[i]
                                 : ((const uint8_t *)q)[i];
    out[i] = (float)(v - zero_point) * scale;
  }
}

#endif /* QCC_BOUNDARY_H */
