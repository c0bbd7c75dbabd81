//===- KernelsTest.cpp - the runtime kernels against naive references -----===//
//
// This file checks every portable kernel of runtime/kernels against a
// reference written here straight from the integer op definitions (the
// ones the interpreter implements): unfolded zero points, padding skipped
// rather than read as the zero point, 64-bit sums, index arithmetic by
// multi-index. Shapes are random with ragged sizes (primes, 1s, odd
// strides and pads), as are zero points, weights and output stages. The
// kernel list (qcc/kernel_list.h) is checked against the declarations it
// generates and for the order selection relies on.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/fixedpoint.h"
#include "qcc/kernel_list.h"
#include "qcc/kernels.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using Bytes = std::vector<int8_t>;

/// Deterministic draws from the raw engine (distributions differ between
/// standard libraries).
struct Random {
  std::mt19937 engine{20261126};
  int32_t range(int32_t lo, int32_t hi) {
    return lo + static_cast<int32_t>(engine() % uint32_t(hi - lo + 1));
  }
  Bytes bytes(size_t n) {
    Bytes v(n);
    for (int8_t &b : v)
      b = static_cast<int8_t>(range(-128, 127));
    return v;
  }
  /// A valid output stage: M0 in [2^30, 2^31), a shift, a zero point and a
  /// clamp inside int8.
  qcc_requant_desc stage(int32_t minShift, int32_t maxShift) {
    int32_t lo = range(-128, 0), hi = range(0, 127);
    return {range(1 << 30, 0x7fffffff), range(minShift, maxShift),
            range(-128, 127), lo, hi,
            range(0, 1) ? QCC_ROUND_SINGLE : QCC_ROUND_DOUBLE};
  }
};

int8_t requant(const qcc_requant_desc &r, int64_t acc) {
  return static_cast<int8_t>(qcc_requantize(qcc_wrap_s32(acc), r.multiplier,
                                            r.shift, r.zero_point, r.min,
                                            r.max, r.rounding));
}

// The kernel list against the C declarations it generates: every kernel's
// first argument is its operation's descriptor, and it takes the operation's
// constants and inputs, an output, and scratch exactly when the list gives
// it scratch rows. Checked at compile time, on the types alone.
template <typename F> struct Signature;
template <typename R, typename First, typename... Rest>
struct Signature<R (*)(First, Rest...)> {
  using FirstArgument = First;
  static constexpr size_t arity = 1 + sizeof...(Rest);
};
constexpr unsigned kConstantCountCONV = 4, kConstantCountTABLE8 = 1,
                   kConstantCountTABLE32 = 1, kConstantCountNONE = 0;
#define QCC_OPERATION(operation, descriptor, constants, inputs)                \
  using Descriptor_##operation = descriptor;                                   \
  constexpr size_t kArguments_##operation =                                    \
      1 + kConstantCount##constants + inputs + 1;
QCC_OPERATION_LIST(QCC_OPERATION)
#undef QCC_OPERATION
#define QCC_KERNEL(operation, symbol, source, features, layout, scratchRows,   \
                   paired, unsignedWeights)                                    \
  static_assert(std::is_same_v<Signature<decltype(&symbol)>::FirstArgument,    \
                               const Descriptor_##operation *>,                \
                #symbol " takes its operation's descriptor");                  \
  static_assert(Signature<decltype(&symbol)>::arity ==                         \
                    kArguments_##operation + (scratchRows > 0),                \
                #symbol " takes its operation's arguments");
QCC_KERNEL_LIST(QCC_KERNEL)
#undef QCC_KERNEL

TEST(KernelCatalogTest, EveryOperationEndsWithOnePortableKernel) {
  std::map<std::string, int> portable;
  for (const qcc::KernelInfo &kernel : qcc::allKernels()) {
    // Selection takes the first match: the portable kernel comes last.
    EXPECT_FALSE(portable.count(kernel.operation.str()))
        << kernel.symbol.str() << " comes after its portable kernel";
    if (kernel.features.empty())
      portable[kernel.operation.str()] = 1;
    EXPECT_EQ(qcc::lookupKernel(kernel.symbol), &kernel)
        << kernel.symbol.str() << " is listed twice";
  }
#define QCC_OPERATION(operation, descriptor, constants, inputs)                \
  EXPECT_TRUE(portable.count(#operation)) << #operation " has no portable kernel";
  QCC_OPERATION_LIST(QCC_OPERATION)
#undef QCC_OPERATION
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

struct Conv {
  qcc_conv2d_desc d;
  Bytes input, weights; // weights OHWI
  std::vector<int32_t> bias, multiplier, shift;
};

/// The kernel's constants: OHWI weights (packed for depthwise when asked)
/// and the bias with the zero-point terms folded in.
std::vector<int32_t> foldedBias(const Conv &c) {
  int32_t depth = c.d.kernel_h * c.d.kernel_w * (c.d.in_c / c.d.groups);
  std::vector<int32_t> folded;
  for (int32_t o = 0; o < c.d.out_c; ++o) {
    int64_t sum = 0;
    for (int32_t k = 0; k < depth; ++k)
      sum += c.weights[o * depth + k];
    folded.push_back(qcc_wrap_s32(
        c.bias[o] - int64_t(c.d.input_zero_point) * sum +
        int64_t(depth) * c.d.input_zero_point * c.d.weight_zero_point));
  }
  return folded;
}

Bytes referenceConv(const Conv &c) {
  const qcc_conv2d_desc &d = c.d;
  int32_t groupIn = d.in_c / d.groups, groupOut = d.out_c / d.groups;
  Bytes out(size_t(d.batch) * d.out_h * d.out_w * d.out_c);
  for (int32_t b = 0; b < d.batch; ++b)
    for (int32_t y = 0; y < d.out_h; ++y)
      for (int32_t x = 0; x < d.out_w; ++x)
        for (int32_t o = 0; o < d.out_c; ++o) {
          int64_t acc = c.bias[o];
          for (int32_t i = 0; i < d.kernel_h; ++i)
            for (int32_t j = 0; j < d.kernel_w; ++j) {
              int32_t iy = y * d.stride_h - d.pad_top + i * d.dilation_h;
              int32_t ix = x * d.stride_w - d.pad_left + j * d.dilation_w;
              if (iy < 0 || iy >= d.in_h || ix < 0 || ix >= d.in_w)
                continue;
              for (int32_t k = 0; k < groupIn; ++k) {
                int32_t channel = (o / groupOut) * groupIn + k;
                acc += int64_t(c.input[((b * d.in_h + iy) * d.in_w + ix) *
                                           d.in_c +
                                       channel] -
                               d.input_zero_point) *
                       (c.weights[((o * d.kernel_h + i) * d.kernel_w + j) *
                                      groupIn +
                                  k] -
                        d.weight_zero_point);
              }
            }
          qcc_requant_desc r = {c.multiplier[o], c.shift[o],
                                d.output_zero_point, d.output_min,
                                d.output_max, d.rounding};
          out[((b * d.out_h + y) * d.out_w + x) * d.out_c + o] =
              requant(r, acc);
        }
  return out;
}

/// A random convolution of the given kind.
Conv randomConv(Random &rng, int32_t kernel, int32_t groups, bool padded) {
  Conv c;
  qcc_conv2d_desc &d = c.d;
  d.batch = rng.range(1, 2);
  d.kernel_h = kernel;
  d.kernel_w = kernel == 1 ? 1 : rng.range(1, 4);
  d.stride_h = rng.range(1, 3);
  d.stride_w = rng.range(1, 2);
  d.dilation_h = kernel == 1 ? 1 : rng.range(1, 2);
  d.dilation_w = 1;
  d.pad_top = padded ? rng.range(0, 2) : 0;
  d.pad_left = padded ? rng.range(0, 2) : 0;
  d.groups = groups ? groups : rng.range(1, 3);
  d.in_c = groups == -1 ? 0 : d.groups * rng.range(1, 7);
  d.out_c = d.groups * rng.range(1, 5);
  d.in_h = rng.range((d.kernel_h - 1) * d.dilation_h + 1, 13);
  d.in_w = rng.range((d.kernel_w - 1) * d.dilation_w + 1, 11);
  int32_t bottom = padded ? rng.range(0, 2) : 0, right = padded ? rng.range(0, 2) : 0;
  d.out_h = (d.in_h + d.pad_top + bottom - (d.kernel_h - 1) * d.dilation_h - 1) /
                d.stride_h + 1;
  d.out_w = (d.in_w + d.pad_left + right - (d.kernel_w - 1) * d.dilation_w - 1) /
                d.stride_w + 1;
  d.input_zero_point = rng.range(-128, 127);
  d.weight_zero_point = rng.range(0, 3) ? 0 : rng.range(-20, 20);
  qcc_requant_desc stage = rng.stage(-2, 12);
  d.output_zero_point = stage.zero_point;
  d.output_min = stage.min;
  d.output_max = stage.max;
  d.rounding = stage.rounding;
  c.input = rng.bytes(size_t(d.batch) * d.in_h * d.in_w * d.in_c);
  c.weights = rng.bytes(size_t(d.out_c) * d.kernel_h * d.kernel_w *
                        (d.in_c / d.groups));
  for (int32_t o = 0; o < d.out_c; ++o) {
    c.bias.push_back(rng.range(-40000, 40000));
    c.multiplier.push_back(rng.range(1 << 30, 0x7fffffff));
    c.shift.push_back(rng.range(4, 12));
  }
  return c;
}

TEST(KernelsTest, Conv2D) {
  Random rng;
  for (int trial = 0; trial < 300; ++trial) {
    Conv c = randomConv(rng, rng.range(1, 5), 0, true);
    std::vector<int32_t> bias = foldedBias(c);
    Bytes out(referenceConv(c).size());
    qcc_conv2d_s8(&c.d, c.weights.data(), bias.data(), c.multiplier.data(),
                  c.shift.data(), c.input.data(), out.data());
    ASSERT_EQ(out, referenceConv(c)) << "trial " << trial;
  }
}

TEST(KernelsTest, Conv2D1x1) {
  Random rng;
  for (int trial = 0; trial < 300; ++trial) {
    Conv c = randomConv(rng, 1, 1, false);
    std::vector<int32_t> bias = foldedBias(c);
    Bytes out(referenceConv(c).size());
    qcc_conv2d_1x1_s8(&c.d, c.weights.data(), bias.data(), c.multiplier.data(),
                      c.shift.data(), c.input.data(), out.data());
    ASSERT_EQ(out, referenceConv(c)) << "trial " << trial;
  }
}

TEST(KernelsTest, DepthwiseConv2D) {
  Random rng;
  for (int trial = 0; trial < 300; ++trial) {
    int32_t channels = rng.range(2, 9);
    Conv c = randomConv(rng, rng.range(1, 5), channels, true);
    c.d.in_c = channels; // one input channel per group
    c.input = rng.bytes(size_t(c.d.batch) * c.d.in_h * c.d.in_w * c.d.in_c);
    c.weights.resize(size_t(c.d.out_c) * c.d.kernel_h * c.d.kernel_w);
    std::vector<int32_t> bias = foldedBias(c);
    // Packed [kh][kw][out_c].
    int32_t window = c.d.kernel_h * c.d.kernel_w;
    Bytes packed(c.weights.size());
    for (int32_t o = 0; o < c.d.out_c; ++o)
      for (int32_t k = 0; k < window; ++k)
        packed[k * c.d.out_c + o] = c.weights[o * window + k];
    Bytes out(referenceConv(c).size());
    qcc_depthwise_conv2d_s8(&c.d, packed.data(), bias.data(),
                            c.multiplier.data(), c.shift.data(),
                            c.input.data(), out.data());
    ASSERT_EQ(out, referenceConv(c)) << "trial " << trial;
  }
}

TEST(KernelsTest, FullyConnected) {
  Random rng;
  for (int trial = 0; trial < 200; ++trial) {
    // A fully-connected layer is a 1x1 convolution over `rows` pixels.
    Conv c = randomConv(rng, 1, 1, false);
    c.d.in_h = c.d.out_h = rng.range(1, 5);
    c.d.in_w = c.d.out_w = c.d.stride_h = c.d.stride_w = c.d.batch = 1;
    c.d.in_c = rng.range(1, 300);
    c.input = rng.bytes(size_t(c.d.in_h) * c.d.in_c);
    c.weights = rng.bytes(size_t(c.d.out_c) * c.d.in_c);
    std::vector<int32_t> bias = foldedBias(c);
    qcc_fully_connected_desc d = {c.d.in_h,           c.d.in_c,
                                  c.d.out_c,          c.d.input_zero_point,
                                  c.d.weight_zero_point, c.d.output_zero_point,
                                  c.d.output_min,     c.d.output_max,
                                  c.d.rounding};
    Bytes out(size_t(d.rows) * d.cols);
    qcc_fully_connected_s8(&d, c.weights.data(), bias.data(),
                           c.multiplier.data(), c.shift.data(),
                           c.input.data(), out.data());
    ASSERT_EQ(out, referenceConv(c)) << "trial " << trial;
  }
}

TEST(KernelsTest, MatMul) {
  Random rng;
  for (int trial = 0; trial < 200; ++trial) {
    int32_t batch = rng.range(1, 4), m = rng.range(1, 9), k = rng.range(1, 40),
            n = rng.range(1, 9);
    bool broadcastRhs = rng.range(0, 1);
    qcc_matmul_desc d = {batch, m, k, n, m * k, broadcastRhs ? 0 : k * n,
                         rng.range(-128, 127), rng.range(-128, 127),
                         rng.stage(4, 16)};
    Bytes a = rng.bytes(size_t(batch) * m * k);
    Bytes b = rng.bytes(size_t(broadcastRhs ? 1 : batch) * k * n);
    Bytes want(size_t(batch) * m * n), got(want.size());
    for (int32_t p = 0; p < batch; ++p)
      for (int32_t i = 0; i < m; ++i)
        for (int32_t j = 0; j < n; ++j) {
          int64_t acc = 0;
          for (int32_t l = 0; l < k; ++l)
            acc += int64_t(a[(p * m + i) * k + l] - d.lhs_zero_point) *
                   (b[((broadcastRhs ? 0 : p) * k + l) * n + j] -
                    d.rhs_zero_point);
          want[(p * m + i) * n + j] = requant(d.out, acc);
        }
    qcc_matmul_s8(&d, a.data(), b.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// A random broadcast of two operands over `dims`; the rhs drops leading
/// dimensions or has size 1 in some.
struct Broadcast {
  qcc_broadcast_desc d{};
  size_t count = 1, lhsSize = 1, rhsSize = 1;
};

Broadcast randomBroadcast(Random &rng) {
  Broadcast b;
  b.d.rank = rng.range(1, QCC_MAX_RANK);
  std::vector<int32_t> rhsDims(b.d.rank);
  for (int32_t i = 0; i < b.d.rank; ++i) {
    b.d.dims[i] = rng.range(1, 4);
    rhsDims[i] = rng.range(0, 2) ? b.d.dims[i] : 1;
  }
  int32_t lhsStride = 1, rhsStride = 1;
  for (int32_t i = b.d.rank - 1; i >= 0; --i) {
    b.d.lhs_strides[i] = lhsStride;
    lhsStride *= b.d.dims[i];
    b.d.rhs_strides[i] = rhsDims[i] == 1 ? 0 : rhsStride;
    rhsStride *= rhsDims[i];
  }
  b.count = b.lhsSize = size_t(lhsStride);
  b.rhsSize = size_t(rhsStride);
  return b;
}

/// Calls `f(i, lhsIndex, rhsIndex)` for every output element.
template <typename F> void forEachBroadcast(const Broadcast &b, F f) {
  for (size_t i = 0; i < b.count; ++i) {
    size_t rest = i, lhs = 0, rhs = 0;
    for (int32_t d = b.d.rank - 1; d >= 0; --d) {
      size_t index = rest % b.d.dims[d];
      rest /= b.d.dims[d];
      lhs += index * b.d.lhs_strides[d];
      rhs += index * b.d.rhs_strides[d];
    }
    f(i, lhs, rhs);
  }
}

TEST(KernelsTest, AddAndMul) {
  Random rng;
  for (int trial = 0; trial < 300; ++trial) {
    Broadcast b = randomBroadcast(rng);
    Bytes lhs = rng.bytes(b.lhsSize), rhs = rng.bytes(b.rhsSize);
    qcc_add_desc add = {b.d,
                        rng.range(-128, 127),
                        rng.range(-128, 127),
                        20,
                        rng.range(1 << 30, 0x7fffffff),
                        rng.range(0, 3),
                        rng.range(1 << 30, 0x7fffffff),
                        rng.range(0, 3),
                        rng.stage(16, 22)};
    qcc_mul_desc mul = {b.d, rng.range(-128, 127), rng.range(-128, 127),
                        rng.stage(4, 14)};
    Bytes wantAdd(b.count), wantMul(b.count), got(b.count);
    forEachBroadcast(b, [&](size_t i, size_t l, size_t r) {
      int32_t x = qcc_mul(qcc_sat_shl(lhs[l] - add.lhs_zero_point, 20),
                          add.lhs_multiplier, add.lhs_shift, add.out.rounding);
      int32_t y = qcc_mul(qcc_sat_shl(rhs[r] - add.rhs_zero_point, 20),
                          add.rhs_multiplier, add.rhs_shift, add.out.rounding);
      wantAdd[i] = requant(add.out, qcc_sat_add_s32(x, y));
      wantMul[i] = requant(mul.out, int64_t(lhs[l] - mul.lhs_zero_point) *
                                        (rhs[r] - mul.rhs_zero_point));
    });
    qcc_add_s8(&add, lhs.data(), rhs.data(), got.data());
    ASSERT_EQ(got, wantAdd) << "trial " << trial;
    qcc_mul_s8(&mul, lhs.data(), rhs.data(), got.data());
    ASSERT_EQ(got, wantMul) << "trial " << trial;
  }
}

TEST(KernelsTest, RequantizeLookupFlipInPlace) {
  Random rng;
  for (int trial = 0; trial < 100; ++trial) {
    int32_t count = rng.range(1, 200);
    Bytes x = rng.bytes(count), table = rng.bytes(256);
    qcc_requantize_desc d = {count, rng.range(-128, 127), rng.stage(-3, 8)};
    Bytes want(count), got = x;
    for (int32_t i = 0; i < count; ++i)
      want[i] = requant(d.out, x[i] - d.input_zero_point);
    qcc_requantize_s8(&d, got.data(), got.data());
    ASSERT_EQ(got, want);
    qcc_count_desc n = {count};
    got = x;
    qcc_lookup_s8(&n, table.data(), got.data(), got.data());
    for (int32_t i = 0; i < count; ++i)
      ASSERT_EQ(got[i], table[uint8_t(x[i]) ^ 0x80]);
    got = x;
    qcc_flip_sign_s8(&n, got.data(), got.data());
    for (int32_t i = 0; i < count; ++i)
      ASSERT_EQ(uint8_t(got[i]), uint8_t(x[i]) ^ 0x80);
  }
}

TEST(KernelsTest, Softmax) {
  Random rng;
  for (int trial = 0; trial < 100; ++trial) {
    std::vector<int32_t> table(256);
    for (int32_t i = 0; i < 255; ++i)
      table[i] = rng.range(0, 65536);
    table[255] = 65536;
    qcc_softmax_desc d = {rng.range(1, 5), rng.range(1, 70), -128, 127};
    Bytes x = rng.bytes(size_t(d.rows) * d.row_length), got(x.size());
    qcc_softmax_s8(&d, table.data(), x.data(), got.data());
    for (int32_t r = 0; r < d.rows; ++r) {
      const int8_t *q = &x[r * d.row_length];
      int32_t max = *std::max_element(q, q + d.row_length);
      int64_t sum = 0;
      for (int32_t k = 0; k < d.row_length; ++k)
        sum += table[255 + q[k] - max];
      for (int32_t k = 0; k < d.row_length; ++k)
        ASSERT_EQ(got[r * d.row_length + k],
                  std::min<int64_t>(127, -128 + (table[255 + q[k] - max] * 256 +
                                                 sum / 2) / sum));
    }
  }
}

TEST(KernelsTest, LayerNorm) {
  Random rng;
  for (int trial = 0; trial < 200; ++trial) {
    int32_t rows = rng.range(1, 4), n = rng.range(1, 300);
    int64_t epsilon = rng.range(0, 3) ? rng.range(0, 100000)
                                      : int64_t(rng.range(0, 1 << 30)) << 20;
    qcc_requant_desc stage = rng.stage(8, 14);
    qcc_layer_norm_desc d = {rows,
                             n,
                             rng.range(-128, 127),
                             int32_t(uint32_t(epsilon)),
                             int32_t(epsilon >> 32),
                             stage.zero_point,
                             stage.min,
                             stage.max,
                             stage.rounding};
    Bytes x = rng.bytes(size_t(rows) * n), got(x.size()), want(x.size());
    // A constant row makes every deviation 0.
    if (trial % 10 == 0)
      std::fill(x.begin(), x.begin() + n, int8_t(rng.range(-128, 127)));
    Bytes signs(n);
    std::vector<int32_t> bias(n), multiplier(n), shift(n);
    for (int32_t i = 0; i < n; ++i) {
      signs[i] = int8_t(rng.range(-1, 1));
      bias[i] = rng.range(-300000, 300000);
      multiplier[i] = rng.range(1 << 30, 0x7fffffff);
      shift[i] = rng.range(8, 14);
    }
    for (int32_t r = 0; r < rows; ++r) {
      const int8_t *q = &x[size_t(r) * n];
      int64_t sum = 0;
      for (int32_t k = 0; k < n; ++k)
        sum += q[k] - d.input_zero_point;
      uint64_t total = uint64_t(epsilon);
      for (int32_t k = 0; k < n; ++k) {
        int64_t dev = int64_t(n) * (q[k] - d.input_zero_point) - sum;
        total += uint64_t(dev * dev);
      }
      // floor(sqrt) from the long double root, corrected to exactness.
      uint64_t root = uint64_t(std::sqrt((long double)total));
      while (root > 0 && root * root > total)
        --root;
      while ((root + 1) * (root + 1) <= total)
        ++root;
      for (int32_t k = 0; k < n; ++k) {
        int64_t dev = int64_t(n) * (q[k] - d.input_zero_point) - sum;
        int64_t t = 0;
        if (root) {
          // Round half away from zero as floor((2|x| + s) / 2s).
          int64_t magnitude = (2 * std::llabs(dev * 65536) + int64_t(root)) /
                              (2 * int64_t(root));
          t = dev < 0 ? -magnitude : magnitude;
        }
        int64_t acc = std::clamp<int64_t>(signs[k] * t + bias[k], INT32_MIN,
                                          INT32_MAX);
        qcc_requant_desc channel = {multiplier[k], shift[k],
                                    d.output_zero_point, d.output_min,
                                    d.output_max, d.rounding};
        want[size_t(r) * n + k] = requant(channel, acc);
      }
    }
    qcc_layer_norm_s8(&d, signs.data(), bias.data(), multiplier.data(),
                      shift.data(), x.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

TEST(KernelsTest, Pools) {
  Random rng;
  for (int trial = 0; trial < 200; ++trial) {
    qcc_pool_desc d{};
    d.batch = rng.range(1, 2);
    // Mostly a few channels, sometimes more than the pools' chunk of 64.
    d.channels = rng.range(0, 3) ? rng.range(1, 7) : rng.range(60, 140);
    d.kernel_h = rng.range(1, 4);
    d.kernel_w = rng.range(1, 4);
    d.stride_h = rng.range(1, 3);
    d.stride_w = rng.range(1, 3);
    d.pad_top = rng.range(0, d.kernel_h - 1);
    d.pad_left = rng.range(0, d.kernel_w - 1);
    d.in_h = rng.range(d.kernel_h, 12);
    d.in_w = rng.range(d.kernel_w, 12);
    d.out_h = (d.in_h + 2 * d.pad_top - d.kernel_h) / d.stride_h + 1;
    d.out_w = (d.in_w + 2 * d.pad_left - d.kernel_w) / d.stride_w + 1;
    d.count_include_pad = rng.range(0, 1);
    d.input_zero_point = rng.range(-128, 127);
    d.out = rng.stage(-1, 3);
    Bytes x = rng.bytes(size_t(d.batch) * d.in_h * d.in_w * d.channels);
    size_t size = size_t(d.batch) * d.out_h * d.out_w * d.channels;
    Bytes wantMax(size), wantAvg(size), got(size);
    for (int32_t b = 0; b < d.batch; ++b)
      for (int32_t y = 0; y < d.out_h; ++y)
        for (int32_t z = 0; z < d.out_w; ++z)
          for (int32_t c = 0; c < d.channels; ++c) {
            int32_t best = -129, inside = 0;
            int64_t acc = 0;
            for (int32_t i = 0; i < d.kernel_h; ++i)
              for (int32_t j = 0; j < d.kernel_w; ++j) {
                int32_t iy = y * d.stride_h - d.pad_top + i,
                        ix = z * d.stride_w - d.pad_left + j;
                if (iy < 0 || iy >= d.in_h || ix < 0 || ix >= d.in_w)
                  continue;
                int32_t v = x[((b * d.in_h + iy) * d.in_w + ix) * d.channels + c];
                best = std::max(best, v);
                acc += v - d.input_zero_point;
                ++inside;
              }
            size_t o = ((b * d.out_h + y) * d.out_w + z) * d.channels + c;
            wantMax[o] = int8_t(best);
            int32_t count = d.count_include_pad ? d.kernel_h * d.kernel_w : inside;
            wantAvg[o] = requant(d.out, qcc_rounding_divide(int32_t(acc), count));
          }
    qcc_max_pool_s8(&d, x.data(), got.data());
    ASSERT_EQ(got, wantMax) << "trial " << trial;
    qcc_avg_pool_s8(&d, x.data(), got.data());
    ASSERT_EQ(got, wantAvg) << "trial " << trial;

    qcc_global_avg_pool_desc g = {d.batch, d.in_h * d.in_w, d.channels,
                                  d.input_zero_point, rng.stage(4, 12)};
    Bytes wantGlobal(size_t(d.batch) * d.channels), gotGlobal(wantGlobal.size());
    for (int32_t b = 0; b < g.batch; ++b)
      for (int32_t c = 0; c < g.channels; ++c) {
        int64_t acc = 0;
        for (int32_t i = 0; i < g.plane; ++i)
          acc += x[(b * g.plane + i) * g.channels + c] - g.input_zero_point;
        wantGlobal[b * g.channels + c] = requant(g.out, acc);
      }
    qcc_global_avg_pool_s8(&g, x.data(), gotGlobal.data());
    ASSERT_EQ(gotGlobal, wantGlobal) << "trial " << trial;
  }
}

//===----------------------------------------------------------------------===//
// Layout
//===----------------------------------------------------------------------===//

TEST(KernelsTest, GatherAsTranspose) {
  Random rng;
  for (int trial = 0; trial < 100; ++trial) {
    // A 4-D transpose by a random permutation.
    int32_t dims[4], perm[4] = {0, 1, 2, 3};
    for (int32_t &d : dims)
      d = rng.range(1, 5);
    std::shuffle(perm, perm + 4, rng.engine);
    int32_t strides[4] = {dims[1] * dims[2] * dims[3], dims[2] * dims[3],
                          dims[3], 1};
    qcc_gather_desc d{};
    d.rank = 4;
    for (int32_t i = 0; i < 4; ++i) {
      d.dims[i] = dims[perm[i]];
      d.strides[i] = strides[perm[i]];
    }
    Bytes x = rng.bytes(size_t(dims[0]) * dims[1] * dims[2] * dims[3]);
    Bytes got(x.size()), want(x.size());
    size_t o = 0;
    int32_t i[4];
    for (i[0] = 0; i[0] < d.dims[0]; ++i[0])
      for (i[1] = 0; i[1] < d.dims[1]; ++i[1])
        for (i[2] = 0; i[2] < d.dims[2]; ++i[2])
          for (i[3] = 0; i[3] < d.dims[3]; ++i[3]) {
            int32_t source[4];
            for (int32_t k = 0; k < 4; ++k)
              source[perm[k]] = i[k];
            want[o++] = x[((source[0] * dims[1] + source[1]) * dims[2] +
                           source[2]) * dims[3] + source[3]];
          }
    qcc_gather_s8(&d, x.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

/// offset + Σ_k i_k·strides[k] for the row-major multi-index i of element
/// `e` over `dims`: where a strided walk (gather, pad) reads or writes it.
int32_t stridedOffset(int32_t e, int32_t rank, const int32_t *dims,
                      const int32_t *strides, int32_t offset) {
  for (int32_t k = rank - 1; k >= 0; --k) {
    offset += e % dims[k] * strides[k];
    e /= dims[k];
  }
  return offset;
}

TEST(KernelsTest, GatherAnyRank) {
  Random rng;
  for (int trial = 0; trial < 200; ++trial) {
    // Any rank up to 4, any strides (0 repeats), an offset: a strided
    // slice or broadcast, checked element by element.
    qcc_gather_desc d{};
    d.rank = rng.range(0, 4);
    d.offset = rng.range(0, 7);
    int32_t count = 1, extent = d.offset;
    for (int32_t k = 0; k < d.rank; ++k) {
      d.dims[k] = rng.range(1, 5);
      d.strides[k] = rng.range(0, 6);
      count *= d.dims[k];
      extent += (d.dims[k] - 1) * d.strides[k];
    }
    Bytes x = rng.bytes(size_t(extent) + 1);
    Bytes got(static_cast<size_t>(count)), want(got.size());
    for (int32_t e = 0; e < count; ++e)
      want[size_t(e)] =
          x[size_t(stridedOffset(e, d.rank, d.dims, d.strides, d.offset))];
    qcc_gather_s8(&d, x.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;
  }
}

TEST(KernelsTest, PadAndConcat) {
  Random rng;
  for (int trial = 0; trial < 100; ++trial) {
    // Pad a tensor of rank 0 to 4 on every side; its dimensions taken in a
    // random order (the last one's stride then not always 1).
    qcc_pad_desc pad{};
    int32_t padded[QCC_MAX_RANK], before[QCC_MAX_RANK];
    pad.rank = rng.range(0, 4);
    pad.output_size = 1;
    for (int32_t k = pad.rank - 1; k >= 0; --k) {
      pad.dims[k] = rng.range(1, 5);
      before[k] = rng.range(0, 2);
      padded[k] = before[k] + pad.dims[k] + rng.range(0, 2);
      pad.strides[k] = pad.output_size;
      pad.offset += before[k] * pad.strides[k];
      pad.output_size *= padded[k];
    }
    for (int32_t k = pad.rank - 1; k > 0 && rng.range(0, 1); --k) {
      int32_t other = rng.range(0, k - 1);
      std::swap(pad.dims[k], pad.dims[other]);
      std::swap(pad.strides[k], pad.strides[other]);
    }
    pad.value = rng.range(-128, 127);
    int32_t inputs = 1;
    for (int32_t k = 0; k < pad.rank; ++k)
      inputs *= pad.dims[k];
    Bytes x = rng.bytes(size_t(inputs)), got(pad.output_size);
    Bytes want(pad.output_size, int8_t(pad.value));
    for (int32_t e = 0; e < inputs; ++e)
      want[size_t(stridedOffset(e, pad.rank, pad.dims, pad.strides,
                                pad.offset))] = x[size_t(e)];
    qcc_pad_s8(&pad, x.data(), got.data());
    ASSERT_EQ(got, want) << "trial " << trial;

    // Concatenate two matrices along columns, requantizing the second.
    int32_t rows = rng.range(1, 6), cols = rng.range(1, 6);
    int32_t cols2 = rng.range(1, 4);
    x = rng.bytes(size_t(rows) * cols);
    Bytes y = rng.bytes(size_t(rows) * cols2), joined(size_t(rows) * (cols + cols2));
    qcc_concat_desc first = {rows, cols, cols + cols2, 0, 1, 0, {}};
    qcc_concat_desc second = {rows, cols2, cols + cols2, cols, 0,
                              rng.range(-128, 127), rng.stage(-2, 2)};
    qcc_concat_s8(&first, x.data(), joined.data());
    qcc_concat_s8(&second, y.data(), joined.data());
    for (int32_t r = 0; r < rows; ++r) {
      for (int32_t c = 0; c < cols; ++c)
        ASSERT_EQ(joined[r * (cols + cols2) + c], x[r * cols + c]);
      for (int32_t c = 0; c < cols2; ++c)
        ASSERT_EQ(joined[r * (cols + cols2) + cols + c],
                  requant(second.out, y[r * cols2 + c] - second.input_zero_point));
    }
  }
}

} // namespace
