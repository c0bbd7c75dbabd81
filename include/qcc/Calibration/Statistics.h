//===- Statistics.h - per-tensor calibration statistics ---------*- C++ -*-===//
//
// This file declares what calibration records about one tensor over the
// calibration samples, and how it turns that into a range: the observed
// minimum and maximum, a percentile of the histogram, or the range whose
// 8-bit grid reproduces the histogram with the least squared error. It has
// no MLIR dependency.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CALIBRATION_STATISTICS_H
#define QCC_CALIBRATION_STATISTICS_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <utility>
#include <vector>

namespace qcc::calibration {

enum class Method { MinMax, Percentile, MSE };

/// Parses "minmax", "percentile" or "mse".
std::optional<Method> parseMethod(std::string_view name);

/// Whether `method` needs a histogram, that is, a second pass over the
/// samples once the minimum and maximum are known.
bool needsHistogram(Method method);

class TensorStatistics {
public:
  /// The number of histogram bins between the observed minimum and maximum.
  static constexpr int kBins = 2048;
  /// The share of values the percentile method may clip at each end.
  static constexpr double kPercentileTail = 1e-4;

  /// First pass: widen [min, max] to cover `values`.
  void observeRange(const float *values, size_t count);
  /// Second pass: add `values` to the histogram over the first pass's
  /// [min, max].
  void observeHistogram(const float *values, size_t count);

  bool empty() const { return !seen; }
  float min() const { return lo; }
  float max() const { return hi; }

  /// The range to quantize to with `method` on an 8-bit grid (uint8, or
  /// int8 when `isSigned`), always containing 0.
  std::pair<float, float> range(Method method, bool isSigned) const;

private:
  std::pair<float, float> percentileRange() const;
  std::pair<float, float> mseRange(bool isSigned) const;
  /// The squared error of quantizing the histogram to the grid of [a, b].
  double histogramError(float a, float b, bool isSigned) const;
  float binCenter(int bin) const;

  bool seen = false;
  float lo = 0, hi = 0;
  std::vector<uint64_t> bins;
  uint64_t total = 0;
};

} // namespace qcc::calibration

#endif // QCC_CALIBRATION_STATISTICS_H
