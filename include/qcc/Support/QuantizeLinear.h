//===- QuantizeLinear.h - ONNX quantize/dequantize of one value -*- C++ -*-===//
//
// This file defines the float-to-integer rounding qcc.fake_quant,
// qcc.quantize and qcc.dequantize mean: ONNX QuantizeLinear and
// DequantizeLinear, computed in float32 as ONNX Runtime computes them. The
// reference interpreter and the compile-time quantization of weights both use
// it, so a fake-quantized weight and its stored integer always agree.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_SUPPORT_QUANTIZELINEAR_H
#define QCC_SUPPORT_QUANTIZELINEAR_H

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace qcc {

/// saturate(round_half_to_even(x / scale) + zeroPoint) to [qmin, qmax]: the
/// division in float32, rounding in the default (to nearest even) mode; NaN
/// maps to the zero point.
inline int64_t quantizeLinear(float x, double scale, int64_t zeroPoint,
                              int64_t qmin, int64_t qmax) {
  float rounded = std::nearbyint(x / static_cast<float>(scale));
  double q = static_cast<double>(rounded) + static_cast<double>(zeroPoint);
  if (std::isnan(q))
    q = static_cast<double>(zeroPoint);
  return static_cast<int64_t>(std::clamp<double>(q, qmin, qmax));
}

/// (q - zeroPoint) * scale in float32.
inline float dequantizeLinear(int64_t q, double scale, int64_t zeroPoint) {
  return static_cast<float>(q - zeroPoint) * static_cast<float>(scale);
}

/// The 8-bit grid for a real range, as calibration and range unification
/// choose it: the range widened to contain 0 (so zero is exact), scale
/// (max - min) / (qmax - qmin) as a float32 (1 for an empty range), zero
/// point round(qmin - min / scale) clamped to [qmin, qmax].
struct RangeGrid {
  float scale;
  int64_t zeroPoint;
};
inline RangeGrid gridForRange(double min, double max, int64_t qmin,
                              int64_t qmax) {
  min = std::min(min, 0.0);
  max = std::max(max, 0.0);
  float scale = static_cast<float>((max - min) / (qmax - qmin));
  if (!(scale > 0) || !std::isfinite(scale))
    scale = 1.0f;
  double zeroPoint = std::clamp<double>(
      std::nearbyint(qmin - min / scale), qmin, qmax);
  return {scale, static_cast<int64_t>(zeroPoint)};
}

} // namespace qcc

#endif // QCC_SUPPORT_QUANTIZELINEAR_H
