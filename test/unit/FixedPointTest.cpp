//===- FixedPointTest.cpp - Tests for qcc's fixed-point arithmetic --------===//
//
// This file checks every primitive of qcc/fixedpoint.h and
// qcc/quantize_multiplier.h against reference definitions written here in a
// deliberately different style: flooring divisions with a remainder
// correction instead of shifts, sign/magnitude rounding instead of
// remainder thresholds, plain clamping instead of special cases. Agreement
// between two independent formulations is what makes "bit-exact" credible,
// since compiler, interpreter and runtime all share the header.
//
// Inputs are hand-picked edge values, cross products of edge sets, every
// shift amount, exact ties, and a few million cases from a fixed-seed
// std::mt19937. Random values are derived from the raw engine output only,
// because the std::*_distribution algorithms differ between standard
// libraries and the test must be deterministic everywhere.
//
//===----------------------------------------------------------------------===//

#include "qcc/fixedpoint.h"
#include "qcc/quantize_multiplier.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace {

constexpr int32_t I32Min = std::numeric_limits<int32_t>::min();
constexpr int32_t I32Max = std::numeric_limits<int32_t>::max();
constexpr int32_t TwoPow30 = int32_t(1) << 30;

//===----------------------------------------------------------------------===//
// Check bookkeeping
//===----------------------------------------------------------------------===//

uint64_t TotalChecks = 0;

/// Counts comparisons and reports only the first few mismatches of a test,
/// so that a broken primitive yields a readable log instead of millions of
/// lines. The context is built lazily because it is almost never needed.
class Checker {
public:
  ~Checker() { TotalChecks += Count; }

  template <typename T, typename DescribeFn>
  void eq(T Got, T Want, DescribeFn &&Describe) {
    ++Count;
    if (Got == Want)
      return;
    if (++Failures <= 10)
      ADD_FAILURE() << Describe() << ": got " << +Got << ", want " << +Want;
    else if (Failures == 11)
      ADD_FAILURE() << "(further mismatches suppressed)";
  }

  template <typename DescribeFn> void truth(bool Ok, DescribeFn &&Describe) {
    eq(Ok, true, Describe);
  }

private:
  uint64_t Count = 0;
  uint64_t Failures = 0;
};

/// Prints the number of value comparisons once all tests have run.
class CountReporter : public ::testing::Environment {
public:
  void TearDown() override {
    std::printf("[ qcc      ] %llu value comparisons\n",
                static_cast<unsigned long long>(TotalChecks));
  }
};

[[maybe_unused]] ::testing::Environment *const Reporter =
    ::testing::AddGlobalTestEnvironment(new CountReporter);

template <typename... Ts> std::string describe(const char *Fn, Ts... Args) {
  std::ostringstream OS;
  OS << Fn << "(";
  const char *Sep = "";
  ((OS << Sep << +Args, Sep = ", "), ...);
  OS << ")";
  return OS.str();
}

//===----------------------------------------------------------------------===//
// Reference definitions
//===----------------------------------------------------------------------===//

/// floor(Num / 2^Shift) for Shift in [0, 62], by C++ truncating division
/// followed by a correction for negative inexact quotients.
int64_t floorDivPow2(int64_t Num, int Shift) {
  const int64_t Den = int64_t(1) << Shift;
  int64_t Quot = Num / Den;
  if (Num % Den != 0 && Num < 0)
    --Quot;
  return Quot;
}

int32_t refSat32(int64_t V) {
  return static_cast<int32_t>(
      std::min<int64_t>(std::max<int64_t>(V, I32Min), I32Max));
}

int32_t refClamp(int64_t V, int64_t Lo, int64_t Hi) {
  return static_cast<int32_t>(std::min(std::max(V, Lo), Hi));
}

/// round(A * B / 2^31), ties up, as floor(A * B / 2^31 + 1/2), saturated.
/// The single overflow (2^62 / 2^31 = 2^31) is caught by the saturation
/// rather than by a special case.
int32_t refSrdhm(int32_t A, int32_t B) {
  const int64_t Prod = int64_t(A) * B;
  return refSat32(floorDivPow2(Prod + (int64_t(1) << 30), 31));
}

/// gemmlowp's literal formulation: add a sign-dependent nudge, then divide
/// with C's truncation toward zero; the one overflowing input pair is a
/// special case. Equal to refSrdhm, but written the way gemmlowp writes it.
int32_t refSrdhmNudge(int32_t A, int32_t B) {
  if (A == B && A == I32Min)
    return I32Max;
  const int64_t Prod = int64_t(A) * B;
  const int64_t Nudge = Prod >= 0 ? (int64_t(1) << 30) : 1 - (int64_t(1) << 30);
  return static_cast<int32_t>((Prod + Nudge) / (int64_t(1) << 31));
}

/// X / 2^E rounded half away from zero, via the magnitude: rounding |X| half
/// up and restoring the sign is rounding X half away from zero.
int32_t refRdbpot(int32_t X, int E) {
  const int64_t Mag = X < 0 ? -int64_t(X) : int64_t(X);
  const int64_t Half = E == 0 ? 0 : int64_t(1) << (E - 1);
  const int64_t Rounded = (Mag + Half) >> E; // Non-negative: plain shift.
  return static_cast<int32_t>(X < 0 ? -Rounded : Rounded);
}

int32_t refSatShl(int32_t X, int S) {
  return refSat32(int64_t(X) * (int64_t(1) << S));
}

int32_t refDouble(int32_t X, int32_t M0, int N) {
  if (N >= 0)
    return refRdbpot(refSrdhm(X, M0), N);
  return refSrdhm(refSatShl(X, -N), M0);
}

/// X * M0 / 2^(31 + N) rounded half up: floor, then bump when the remainder
/// is at least half the divisor.
int32_t refSingle(int32_t X, int32_t M0, int N) {
  const int Total = 31 + N;
  const int64_t Prod = int64_t(X) * M0;
  int64_t Quot = floorDivPow2(Prod, Total);
  const int64_t Rem = Prod - Quot * (int64_t(1) << Total);
  if (Total > 0 && Rem >= (int64_t(1) << (Total - 1)))
    ++Quot;
  return refSat32(Quot);
}

int32_t refRequantize(int32_t Acc, int32_t M0, int N, int32_t Zp, int32_t Lo,
                      int32_t Hi, int Rounding) {
  const int32_t Scaled = Rounding == QCC_ROUND_SINGLE ? refSingle(Acc, M0, N)
                                                      : refDouble(Acc, M0, N);
  return refClamp(refSat32(int64_t(Scaled) + Zp), Lo, Hi);
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

/// Boundary values plus every power of two, its neighbours and three times
/// it, in both signs: where carries, ties and saturation happen.
std::vector<int32_t> edgeValues() {
  std::vector<int64_t> Wide = {I32Min, int64_t(I32Min) + 1,
                               -1,     0,
                               1,      int64_t(I32Max) - 1,
                               I32Max, -129,
                               -128,   127,
                               128,    255,
                               256,    -32769,
                               -32768, 32767,
                               32768,  65535};
  for (int K = 0; K <= 31; ++K) {
    const int64_t P = int64_t(1) << K;
    for (int64_t V : {P - 1, P, P + 1, 3 * P})
      for (int64_t S : {int64_t(1), int64_t(-1)})
        Wide.push_back(S * V);
  }
  std::vector<int32_t> Out;
  for (int64_t V : Wide)
    if (V >= I32Min && V <= I32Max)
      Out.push_back(static_cast<int32_t>(V));
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  return Out;
}

/// Valid multiplier mantissas at the ends of the range, the zero multiplier,
/// and two ordinary ones (0.75 and roughly 0.9).
const std::vector<int32_t> &multiplierMantissas() {
  static const std::vector<int32_t> M0s = {0,      TwoPow30, TwoPow30 + 1,
                                           I32Max, 3 << 29,  1932735283};
  return M0s;
}

/// Deterministic int32 source biased toward interesting regions.
class Inputs {
public:
  explicit Inputs(uint32_t Seed) : Engine(Seed) {}

  uint32_t bits() { return static_cast<uint32_t>(Engine()); }

  /// A quarter each: uniform over int32, small magnitude of random width,
  /// near an int32 bound, near a power of two.
  int32_t value() {
    const uint32_t Kind = bits() & 3;
    const uint32_t Raw = bits();
    switch (Kind) {
    case 0:
      return static_cast<int32_t>(Raw);
    case 1: {
      const int Width = static_cast<int>(bits() % 32);
      const int64_t Mag = Raw & ((uint32_t(1) << Width) - 1);
      return static_cast<int32_t>((bits() & 1) ? -Mag : Mag);
    }
    case 2: {
      const int64_t Off = Raw & 255;
      return static_cast<int32_t>((bits() & 1) ? int64_t(I32Min) + Off
                                               : int64_t(I32Max) - Off);
    }
    default: {
      const int64_t P = int64_t(1) << (bits() % 31);
      const int64_t V = P + static_cast<int64_t>(Raw % 5) - 2;
      return static_cast<int32_t>((bits() & 1) ? -V : V);
    }
    }
  }

  /// Mostly a random valid mantissa in [2^30, 2^31), sometimes an edge one.
  int32_t mantissa() {
    if ((bits() & 7) == 0) {
      const auto &M0s = multiplierMantissas();
      return M0s[bits() % M0s.size()];
    }
    return static_cast<int32_t>(TwoPow30 + (bits() & (TwoPow30 - 1)));
  }

  int shift(int Lo, int Hi) {
    return Lo + static_cast<int>(bits() % static_cast<uint32_t>(Hi - Lo + 1));
  }

private:
  std::mt19937 Engine;
};

//===----------------------------------------------------------------------===//
// Saturation, clamping, saturating add
//===----------------------------------------------------------------------===//

TEST(FixedPointSaturation, SatS32) {
  Checker C;
  const int64_t I64Min = std::numeric_limits<int64_t>::min();
  const int64_t I64Max = std::numeric_limits<int64_t>::max();
  for (int64_t V : {I64Min, I64Min + 1, int64_t(I32Min) - 1, int64_t(I32Min),
                    int64_t(I32Min) + 1, int64_t(-1), int64_t(0), int64_t(1),
                    int64_t(I32Max) - 1, int64_t(I32Max), int64_t(I32Max) + 1,
                    int64_t(1) << 40, I64Max - 1, I64Max})
    C.eq(qcc_sat_s32(V), refSat32(V), [&] { return describe("sat_s32", V); });
  EXPECT_EQ(qcc_sat_s32(int64_t(I32Max) + 1), I32Max);
  EXPECT_EQ(qcc_sat_s32(int64_t(I32Min) - 1), I32Min);
  Inputs In(1);
  for (int I = 0; I < 200000; ++I) {
    const int64_t V = static_cast<int64_t>(
        (uint64_t(In.bits()) << 32 | In.bits()) >> (In.bits() % 64));
    C.eq(qcc_sat_s32(V), refSat32(V), [&] { return describe("sat_s32", V); });
    // Negate too (so small shifts also give small negatives), avoiding the
    // one unnegatable value.
    const int64_t NegV = V == std::numeric_limits<int64_t>::min() ? V : -V;
    C.eq(qcc_sat_s32(NegV), refSat32(NegV),
         [&] { return describe("sat_s32", NegV); });
  }
}

TEST(FixedPointSaturation, Narrowing) {
  Checker C;
  std::vector<int32_t> Xs = edgeValues();
  for (int32_t X = -70000; X <= 70000; ++X)
    Xs.push_back(X);
  for (int32_t X : Xs) {
    const auto D = [&] { return describe("narrow", X); };
    C.eq(int32_t(qcc_sat_s8(X)), refClamp(X, -128, 127), D);
    C.eq(int32_t(qcc_sat_u8(X)), refClamp(X, 0, 255), D);
    C.eq(int32_t(qcc_sat_s16(X)), refClamp(X, -32768, 32767), D);
  }
}

TEST(FixedPointSaturation, ClampAndSaturatingAdd) {
  Checker C;
  const std::vector<int32_t> Xs = edgeValues();
  const std::vector<std::pair<int32_t, int32_t>> Bounds = {
      {-128, 127}, {0, 255}, {-32768, 32767},  {I32Min, I32Max},
      {5, 5},      {-1, 0},  {I32Max, I32Max}, {I32Min, I32Min}};
  for (int32_t X : Xs)
    for (const auto &B : Bounds) {
      // Plain variables: C++17 lambdas cannot capture structured bindings.
      const int32_t Lo = B.first, Hi = B.second;
      C.eq(qcc_clamp_s32(X, Lo, Hi), refClamp(X, Lo, Hi),
           [&] { return describe("clamp_s32", X, Lo, Hi); });
    }
  for (int32_t A : Xs)
    for (int32_t B : Xs)
      C.eq(qcc_sat_add_s32(A, B), refSat32(int64_t(A) + B),
           [&] { return describe("sat_add_s32", A, B); });
  EXPECT_EQ(qcc_sat_add_s32(I32Max, 1), I32Max);
  EXPECT_EQ(qcc_sat_add_s32(I32Min, -1), I32Min);
  EXPECT_EQ(qcc_sat_add_s32(I32Max, I32Min), -1);
  Inputs In(2);
  for (int I = 0; I < 500000; ++I) {
    const int32_t A = In.value(), B = In.value();
    C.eq(qcc_sat_add_s32(A, B), refSat32(int64_t(A) + B),
         [&] { return describe("sat_add_s32", A, B); });
  }
}

//===----------------------------------------------------------------------===//
// SaturatingRoundingDoublingHighMul
//===----------------------------------------------------------------------===//

TEST(FixedPointSrdhm, KnownValues) {
  const int32_t P15 = int32_t(1) << 15;
  // a * b / 2^31 at exact ties +-0.5 and +-1.5: always toward +infinity.
  EXPECT_EQ(qcc_srdhm(P15, P15), 1);
  EXPECT_EQ(qcc_srdhm(-P15, P15), 0);
  EXPECT_EQ(qcc_srdhm(3 * P15, P15), 2);
  EXPECT_EQ(qcc_srdhm(-3 * P15, P15), -1);
  EXPECT_EQ(qcc_srdhm(1, TwoPow30), 1);  // 0.5
  EXPECT_EQ(qcc_srdhm(-1, TwoPow30), 0); // -0.5
  EXPECT_EQ(qcc_srdhm(1, TwoPow30 - 1), 0);
  EXPECT_EQ(qcc_srdhm(-1, TwoPow30 + 1), -1);
  // Saturation and the extremes.
  EXPECT_EQ(qcc_srdhm(I32Min, I32Min), I32Max);
  EXPECT_EQ(qcc_srdhm(I32Min, I32Max), I32Min + 1);
  EXPECT_EQ(qcc_srdhm(I32Max, I32Max), I32Max - 1);
  EXPECT_EQ(qcc_srdhm(I32Min, I32Min + 1), I32Max);
  EXPECT_EQ(qcc_srdhm(I32Min, 1), -1);
  EXPECT_EQ(qcc_srdhm(I32Min, -1), 1);
  EXPECT_EQ(qcc_srdhm(I32Max, 1), 1); // 1 - 2^-31 rounds to 1.
  EXPECT_EQ(qcc_srdhm(12345, 0), 0);
  EXPECT_EQ(qcc_srdhm(1000, TwoPow30), 500);
}

TEST(FixedPointSrdhm, EdgeCrossProduct) {
  Checker C;
  std::vector<int32_t> Xs = edgeValues();
  for (int32_t M : multiplierMantissas())
    Xs.push_back(M);
  for (int32_t A : Xs)
    for (int32_t B : Xs) {
      C.eq(qcc_srdhm(A, B), refSrdhm(A, B),
           [&] { return describe("srdhm", A, B); });
      C.eq(qcc_srdhm(A, B), refSrdhmNudge(A, B),
           [&] { return describe("srdhm (gemmlowp form)", A, B); });
    }
}

TEST(FixedPointSrdhm, Random) {
  Checker C;
  Inputs In(3);
  for (int I = 0; I < 1500000; ++I) {
    const int32_t A = In.value();
    const int32_t B = (I & 1) ? In.value() : In.mantissa();
    C.eq(qcc_srdhm(A, B), refSrdhm(A, B),
         [&] { return describe("srdhm", A, B); });
    C.eq(qcc_srdhm(A, B), refSrdhmNudge(A, B),
         [&] { return describe("srdhm (gemmlowp form)", A, B); });
  }
}

//===----------------------------------------------------------------------===//
// RoundingDivideByPOT and saturating left shift
//===----------------------------------------------------------------------===//

TEST(FixedPointRdbpot, KnownValues) {
  EXPECT_EQ(qcc_rdbpot(1, 1), 1);   // 0.5
  EXPECT_EQ(qcc_rdbpot(-1, 1), -1); // -0.5
  EXPECT_EQ(qcc_rdbpot(3, 1), 2);   // 1.5
  EXPECT_EQ(qcc_rdbpot(-3, 1), -2); // -1.5
  EXPECT_EQ(qcc_rdbpot(5, 1), 3);
  EXPECT_EQ(qcc_rdbpot(-5, 1), -3);
  EXPECT_EQ(qcc_rdbpot(5, 2), 1); // 1.25
  EXPECT_EQ(qcc_rdbpot(-5, 2), -1);
  EXPECT_EQ(qcc_rdbpot(6, 2), 2); // 1.5
  EXPECT_EQ(qcc_rdbpot(-6, 2), -2);
  EXPECT_EQ(qcc_rdbpot(7, 0), 7);
  EXPECT_EQ(qcc_rdbpot(I32Min, 0), I32Min);
  EXPECT_EQ(qcc_rdbpot(I32Min, 31), -1);
  EXPECT_EQ(qcc_rdbpot(I32Min, 1), -TwoPow30);
  EXPECT_EQ(qcc_rdbpot(I32Max, 31), 1);
  EXPECT_EQ(qcc_rdbpot(I32Max, 1), TwoPow30);
  EXPECT_EQ(qcc_rdbpot(TwoPow30, 31), 1);   // 0.5
  EXPECT_EQ(qcc_rdbpot(-TwoPow30, 31), -1); // -0.5
  EXPECT_EQ(qcc_rdbpot(TwoPow30 - 1, 31), 0);
  EXPECT_EQ(qcc_rdbpot(-TwoPow30 + 1, 31), 0);
}

TEST(FixedPointRdbpot, TiesAtEveryExponent) {
  Checker C;
  for (int E = 1; E <= 31; ++E) {
    const int64_t Half = int64_t(1) << (E - 1);
    const int64_t One = int64_t(1) << E;
    for (int64_t K = 0; K < 8; ++K)
      for (int64_t Sign : {int64_t(1), int64_t(-1)}) {
        const int64_t Wide = Sign * (K * One + Half); // (K + 1/2) * 2^E
        if (Wide < I32Min || Wide > I32Max)
          continue;
        const int32_t X = static_cast<int32_t>(Wide);
        const int32_t Want = static_cast<int32_t>(Sign * (K + 1));
        const auto D = [&] { return describe("rdbpot", X, E); };
        C.eq(qcc_rdbpot(X, E), Want, D);
        C.eq(qcc_rdbpot(X, E), refRdbpot(X, E), D);
        // One below and above the tie in magnitude round inward/outward.
        const int32_t In = static_cast<int32_t>(Wide - Sign);
        C.eq(qcc_rdbpot(In, E), static_cast<int32_t>(Sign * K),
             [&] { return describe("rdbpot", In, E); });
        if (Wide + Sign >= I32Min && Wide + Sign <= I32Max) {
          const int32_t Out = static_cast<int32_t>(Wide + Sign);
          C.eq(qcc_rdbpot(Out, E), Want,
               [&] { return describe("rdbpot", Out, E); });
        }
      }
  }
}

TEST(FixedPointRdbpot, EdgeCrossProduct) {
  Checker C;
  for (int32_t X : edgeValues())
    for (int E = 0; E <= 31; ++E)
      C.eq(qcc_rdbpot(X, E), refRdbpot(X, E),
           [&] { return describe("rdbpot", X, E); });
}

TEST(FixedPointRdbpot, Random) {
  Checker C;
  Inputs In(4);
  for (int I = 0; I < 1000000; ++I) {
    const int32_t X = In.value();
    const int E = In.shift(0, 31);
    C.eq(qcc_rdbpot(X, E), refRdbpot(X, E),
         [&] { return describe("rdbpot", X, E); });
  }
}

TEST(FixedPointSatShl, EdgeAndRandom) {
  Checker C;
  EXPECT_EQ(qcc_sat_shl(-1, 31), I32Min);
  EXPECT_EQ(qcc_sat_shl(1, 31), I32Max);
  EXPECT_EQ(qcc_sat_shl(1, 30), TwoPow30);
  EXPECT_EQ(qcc_sat_shl(-2, 30), I32Min);
  EXPECT_EQ(qcc_sat_shl(-3, 30), I32Min);
  EXPECT_EQ(qcc_sat_shl(I32Max, 0), I32Max);
  EXPECT_EQ(qcc_sat_shl(0, 31), 0);
  for (int32_t X : edgeValues())
    for (int S = 0; S <= 31; ++S)
      C.eq(qcc_sat_shl(X, S), refSatShl(X, S),
           [&] { return describe("sat_shl", X, S); });
  Inputs In(5);
  for (int I = 0; I < 500000; ++I) {
    const int32_t X = In.value();
    const int S = In.shift(0, 31);
    C.eq(qcc_sat_shl(X, S), refSatShl(X, S),
         [&] { return describe("sat_shl", X, S); });
  }
}

//===----------------------------------------------------------------------===//
// Multiplying by (M0, n)
//===----------------------------------------------------------------------===//

TEST(FixedPointMul, KnownValues) {
  // 1 * 0.5: a tie, rounded up by both schemes.
  EXPECT_EQ(qcc_mul_double_round(1, TwoPow30, 0), 1);
  EXPECT_EQ(qcc_mul_single_round(1, TwoPow30, 0), 1);
  // -1 * 0.5: single rounding goes toward +infinity, and so does SRDHM.
  EXPECT_EQ(qcc_mul_double_round(-1, TwoPow30, 0), 0);
  EXPECT_EQ(qcc_mul_single_round(-1, TwoPow30, 0), 0);
  // -3 * 0.25 = -0.75: SRDHM gives -1 (from -1.5), then -1/2 rounds away.
  EXPECT_EQ(qcc_mul_double_round(-3, TwoPow30, 1), -1);
  EXPECT_EQ(qcc_mul_single_round(-3, TwoPow30, 1), -1);
  // The classic double-rounding discrepancy: 1 * 0.9 / 2 = 0.45. SRDHM rounds
  // 0.9 to 1, and 1/2 then rounds to 1; the single rounding gives 0.
  EXPECT_EQ(qcc_mul_double_round(1, 1932735283, 1), 1);
  EXPECT_EQ(qcc_mul_single_round(1, 1932735283, 1), 0);
  // Exact cases: 1000 * 0.75 * 2^-2 and 1000 * 0.5 * 2^31 (saturates).
  EXPECT_EQ(qcc_mul_double_round(1000, 3 << 29, 2), 188); // 187.5 -> 188
  EXPECT_EQ(qcc_mul_single_round(1000, 3 << 29, 2), 188);
  EXPECT_EQ(qcc_mul_single_round(-1000, 3 << 29, 2), -187);
  EXPECT_EQ(qcc_mul_double_round(-1000, 3 << 29, 2), -188);
  EXPECT_EQ(qcc_mul_single_round(1000, TwoPow30, -31), I32Max);
  EXPECT_EQ(qcc_mul_single_round(-1000, TwoPow30, -31), I32Min);
  // Double rounding saturates the pre-shifted x, not the product: with
  // x * 2^31 clamped to 2^31 - 1, 1000 * 2^30 comes out as 2^30, and 1 times
  // the largest multiplier 2^31 - 1 as 2^31 - 2.
  EXPECT_EQ(qcc_mul_double_round(1000, TwoPow30, -31), TwoPow30);
  EXPECT_EQ(qcc_mul_double_round(1, I32Max, -31), I32Max - 1);
  // Single rounding is exact here.
  EXPECT_EQ(qcc_mul_single_round(1, I32Max, -31), I32Max);
  EXPECT_EQ(qcc_mul_single_round(-1, I32Max, -31), -I32Max);
  // Zero multiplier.
  EXPECT_EQ(qcc_mul_double_round(I32Min, 0, 0), 0);
  EXPECT_EQ(qcc_mul_single_round(I32Min, 0, 0), 0);
  // Smallest multiplier 2^-32 on INT32_MIN: the exact product is the tie
  // -1/2; double rounding takes it away from zero, single rounding up.
  EXPECT_EQ(qcc_mul_double_round(I32Min, TwoPow30, 31), -1);
  EXPECT_EQ(qcc_mul_single_round(I32Min, TwoPow30, 31), 0);
  EXPECT_EQ(qcc_mul_single_round(I32Max, TwoPow30, 31), 0);
}

TEST(FixedPointMul, EdgeCrossProduct) {
  Checker C;
  for (int32_t X : edgeValues())
    for (int32_t M0 : multiplierMantissas())
      for (int N = -31; N <= 31; ++N) {
        C.eq(qcc_mul_double_round(X, M0, N), refDouble(X, M0, N),
             [&] { return describe("mul_double_round", X, M0, N); });
        C.eq(qcc_mul_single_round(X, M0, N), refSingle(X, M0, N),
             [&] { return describe("mul_single_round", X, M0, N); });
      }
}

TEST(FixedPointMul, Random) {
  Checker C;
  Inputs In(6);
  for (int I = 0; I < 1500000; ++I) {
    const int32_t X = In.value();
    const int32_t M0 = In.mantissa();
    // Favour right shifts, where real multipliers live, but cover all n.
    const int N = (I & 3) ? In.shift(0, 31) : In.shift(-31, 31);
    C.eq(qcc_mul_double_round(X, M0, N), refDouble(X, M0, N),
         [&] { return describe("mul_double_round", X, M0, N); });
    C.eq(qcc_mul_single_round(X, M0, N), refSingle(X, M0, N),
         [&] { return describe("mul_single_round", X, M0, N); });
  }
}

/// Independent of any rounding reference: compares both schemes with the
/// exact rational product x * M0 / 2^(31 + n) whenever that product, and for
/// n < 0 the pre-shifted x, fit in int32. Double rounding may be off by one;
/// single rounding must be the exact product rounded half up.
TEST(FixedPointMul, SchemesAgainstExactProduct) {
  Checker C;
  Inputs In(7);
  int Compared = 0;
  for (int I = 0; I < 1000000; ++I) {
    const int32_t X = In.value();
    const int32_t M0 =
        static_cast<int32_t>(TwoPow30 + (In.bits() & (TwoPow30 - 1)));
    const int N = In.shift(-31, 31);
    const int Total = 31 + N;
    const int64_t Prod = int64_t(X) * M0;
    const int64_t Floor = floorDivPow2(Prod, Total);
    if (Floor >= I32Max - 1 || Floor <= int64_t(I32Min) + 1)
      continue;
    if (N < 0 && refSatShl(X, -N) != int64_t(X) * (int64_t(1) << -N))
      continue;
    ++Compared;
    // Exact rounding half up: the floor, plus one if the fraction is >= 1/2.
    const int64_t Frac = Prod - Floor * (int64_t(1) << Total);
    const int64_t Nearest =
        Floor + (Total > 0 && Frac >= (int64_t(1) << (Total - 1)) ? 1 : 0);
    const int64_t Dbl = qcc_mul_double_round(X, M0, N);
    C.truth(Dbl >= Nearest - 1 && Dbl <= Nearest + 1,
            [&] { return describe("mul_double_round within 1", X, M0, N); });
    C.eq(int64_t(qcc_mul_single_round(X, M0, N)), Nearest,
         [&] { return describe("mul_single_round exact", X, M0, N); });
  }
  EXPECT_GT(Compared, 300000);
}

//===----------------------------------------------------------------------===//
// Requantization
//===----------------------------------------------------------------------===//

TEST(FixedPointRequantize, EdgeCrossProduct) {
  Checker C;
  const std::vector<int32_t> Zps = {I32Min, -128, -1, 0, 1, 127, 255, I32Max};
  const std::vector<std::pair<int32_t, int32_t>> Bounds = {
      {-128, 127}, {0, 255}, {-32768, 32767}, {I32Min, I32Max}, {-3, 7}};
  const int32_t Accs[] = {I32Min, I32Min + 1, -65536, -1000, -3,
                          -1,     0,          1,      3,     1000,
                          65536,  I32Max - 1, I32Max};
  for (int32_t Acc : Accs)
    for (int32_t M0 : multiplierMantissas())
      for (int N = -31; N <= 31; ++N)
        for (int32_t Zp : Zps)
          for (const auto &B : Bounds) {
            const int32_t Lo = B.first, Hi = B.second;
            for (int R : {QCC_ROUND_DOUBLE, QCC_ROUND_SINGLE})
              C.eq(qcc_requantize(Acc, M0, N, Zp, Lo, Hi, R),
                   refRequantize(Acc, M0, N, Zp, Lo, Hi, R), [&] {
                     return describe("requantize", Acc, M0, N, Zp, Lo, Hi, R);
                   });
          }
}

TEST(FixedPointRequantize, ZeroPointSaturationAndClamp) {
  for (int R : {QCC_ROUND_DOUBLE, QCC_ROUND_SINGLE}) {
    // Scaled value 2^30 plus zero point INT32_MAX saturates, not wraps.
    EXPECT_EQ(qcc_requantize(I32Max, TwoPow30, 0, I32Max, I32Min, I32Max, R),
              I32Max);
    EXPECT_EQ(qcc_requantize(I32Min, TwoPow30, 0, I32Min, I32Min, I32Max, R),
              I32Min);
    // A wrap would have produced a negative value and clamped to qmin.
    EXPECT_EQ(qcc_requantize(I32Max, TwoPow30, 0, I32Max, -128, 127, R), 127);
    EXPECT_EQ(qcc_requantize(I32Min, TwoPow30, 0, I32Min, 0, 255, R), 0);
    // Clamp bounds are inclusive.
    EXPECT_EQ(qcc_requantize(254, TwoPow30, -1, 1, 0, 255, R), 255);
    EXPECT_EQ(qcc_requantize(255, TwoPow30, -1, 1, 0, 255, R), 255);
    EXPECT_EQ(qcc_requantize(-129, TwoPow30, -1, 1, -128, 127, R), -128);
    EXPECT_EQ(qcc_requantize(-128, TwoPow30, -1, -1, -128, 127, R), -128);
    // Ordinary int8 path: 1000 * 0.1 + (-5).
    int32_t M0 = 0;
    int N = 0;
    ASSERT_EQ(qcc_quantize_multiplier(0.1, &M0, &N), 0);
    EXPECT_EQ(qcc_requantize(1000, M0, N, -5, -128, 127, R), 95);
    EXPECT_EQ(qcc_requantize(-1000, M0, N, -5, -128, 127, R), -105);
    EXPECT_EQ(qcc_requantize(5000, M0, N, -5, -128, 127, R), 127);
  }
  // Any rounding value other than QCC_ROUND_SINGLE means double rounding.
  EXPECT_EQ(qcc_requantize(1, 1932735283, 1, 0, -128, 127, 7), 1);
  EXPECT_EQ(qcc_requantize(1, 1932735283, 1, 0, -128, 127, QCC_ROUND_SINGLE),
            0);
}

TEST(FixedPointRequantize, Random) {
  Checker C;
  Inputs In(8);
  for (int I = 0; I < 500000; ++I) {
    const int32_t Acc = In.value(), M0 = In.mantissa(), Zp = In.value();
    const int N = In.shift(-31, 31);
    int32_t Lo = In.value(), Hi = In.value();
    if (Lo > Hi)
      std::swap(Lo, Hi);
    const int R = static_cast<int>(In.bits() & 1);
    C.eq(qcc_requantize(Acc, M0, N, Zp, Lo, Hi, R),
         refRequantize(Acc, M0, N, Zp, Lo, Hi, R),
         [&] { return describe("requantize", Acc, M0, N, Zp, Lo, Hi, R); });
  }
}

//===----------------------------------------------------------------------===//
// Real multiplier to (M0, n)
//===----------------------------------------------------------------------===//

struct Quantized {
  int Rc;
  int32_t M0;
  int N;
};

Quantized quantize(double M) {
  Quantized Q{-1, -1, -1};
  Q.Rc = qcc_quantize_multiplier(M, &Q.M0, &Q.N);
  return Q;
}

/// Checks the success contract for a multiplier that should be
/// representable: valid (M0, n), relative error at most 2^-31, and M0 the
/// nearest 31-bit mantissa (error at most half a unit of M0). Differences
/// are exact in double: the two values are within a factor 1 +- 2^-31 of
/// each other (Sterbenz), and the bounds are exact powers of two scalings.
void checkRepresentable(Checker &C, double M) {
  const Quantized Q = quantize(M);
  const auto D = [&](const char *What) {
    return [=] {
      std::ostringstream OS;
      OS.precision(17);
      OS << "quantize_multiplier(" << M << ") -> (" << Q.M0 << ", " << Q.N
         << "): " << What;
      return OS.str();
    };
  };
  C.truth(Q.Rc == 0, D("succeeds"));
  C.truth(Q.M0 >= TwoPow30 && Q.N >= -31 && Q.N <= 31, D("in range"));
  const double V = qcc_multiplier_value(Q.M0, Q.N);
  const double Err = std::fabs(V - M);
  C.truth(Err <= std::ldexp(M, -31), D("relative error <= 2^-31"));
  C.truth(2 * Err <= std::ldexp(1.0, -31 - Q.N), D("nearest mantissa"));
  C.truth((M >= 1.0) == (Q.N < 0), D("n < 0 exactly when m >= 1"));
}

TEST(FixedPointQuantizeMultiplier, ExactValues) {
  Quantized Q = quantize(1.0);
  EXPECT_EQ(Q.Rc, 0);
  EXPECT_EQ(Q.M0, TwoPow30);
  EXPECT_EQ(Q.N, -1);
  Q = quantize(0.5);
  EXPECT_EQ(Q.M0, TwoPow30);
  EXPECT_EQ(Q.N, 0);
  Q = quantize(0.75);
  EXPECT_EQ(Q.M0, 3 << 29);
  EXPECT_EQ(Q.N, 0);
  for (int K = -32; K <= 30; ++K) {
    const double M = std::ldexp(1.0, K);
    Q = quantize(M);
    EXPECT_EQ(Q.Rc, 0) << K;
    EXPECT_EQ(Q.M0, TwoPow30) << K;
    EXPECT_EQ(Q.N, -(K + 1)) << K;
    EXPECT_EQ(qcc_multiplier_value(Q.M0, Q.N), M) << K;
  }
  EXPECT_EQ(qcc_multiplier_value(0, 0), 0.0);
  EXPECT_EQ(qcc_multiplier_value(I32Max, -31), 2147483647.0);
  EXPECT_EQ(qcc_multiplier_value(TwoPow30, 31), std::ldexp(1.0, -32));
  EXPECT_EQ(qcc_multiplier_value(I32Max, 0), 1.0 - std::ldexp(1.0, -31));
}

TEST(FixedPointQuantizeMultiplier, MantissaRoundsUpToNextPowerOfTwo) {
  // 1 - 2^-33: q * 2^31 = 2^31 - 1/4 rounds to 2^31, renormalized.
  Quantized Q = quantize(1.0 - std::ldexp(1.0, -33));
  EXPECT_EQ(Q.Rc, 0);
  EXPECT_EQ(Q.M0, TwoPow30);
  EXPECT_EQ(Q.N, -1);
  // 1 - 2^-32: exactly halfway between 2^31 - 1 and 2^31; rounds up.
  Q = quantize(1.0 - std::ldexp(1.0, -32));
  EXPECT_EQ(Q.M0, TwoPow30);
  EXPECT_EQ(Q.N, -1);
  // 1 - 2^-31 is representable exactly.
  Q = quantize(1.0 - std::ldexp(1.0, -31));
  EXPECT_EQ(Q.M0, I32Max);
  EXPECT_EQ(Q.N, 0);
  // The same at the top of the range: 2^30 - 2^-3 becomes 2^30.
  Q = quantize(std::ldexp(1.0, 30) - 0.125);
  EXPECT_EQ(Q.Rc, 0);
  EXPECT_EQ(Q.M0, TwoPow30);
  EXPECT_EQ(Q.N, -31);
}

TEST(FixedPointQuantizeMultiplier, Sweep) {
  Checker C;
  // Geometric sweep over the whole representable range and beyond.
  // Below 2^-32 the zero multiplier is expected, except from the cutoff
  // 2^-32 - 2^-64 up, which rounds to 2^-32 (see ZeroMultiplierCutoff).
  const double Smallest = std::ldexp(1.0, -32);
  const double Cutoff = Smallest - std::ldexp(1.0, -64);
  int Zero = 0, NonZero = 0;
  for (double M = std::ldexp(1.0, -40); M <= std::ldexp(1.0, 30); M *= 1.0001) {
    if (M >= Smallest) {
      ++NonZero;
      checkRepresentable(C, M);
      continue;
    }
    ++Zero;
    const Quantized Q = quantize(M);
    const bool Ok = M < Cutoff ? Q.Rc == 0 && Q.M0 == 0 && Q.N == 0
                               : Q.Rc == 0 && Q.M0 == TwoPow30 && Q.N == 31;
    C.truth(Ok, [&] { return describe("tiny quantize_multiplier", M); });
  }
  EXPECT_GT(Zero, 50000);
  EXPECT_GT(NonZero, 400000);
  // Random mantissas at every binary exponent.
  Inputs In(9);
  for (int I = 0; I < 300000; ++I) {
    const uint64_t Mant = (uint64_t(In.bits()) << 32 | In.bits()) >> 11;
    const double Q = std::ldexp(static_cast<double>(Mant | (uint64_t(1) << 52)),
                                -53); // [0.5, 1)
    const double M = std::ldexp(Q, In.shift(-31, 31));
    checkRepresentable(C, M);
  }
}

TEST(FixedPointQuantizeMultiplier, ZeroMultiplierCutoff) {
  // Below 2^-32 - 2^-64 the zero multiplier is returned, successfully.
  const double Cutoff = std::ldexp(1.0, -32) - std::ldexp(1.0, -64);
  for (double M : {std::nextafter(Cutoff, 0.0), std::ldexp(1.0, -33),
                   0.75 * std::ldexp(1.0, -32), std::ldexp(1.0, -40),
                   std::ldexp(1.0, -1000), DBL_MIN,
                   std::numeric_limits<double>::denorm_min()}) {
    const Quantized Q = quantize(M);
    EXPECT_EQ(Q.Rc, 0) << M;
    EXPECT_EQ(Q.M0, 0) << M;
    EXPECT_EQ(Q.N, 0) << M;
    // The justification: even INT32_MIN * m is below 1/2 in magnitude.
    EXPECT_LT(std::ldexp(M, 31), 0.5) << M;
  }
  // From the cutoff up to 2^-32, m rounds up to the smallest multiplier.
  for (double M : {Cutoff, std::nextafter(std::ldexp(1.0, -32), 0.0),
                   std::ldexp(1.0, -32)}) {
    const Quantized Q = quantize(M);
    EXPECT_EQ(Q.Rc, 0) << M;
    EXPECT_EQ(Q.M0, TwoPow30) << M;
    EXPECT_EQ(Q.N, 31) << M;
  }
  // Just above 2^-32 the mantissa is no longer 2^30.
  const Quantized Q =
      quantize(std::ldexp(1.0, -32) * (1 + std::ldexp(1.0, -30)));
  EXPECT_EQ(Q.Rc, 0);
  EXPECT_EQ(Q.M0, TwoPow30 + 1);
  EXPECT_EQ(Q.N, 31);
}

TEST(FixedPointQuantizeMultiplier, Errors) {
  const double Inf = std::numeric_limits<double>::infinity();
  for (double M :
       {0.0, -0.0, -1.0, -DBL_MIN, -Inf, Inf,
        std::numeric_limits<double>::quiet_NaN(), std::ldexp(1.0, 31),
        std::ldexp(1.0, 31) - 0.5, std::ldexp(1.0, 40), DBL_MAX}) {
    int32_t M0 = 123;
    int N = 456;
    EXPECT_NE(qcc_quantize_multiplier(M, &M0, &N), 0) << M;
    EXPECT_EQ(M0, 0) << M;
    EXPECT_EQ(N, 0) << M;
  }
  // The largest representable multipliers.
  for (double M : {std::ldexp(1.0, 31) - 1.0,
                   std::nextafter(std::ldexp(1.0, 31) - 0.5, 0.0)}) {
    const Quantized Q = quantize(M);
    EXPECT_EQ(Q.Rc, 0) << M;
    EXPECT_EQ(Q.M0, I32Max) << M;
    EXPECT_EQ(Q.N, -31) << M;
  }
}

} // namespace

//===----------------------------------------------------------------------===//
// Rounding dispatch and rounding division
//===----------------------------------------------------------------------===//

TEST(FixedPointMul, DispatchesOnRounding) {
  Checker C;
  Inputs In(11);
  for (int I = 0; I < 200000; ++I) {
    const int32_t X = In.value(), M0 = In.mantissa();
    const int N = static_cast<int>(In.bits() % 63) - 31;
    C.eq(qcc_mul(X, M0, N, QCC_ROUND_DOUBLE), refDouble(X, M0, N),
         [&] { return describe("mul double", X, M0, N); });
    C.eq(qcc_mul(X, M0, N, QCC_ROUND_SINGLE), refSingle(X, M0, N),
         [&] { return describe("mul single", X, M0, N); });
  }
}

/// x / d rounded half away from zero, computed with long double (exact for
/// these magnitudes: 64-bit mantissa).
int32_t refRoundingDivide(int32_t X, int32_t D) {
  const long double Q = static_cast<long double>(X) / D;
  return static_cast<int32_t>(std::llround(Q));
}

TEST(FixedPointRoundingDivide, TiesAndEdges) {
  EXPECT_EQ(qcc_rounding_divide(5, 2), 3);   // 2.5 -> 3
  EXPECT_EQ(qcc_rounding_divide(-5, 2), -3); // -2.5 -> -3
  EXPECT_EQ(qcc_rounding_divide(7, 4), 2);   // 1.75 -> 2
  EXPECT_EQ(qcc_rounding_divide(-7, 4), -2);
  EXPECT_EQ(qcc_rounding_divide(1, 3), 0);
  EXPECT_EQ(qcc_rounding_divide(I32Min, 1), I32Min);
  EXPECT_EQ(qcc_rounding_divide(I32Max, 1), I32Max);
  EXPECT_EQ(qcc_rounding_divide(I32Min, 2), I32Min / 2);
  EXPECT_EQ(qcc_rounding_divide(9, 0), 0);
  Checker C;
  std::vector<int32_t> Xs = edgeValues();
  for (int32_t X : Xs)
    for (int32_t D : {1, 2, 3, 4, 9, 49, 255, 65535, I32Max})
      C.eq(qcc_rounding_divide(X, D), refRoundingDivide(X, D),
           [&] { return describe("rounding_divide", X, D); });
  Inputs In(12);
  for (int I = 0; I < 300000; ++I) {
    const int32_t X = In.value();
    const int32_t D = static_cast<int32_t>((In.value() & 0xFFFF) + 1);
    C.eq(qcc_rounding_divide(X, D), refRoundingDivide(X, D),
         [&] { return describe("rounding_divide", X, D); });
  }
}
