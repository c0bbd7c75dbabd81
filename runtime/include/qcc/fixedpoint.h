//===- qcc/fixedpoint.h - Bit-exact integer fixed-point math ------*- C -*-===//
//
// This file is the single definition of the integer arithmetic that qcc's
// generated code, its reference interpreter and its runtime must agree on bit
// for bit. It follows the quantization scheme of Jacob et al. (2018) as used
// by gemmlowp and TFLite: a real multiplier is applied to an int32
// accumulator with fixed-point multiplies and rounding shifts, never with
// floating point.
//
// Everything here is C99, header-only and free of undefined behaviour for
// every argument value: no signed overflow, no left shift of a negative
// value, no shift by the operand width or more. Right shifts of negative
// values (implementation-defined in C99 and C++17) are avoided too, so the
// results do not depend on the compiler. Shift and exponent arguments outside
// their documented range are a caller bug; they are clamped into range only
// so that behaviour stays defined and identical everywhere.
//
// The functions are `static inline` (internal linkage) and use no C-only
// constructs, so the header can be included from C++ as-is.
//
//===----------------------------------------------------------------------===//
//
// Multiplier representation
// -------------------------
// A positive real multiplier M is represented by a pair (M0, n):
//
//   * M0 is an int32 in [2^30, 2^31), read as the Q0.31 fraction M0 / 2^31,
//     which therefore lies in [0.5, 1).
//   * n is an int in [-31, 31] counting a right shift; n < 0 means a left
//     shift by -n.
//
//   M ~= (M0 / 2^31) * 2^(-n),  i.e.  M ~= M0 * 2^(-31 - n).
//
// Representable magnitudes therefore span [2^-32, 2^31 - 1]. The pair
// (M0, n) == (0, 0) is the zero multiplier, used for 0 <= M < 2^-32: then
// |x * M| < 2^31 * 2^-32 = 1/2 for every int32 x, so the correctly rounded
// product is 0 and the zero multiplier is exact. See
// qcc/quantize_multiplier.h for the conversion from a real number.
//
// Any int32 value of M0 is computed without undefined behaviour, but only 0
// and [2^30, 2^31) are valid multipliers.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_FIXEDPOINT_H
#define QCC_FIXEDPOINT_H

#include <stdint.h>

/// Rounding schemes accepted by qcc_requantize.
enum {
  /// gemmlowp: a rounding doubling high multiply, then a rounding shift
  /// (two rounding steps).
  QCC_ROUND_DOUBLE = 0,
  /// TFLite's newer scheme: one 64-bit product rounded once.
  QCC_ROUND_SINGLE = 1
};

//===----------------------------------------------------------------------===//
// Internal helpers (not part of the interface)
//===----------------------------------------------------------------------===//

/// floor(v / 2^s) for s in [0, 63]. Shifting a negative value right is
/// implementation-defined, so negative inputs go through the one's
/// complement: for v < 0, ~v == -v - 1 >= 0 and ~(~v >> s) == floor(v / 2^s).
/// int64_t is two's complement by definition (C99 7.18.1.1), so ~ is exact.
/// GCC and Clang fold the whole expression into a single arithmetic shift.
static inline int64_t qcc_internal_floor_shr_s64(int64_t v, int s) {
  return v >= 0 ? (v >> s) : ~(~v >> s);
}

/// Clamps a shift count into [lo, hi]; used only to keep out-of-contract
/// arguments away from undefined shifts.
static inline int qcc_internal_clamp_int(int v, int lo, int hi) {
  return v < lo ? lo : (v > hi ? hi : v);
}

//===----------------------------------------------------------------------===//
// Saturation and clamping
//===----------------------------------------------------------------------===//

/// The int32 that v is congruent to modulo 2^32: the wrapping narrowing of
/// an accumulator summed in 64 bits, which equals summing in int32 with
/// two's-complement wrap-around (what vector code does). Written without
/// the implementation-defined conversion of an out-of-range value.
static inline int32_t qcc_wrap_s32(int64_t v) {
  uint32_t u = (uint32_t)v;
  return u <= 0x7fffffffu ? (int32_t)u : -(int32_t)(~u) - 1;
}

/// Saturates a 64-bit value to int32.
static inline int32_t qcc_sat_s32(int64_t x) {
  if (x < INT32_MIN)
    return INT32_MIN;
  if (x > INT32_MAX)
    return INT32_MAX;
  return (int32_t)x;
}

/// Saturates to int8 storage.
static inline int8_t qcc_sat_s8(int32_t x) {
  if (x < INT8_MIN)
    return INT8_MIN;
  if (x > INT8_MAX)
    return INT8_MAX;
  return (int8_t)x;
}

/// Saturates to uint8 storage.
static inline uint8_t qcc_sat_u8(int32_t x) {
  if (x < 0)
    return 0;
  if (x > UINT8_MAX)
    return UINT8_MAX;
  return (uint8_t)x;
}

/// Saturates to int16 storage.
static inline int16_t qcc_sat_s16(int32_t x) {
  if (x < INT16_MIN)
    return INT16_MIN;
  if (x > INT16_MAX)
    return INT16_MAX;
  return (int16_t)x;
}

/// Clamps x to [lo, hi]. Requires lo <= hi; otherwise the result is lo when
/// x < lo and hi otherwise (defined, but meaningless).
static inline int32_t qcc_clamp_s32(int32_t x, int32_t lo, int32_t hi) {
  if (x < lo)
    return lo;
  if (x > hi)
    return hi;
  return x;
}

/// a + b saturated to int32. The sum of two int32 values always fits in
/// int64, so no overflow can occur before saturating.
static inline int32_t qcc_sat_add_s32(int32_t a, int32_t b) {
  return qcc_sat_s32((int64_t)a + (int64_t)b);
}

//===----------------------------------------------------------------------===//
// Fixed-point primitives
//===----------------------------------------------------------------------===//

/// SaturatingRoundingDoublingHighMul: the high 32 bits of 2*a*b, rounded,
/// i.e. round(a * b / 2^31) with exact ties rounded toward +infinity. This
/// is what gemmlowp's nudge-and-truncate formulation and the ARM SQRDMULH
/// instruction compute. The one unrepresentable result,
/// INT32_MIN * INT32_MIN / 2^31 == 2^31, saturates to INT32_MAX.
static inline int32_t qcc_srdhm(int32_t a, int32_t b) {
  int64_t prod;
  if (a == INT32_MIN && b == INT32_MIN)
    return INT32_MAX;
  // |a * b| <= 2^62 and the +2^30 cannot overflow; without the case above
  // the rounded quotient lies in [-2^31 + 1, 2^31 - 1].
  prod = (int64_t)a * (int64_t)b;
  return (int32_t)qcc_internal_floor_shr_s64(prod + ((int64_t)1 << 30), 31);
}

/// RoundingDivideByPOT: x / 2^exponent rounded to nearest, ties away from
/// zero (gemmlowp's convention), for exponent in [0, 31]. exponent == 0
/// returns x unchanged.
static inline int32_t qcc_rdbpot(int32_t x, int exponent) {
  int64_t v, q, rem, half;
  int round_up;
  exponent = qcc_internal_clamp_int(exponent, 0, 31);
  if (exponent == 0)
    return x;
  // Work in int64 so that 2^31 and |INT32_MIN| are representable.
  v = x;
  q = qcc_internal_floor_shr_s64(v, exponent);
  rem = v - q * ((int64_t)1 << exponent); // in [0, 2^exponent)
  half = (int64_t)1 << (exponent - 1);
  // rem is measured from the floor, so a tie (rem == half) must go up for
  // non-negative x and stay at the floor (further from zero) for negative x.
  round_up = x >= 0 ? rem >= half : rem > half;
  // The result magnitude is at most 2^30 (exponent >= 1), so it fits.
  return (int32_t)(q + round_up);
}

/// x * 2^shift saturated to int32, for shift in [0, 31]. Done as an int64
/// multiply because left-shifting a negative value is undefined;
/// |x| * 2^31 <= 2^62 cannot overflow. Shifts above 31 are clamped to 31,
/// which is exact: every x other than 0 and -1 already saturates at 31, and
/// -1 * 2^31 == INT32_MIN is also the saturated value of any larger shift.
/// Negative shifts are treated as 0.
static inline int32_t qcc_sat_shl(int32_t x, int shift) {
  shift = qcc_internal_clamp_int(shift, 0, 31);
  return qcc_sat_s32((int64_t)x * ((int64_t)1 << shift));
}

//===----------------------------------------------------------------------===//
// Multiplying by a quantized multiplier (M0, n)
//===----------------------------------------------------------------------===//

/// x * M with gemmlowp's "double rounding": for n >= 0,
/// qcc_rdbpot(qcc_srdhm(x, m0), n); for n < 0,
/// qcc_srdhm(qcc_sat_shl(x, -n), m0). The result is within 1 of the exactly
/// rounded product whenever the left pre-shift does not saturate; when it
/// does, the result saturates there too (TFLite leaves that case undefined).
/// n is clamped to [-31, 31].
static inline int32_t qcc_mul_double_round(int32_t x, int32_t m0, int n) {
  n = qcc_internal_clamp_int(n, -31, 31);
  if (n >= 0)
    return qcc_rdbpot(qcc_srdhm(x, m0), n);
  return qcc_srdhm(qcc_sat_shl(x, -n), m0);
}

/// x * M with TFLite's "single rounding": with total = 31 + n in [0, 62],
/// (x * m0 + 2^(total - 1)) >> total as a flooring shift, i.e. the exact
/// product rounded to nearest with ties toward +infinity, saturated to
/// int32. There is no rounding term when total == 0. n is clamped to
/// [-31, 31].
static inline int32_t qcc_mul_single_round(int32_t x, int32_t m0, int n) {
  int total;
  int64_t prod;
  n = qcc_internal_clamp_int(n, -31, 31);
  total = 31 + n;
  // |x * m0| <= 2^62 and the rounding term is at most 2^61, so the sum stays
  // below 2^63 even for x == m0 == INT32_MIN.
  prod = (int64_t)x * (int64_t)m0;
  if (total > 0)
    prod += (int64_t)1 << (total - 1);
  return qcc_sat_s32(qcc_internal_floor_shr_s64(prod, total));
}

/// x * M with the given rounding scheme: QCC_ROUND_SINGLE, or
/// QCC_ROUND_DOUBLE for any other value.
static inline int32_t qcc_mul(int32_t x, int32_t m0, int n, int rounding) {
  return rounding == QCC_ROUND_SINGLE ? qcc_mul_single_round(x, m0, n)
                                      : qcc_mul_double_round(x, m0, n);
}

/// Requantizes an int32 accumulator: scales it by (m0, n) with the given
/// rounding scheme, adds zero_point with int32 saturation, then clamps to
/// [qmin, qmax]. The caller narrows the result to its storage type; with
/// [qmin, qmax] inside that type's range the narrowing is exact.
static inline int32_t qcc_requantize(int32_t acc, int32_t m0, int n,
                                     int32_t zero_point, int32_t qmin,
                                     int32_t qmax, int rounding) {
  int32_t scaled = qcc_mul(acc, m0, n, rounding);
  return qcc_clamp_s32(qcc_sat_add_s32(scaled, zero_point), qmin, qmax);
}

/// x / d rounded to nearest with ties away from zero, in 64 bits, for
/// d > 0 and |x| < 2^62 (a layer norm's scaled deviation over its standard
/// deviation). d <= 0 returns 0.
static inline int64_t qcc_rounding_divide_s64(int64_t x, int64_t d) {
  int64_t magnitude, q;
  if (d <= 0)
    return 0;
  magnitude = x < 0 ? -x : x;
  q = (magnitude + d / 2) / d;
  return x < 0 ? -q : q;
}

/// x / d rounded to nearest with ties away from zero, for d > 0 (the divisor
/// of an average pool: a window's element count). d <= 0 returns 0. The
/// quotient's magnitude is at most |x|, so it always fits int32.
static inline int32_t qcc_rounding_divide(int32_t x, int32_t d) {
  return (int32_t)qcc_rounding_divide_s64(x, d);
}

/// floor(sqrt(x)) for every uint64 x, bit by bit: exact, and the same on
/// every target (no floating point).
static inline uint64_t qcc_isqrt_u64(uint64_t x) {
  uint64_t result = 0, bit = (uint64_t)1 << 62;
  while (bit > x)
    bit >>= 2;
  while (bit != 0) {
    if (x >= result + bit) {
      x -= result + bit;
      result = (result >> 1) + bit;
    } else {
      result >>= 1;
    }
    bit >>= 2;
  }
  return result;
}

#endif // QCC_FIXEDPOINT_H
