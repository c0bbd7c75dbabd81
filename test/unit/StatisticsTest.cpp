//===- StatisticsTest.cpp - calibration statistics and ranges -------------===//
//
// Tests the range choices of calibration on distributions whose answer is
// known: minmax keeps the extremes, percentile drops rare outliers, mse
// trades clipping against resolution, and every range holds 0.
//
//===----------------------------------------------------------------------===//

#include "qcc/Calibration/Statistics.h"
#include "qcc/Support/QuantizeLinear.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <random>
#include <vector>

using namespace qcc;
using namespace qcc::calibration;

namespace {

TensorStatistics collect(const std::vector<float> &values, Method method) {
  TensorStatistics stats;
  // Two chunks per pass, as two calibration samples would arrive.
  size_t half = values.size() / 2;
  stats.observeRange(values.data(), half);
  stats.observeRange(values.data() + half, values.size() - half);
  if (needsHistogram(method)) {
    stats.observeHistogram(values.data(), half);
    stats.observeHistogram(values.data() + half, values.size() - half);
  }
  return stats;
}

std::vector<float> uniform(size_t n, float a, float b, unsigned seed) {
  std::mt19937 rng(seed);
  std::uniform_real_distribution<float> dist(a, b);
  std::vector<float> v(n);
  for (float &x : v)
    x = dist(rng);
  return v;
}

TEST(Statistics, ParsesMethods) {
  EXPECT_EQ(parseMethod("minmax"), Method::MinMax);
  EXPECT_EQ(parseMethod("percentile"), Method::Percentile);
  EXPECT_EQ(parseMethod("mse"), Method::MSE);
  EXPECT_FALSE(parseMethod("entropy"));
  EXPECT_FALSE(needsHistogram(Method::MinMax));
  EXPECT_TRUE(needsHistogram(Method::MSE));
}

TEST(Statistics, MinMaxKeepsExtremesAndSkipsNonFinite) {
  std::vector<float> v = {0.5f, -2.0f, std::nanf(""), 3.0f,
                          std::numeric_limits<float>::infinity(), 1.0f};
  TensorStatistics stats = collect(v, Method::MinMax);
  EXPECT_FALSE(stats.empty());
  EXPECT_EQ(stats.min(), -2.0f);
  EXPECT_EQ(stats.max(), 3.0f);
  EXPECT_EQ(stats.range(Method::MinMax, false), std::make_pair(-2.0f, 3.0f));
}

TEST(Statistics, RangesContainZero) {
  std::vector<float> positive = {2.0f, 5.0f, 3.0f, 4.0f};
  for (Method m : {Method::MinMax, Method::Percentile, Method::MSE}) {
    auto [lo, hi] = collect(positive, m).range(m, false);
    EXPECT_EQ(lo, 0.0f);
    EXPECT_GT(hi, 0.0f);
  }
  std::vector<float> negative = {-2.0f, -5.0f};
  auto [lo, hi] = collect(negative, Method::MinMax).range(Method::MinMax, true);
  EXPECT_EQ(lo, -5.0f);
  EXPECT_EQ(hi, 0.0f);
}

TEST(Statistics, EmptyTensorHasNoStatistics) {
  TensorStatistics stats;
  EXPECT_TRUE(stats.empty());
  EXPECT_EQ(stats.range(Method::MSE, false), std::make_pair(0.0f, 0.0f));
}

TEST(Statistics, PercentileDropsRareOutliers) {
  std::vector<float> v = uniform(200000, 0.0f, 1.0f, 1);
  for (int i = 0; i < 10; ++i) // 0.005% of the values
    v.push_back(100.0f);
  auto [lo, hi] = collect(v, Method::Percentile).range(Method::Percentile, false);
  EXPECT_EQ(lo, 0.0f);
  // The range ends within one bin (100/2048) above the bulk.
  EXPECT_GE(hi, 0.99f);
  EXPECT_LE(hi, 1.0f + 100.0f / TensorStatistics::kBins + 1e-3f);
  EXPECT_EQ(collect(v, Method::MinMax).range(Method::MinMax, false).second,
            100.0f);
}

TEST(Statistics, PercentileKeepsADistributionWithoutTails) {
  std::vector<float> v = uniform(100000, -1.0f, 1.0f, 2);
  auto [lo, hi] = collect(v, Method::Percentile).range(Method::Percentile, true);
  EXPECT_LE(lo, -0.99f);
  EXPECT_GE(hi, 0.99f);
}

TEST(Statistics, MseClipsLongTailsButKeepsUniformRanges) {
  // 10^6 values in [0, 1] and one at 40: with range [0, h] the squared
  // error is about 10^6·(h/255)²/12 for the bulk plus (40 - h)² for the
  // outlier, least at h ≈ 17.5.
  std::vector<float> v = uniform(1000000, 0.0f, 1.0f, 3);
  v.push_back(40.0f);
  auto [lo, hi] = collect(v, Method::MSE).range(Method::MSE, false);
  EXPECT_EQ(lo, 0.0f);
  EXPECT_GT(hi, 14.0f);
  EXPECT_LT(hi, 21.0f);
  // Uniform values: clipping only hurts, the range stays (nearly) whole.
  std::vector<float> u = uniform(100000, -1.0f, 3.0f, 4);
  auto [ulo, uhi] = collect(u, Method::MSE).range(Method::MSE, false);
  EXPECT_LE(ulo, -0.95f);
  EXPECT_GE(uhi, 2.85f);
}

TEST(Statistics, GridForRange) {
  RangeGrid u8 = gridForRange(-1.0, 3.0, 0, 255);
  EXPECT_EQ(u8.scale, static_cast<float>(4.0 / 255));
  EXPECT_EQ(u8.zeroPoint, 64); // round(255 / 4) = round(63.75)
  RangeGrid i8 = gridForRange(-1.0, 3.0, -128, 127);
  EXPECT_EQ(i8.zeroPoint, -64);
  RangeGrid relu = gridForRange(0.5, 6.0, 0, 255); // widened to [0, 6]
  EXPECT_EQ(relu.scale, static_cast<float>(6.0 / 255));
  EXPECT_EQ(relu.zeroPoint, 0);
  RangeGrid empty = gridForRange(0.0, 0.0, 0, 255);
  EXPECT_EQ(empty.scale, 1.0f);
  EXPECT_EQ(empty.zeroPoint, 0);
  // Zero is exactly representable on every grid.
  for (double lo : {-3.7, -0.01, 0.0})
    for (double hi : {0.0, 0.2, 11.3}) {
      RangeGrid g = gridForRange(lo, hi, 0, 255);
      EXPECT_EQ(dequantizeLinear(quantizeLinear(0.0f, g.scale, g.zeroPoint, 0,
                                                255),
                                 g.scale, g.zeroPoint),
                0.0f);
    }
}

} // namespace
