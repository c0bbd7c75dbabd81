//===- Statistics.cpp - per-tensor calibration statistics -----------------===//
//
// This file implements the range choices of calibration: minmax keeps what
// was observed; percentile clips the 0.01% tails of the histogram; mse
// tries ranges shrunk from the observed one (each end independently, in 2%
// steps down to 30%) and keeps the one whose 8-bit grid reproduces the
// histogram's bin centers with the least total squared error.
//
//===----------------------------------------------------------------------===//

#include "qcc/Calibration/Statistics.h"

#include "qcc/Support/QuantizeLinear.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace qcc::calibration {

std::optional<Method> parseMethod(std::string_view name) {
  if (name == "minmax")
    return Method::MinMax;
  if (name == "percentile")
    return Method::Percentile;
  if (name == "mse")
    return Method::MSE;
  return std::nullopt;
}

bool needsHistogram(Method method) { return method != Method::MinMax; }

void TensorStatistics::observeRange(const float *values, size_t count) {
  for (size_t i = 0; i < count; ++i) {
    float v = values[i];
    if (!std::isfinite(v))
      continue;
    if (!seen) {
      lo = hi = v;
      seen = true;
    }
    lo = std::min(lo, v);
    hi = std::max(hi, v);
  }
}

void TensorStatistics::observeHistogram(const float *values, size_t count) {
  if (bins.empty())
    bins.assign(kBins, 0);
  double width = (static_cast<double>(hi) - lo) / kBins;
  for (size_t i = 0; i < count; ++i) {
    float v = values[i];
    if (!std::isfinite(v))
      continue;
    int bin = width > 0 ? static_cast<int>((v - lo) / width) : 0;
    ++bins[std::clamp(bin, 0, kBins - 1)];
    ++total;
  }
}

float TensorStatistics::binCenter(int bin) const {
  double width = (static_cast<double>(hi) - lo) / kBins;
  return static_cast<float>(lo + (bin + 0.5) * width);
}

std::pair<float, float> TensorStatistics::range(Method method,
                                                bool isSigned) const {
  std::pair<float, float> r{lo, hi};
  if (method != Method::MinMax && total > 0 && hi > lo)
    r = method == Method::Percentile ? percentileRange() : mseRange(isSigned);
  return {std::min(r.first, 0.0f), std::max(r.second, 0.0f)};
}

std::pair<float, float> TensorStatistics::percentileRange() const {
  auto tail = static_cast<uint64_t>(kPercentileTail * total);
  double width = (static_cast<double>(hi) - lo) / kBins;
  // The lowest bin edge below which at most `tail` values lie, and the
  // highest above which at most `tail` do.
  int first = 0;
  for (uint64_t below = 0; first < kBins - 1 && below + bins[first] <= tail;
       ++first)
    below += bins[first];
  int last = kBins - 1;
  for (uint64_t above = 0; last > first && above + bins[last] <= tail; --last)
    above += bins[last];
  return {static_cast<float>(lo + first * width),
          static_cast<float>(lo + (last + 1) * width)};
}

double TensorStatistics::histogramError(float a, float b,
                                        bool isSigned) const {
  int64_t qmin = isSigned ? -128 : 0, qmax = isSigned ? 127 : 255;
  RangeGrid grid = gridForRange(a, b, qmin, qmax);
  double error = 0;
  for (int bin = 0; bin < kBins; ++bin) {
    if (!bins[bin])
      continue;
    float x = binCenter(bin);
    float q = dequantizeLinear(
        quantizeLinear(x, grid.scale, grid.zeroPoint, qmin, qmax), grid.scale,
        grid.zeroPoint);
    error += static_cast<double>(bins[bin]) * (x - q) * (x - q);
  }
  return error;
}

std::pair<float, float> TensorStatistics::mseRange(bool isSigned) const {
  constexpr int kSteps = 36; // factors 1.00, 0.98, ..., 0.30
  std::pair<float, float> best{lo, hi};
  double bestError = std::numeric_limits<double>::infinity();
  for (int i = 0; i < kSteps; ++i) {
    float a = std::min(lo, 0.0f) * (1.0f - 0.02f * i);
    for (int j = 0; j < kSteps; ++j) {
      float b = std::max(hi, 0.0f) * (1.0f - 0.02f * j);
      double error = histogramError(a, b, isSigned);
      if (error < bestError) {
        bestError = error;
        best = {a, b};
      }
    }
    if (lo >= 0)
      break; // Nothing below 0: the bottom of the range stays at 0.
  }
  return best;
}

} // namespace qcc::calibration
