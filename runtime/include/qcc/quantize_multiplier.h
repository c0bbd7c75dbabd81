//===- qcc/quantize_multiplier.h - Real to fixed-point multiplier -*- C -*-===//
//
// This file converts a real multiplier into the (M0, n) fixed-point form
// documented in qcc/fixedpoint.h. It runs only at compile time (in qcc or in
// tools), never on the inference path, so it may use floating point and
// <math.h>; everything that must be bit-exact happens after this point on
// the integers it returns.
//
// The conversion is deterministic: frexp and ldexp are exact, and llround
// always rounds halfway cases away from zero regardless of the current
// floating-point rounding mode.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_QUANTIZE_MULTIPLIER_H
#define QCC_QUANTIZE_MULTIPLIER_H

#include <float.h>
#include <math.h>
#include <stdint.h>

/// Computes (M0, n) with M0 / 2^31 * 2^(-n) the value closest to m at 31
/// bits of precision: m = q * 2^e with q in [0.5, 1) (frexp), M0 =
/// round(q * 2^31) with halfway cases rounded up, n = -e. When the rounding
/// carries q up to 1.0, M0 becomes 2^30 and e grows by one, which keeps
/// M0 in [2^30, 2^31). The relative error |M - m| / m is at most 2^-31.
///
/// Returns 0 on success and nonzero when m is not a finite positive number
/// or is too large to represent (n would be below -31; this happens for
/// m >= 2^31 - 1/2, the largest representable multiplier being 2^31 - 1).
/// On failure *m0 and *n are set to 0.
///
/// Multipliers that would need n > 31 (m < 2^-32 - 2^-64) become the zero
/// multiplier M0 = 0, n = 0. That is exact, not an approximation: for every
/// int32 x, |x * m| < 2^31 * 2^-32 = 1/2, so the correctly rounded product is
/// 0, and no halfway case can arise. Values in [2^-32 - 2^-64, 2^-32) round
/// up to the representable 2^-32 = (2^30, 31) instead.
static inline int qcc_quantize_multiplier(double m, int32_t *m0, int *n) {
  double q;
  int e = 0;
  long long r;
  *m0 = 0;
  *n = 0;
  // Written so that NaN fails the first test.
  if (!(m > 0.0) || m > DBL_MAX)
    return 1;
  q = frexp(m, &e);
  // q * 2^31 is in [2^30, 2^31); after rounding it is in [2^30, 2^31].
  r = llround(ldexp(q, 31));
  if (r == ((long long)1 << 31)) {
    r = (long long)1 << 30;
    ++e;
  }
  if (e > 31)
    return 1;
  if (e < -31)
    return 0; // The zero multiplier, already stored.
  *m0 = (int32_t)r;
  *n = -e;
  return 0;
}

/// The exact real value M0 * 2^(-31 - n) represented by (m0, n); 0.0 for
/// the zero multiplier. Exact because m0 has at most 31 significant bits and
/// the exponent stays in the normal double range for n in [-31, 31].
static inline double qcc_multiplier_value(int32_t m0, int n) {
  return ldexp((double)m0, -31 - n);
}

#endif // QCC_QUANTIZE_MULTIPLIER_H
