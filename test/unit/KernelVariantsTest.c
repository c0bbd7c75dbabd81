/*===- KernelVariantsTest.c - vectorized kernels against portable ones -*- C -*-===//
//
// This file checks every vectorized kernel against the portable definition
// it replaces, bit for bit, on random shapes with ragged edges (depths,
// channel and row counts that are not multiples of 4 or 16, padding,
// strides, dilation, groups, nonzero weight zero points) and random output
// stages (both roundings, left and right shifts, shifts past ±31 that the
// definition clamps, multipliers of any size, biases that saturate). The
// AArch64 build runs under qemu-aarch64: with +dotprod and +i8mm on `-cpu
// max`, and without on `-cpu cortex-a72` (baseline NEON only), since
// GoogleTest has no AArch64 build here. The x86-64 builds (AVX-512 VNNI,
// which checks the AVX2 kernels too, and AVX2 alone) run on the host, and
// exit 77 (skipped) on a CPU without their features. Exit status 0 when
// all agree.
//
//===----------------------------------------------------------------------===*/

#include "qcc/fixedpoint.h"
#include "qcc/kernels.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__x86_64__) && defined(__AVX2__)
#include "../../runtime/kernels/gemm_x86.h"
#endif

static uint32_t state = 20261126u;

/* xorshift32: the same numbers on every machine. */
static int32_t range(int32_t lo, int32_t hi) {
  state ^= state << 13;
  state ^= state >> 17;
  state ^= state << 5;
  return lo + (int32_t)(state % (uint32_t)(hi - lo + 1));
}

static void fill(int8_t *p, int32_t n) {
  int32_t i;
  for (i = 0; i < n; ++i)
    p[i] = (int8_t)range(-128, 127);
}

enum { MAX = 1 << 18 };
static int8_t input[MAX], weights[MAX], packed[MAX], want[MAX], got[MAX];
static int8_t scratch[MAX];
static int32_t bias[256], multiplier[256], shift[256];

/* Random per-channel output stages: mostly what qcc emits (M0 in
 * [2^30, 2^31), shifts in [1, 20]); otherwise any shift in [-6, 35], any
 * non-negative multiplier, or biases large enough to saturate. */
static void random_stages(int32_t channels) {
  int32_t o, kind = range(0, 3);
  for (o = 0; o < channels; ++o) {
    bias[o] = range(-50000, 50000);
    multiplier[o] = range(1 << 30, 0x7fffffff);
    shift[o] = range(1, 20);
    if (kind == 1)
      shift[o] = range(-6, 35);
    if (kind == 2)
      multiplier[o] = range(0, 0x3fffffff) * 2 + range(0, 1);
    if (kind == 3)
      bias[o] = range(-0x3fffffff, 0x3fffffff) * 2;
  }
}

/* A random convolution of `groups` groups of `group_in` input and
 * `group_out` output channels: `kernel` 0 picks a random window size;
 * inputs up to `max_w` columns wide. */
static qcc_conv2d_desc random_conv(int32_t kernel, int32_t groups,
                                   int32_t group_in, int32_t group_out,
                                   int padded, int32_t max_w) {
  qcc_conv2d_desc d;
  int32_t bottom, right;
  memset(&d, 0, sizeof d);
  d.batch = range(1, 2);
  d.kernel_h = kernel ? kernel : range(1, 5);
  d.kernel_w = kernel ? kernel : range(1, 4);
  d.stride_h = range(1, 3);
  d.stride_w = range(1, 3);
  d.dilation_h = d.kernel_h > 1 ? range(1, 2) : 1;
  d.dilation_w = 1;
  d.pad_top = padded ? range(0, 2) : 0;
  d.pad_left = padded ? range(0, 2) : 0;
  bottom = padded ? range(0, 2) : 0;
  right = padded ? range(0, 2) : 0;
  d.groups = groups;
  d.in_c = groups * group_in;
  d.out_c = groups * group_out;
  d.in_h = range((d.kernel_h - 1) * d.dilation_h + 1, 9);
  d.in_w = range((d.kernel_w - 1) * d.dilation_w + 1, max_w);
  d.out_h = (d.in_h + d.pad_top + bottom - (d.kernel_h - 1) * d.dilation_h - 1) /
                d.stride_h + 1;
  d.out_w = (d.in_w + d.pad_left + right - (d.kernel_w - 1) * d.dilation_w - 1) /
                d.stride_w + 1;
  d.input_zero_point = range(-128, 127);
  d.weight_zero_point = range(0, 3) ? 0 : range(-9, 9);
  d.output_zero_point = range(-128, 127);
  d.output_min = range(-128, 0);
  d.output_max = range(0, 127);
  d.rounding = range(0, 1);
  if (d.batch * d.in_h * d.in_w * d.in_c > MAX ||
      d.batch * d.out_h * d.out_w * d.out_c > MAX) {
    printf("a random convolution outgrew the test's buffers\n");
    exit(2);
  }
  fill(input, d.batch * d.in_h * d.in_w * d.in_c);
  fill(weights, d.out_c * d.kernel_h * d.kernel_w * (d.in_c / d.groups));
  random_stages(d.out_c);
  return d;
}

/* Weights [channels][depth] in panels of 16 channels by groups of kr depth
 * values, each of `conv_groups` groups' channels in panels of their own,
 * each byte (padding too) xored with `xor` (qcc/kernels.h). */
static void pack_panels(int32_t channels, int32_t depth, int32_t kr,
                        int32_t xor, int32_t conv_groups) {
  const int32_t per_group = channels / conv_groups;
  const int32_t depth_groups = (depth + kr - 1) / kr;
  const int32_t group_size = (per_group + 15) / 16 * depth_groups * 16 * kr;
  int32_t size = conv_groups * group_size, o, k;
  memset(packed, 0, (size_t)size);
  for (o = 0; o < channels; ++o) {
    const int32_t c = o % per_group;
    int8_t *panel = packed + o / per_group * group_size +
                    c / 16 * depth_groups * 16 * kr;
    for (k = 0; k < depth; ++k)
      panel[((k / kr) * 16 + c % 16) * kr + k % kr] = weights[o * depth + k];
  }
  for (k = 0; k < size; ++k)
    packed[k] = (int8_t)(packed[k] ^ xor);
}

static int compare(const char *what, int trial, int32_t size) {
  int32_t i;
  for (i = 0; i < size; ++i)
    if (want[i] != got[i]) {
      printf("FAIL %s, trial %d: element %d is %d, the portable kernel gives %d\n",
             what, trial, (int)i, got[i], want[i]);
      return 1;
    }
  return 0;
}

static int32_t output_size(const qcc_conv2d_desc *d) {
  return d->batch * d->out_h * d->out_w * d->out_c;
}

/* The GEMM-shaped kernels of one vectorized variant, its panel depth,
 * whether it adds products of depth k and k + 8 in 16 bits, what its
 * weight bytes are xored with (qcc/kernels.h), and the rows of scratch its
 * KxK convolution takes (KernelInfo::scratchRows). */
typedef struct {
  const char *name;
  int32_t kr, narrow, weight_xor, scratch_rows;
  void (*conv)(const qcc_conv2d_desc *, const int8_t *, const int32_t *,
               const int32_t *, const int32_t *, const int8_t *, int8_t *,
               void *);
  void (*conv_1x1)(const qcc_conv2d_desc *, const int8_t *, const int32_t *,
                   const int32_t *, const int32_t *, const int8_t *, int8_t *);
  void (*fully_connected)(const qcc_fully_connected_desc *, const int8_t *,
                          const int32_t *, const int32_t *, const int32_t *,
                          const int8_t *, int8_t *);
} gemm_variant;

/* Weights [rows][depth] and inputs with many -128 (the products' extreme),
 * for a variant that pairs products never at both depth k and k + 8 of a
 * group of 16 in one row (what the lowering guarantees). */
static void pair_weights(const gemm_variant *v, int32_t rows, int32_t depth,
                         int32_t inputs) {
  int32_t i, k;
  for (i = 0; i < rows * depth; ++i)
    if (range(0, 3) == 0)
      weights[i] = -128;
  for (i = 0; i < inputs; ++i)
    if (range(0, 3) == 0)
      input[i] = -128;
  for (i = 0; v->narrow && i < rows; ++i)
    for (k = 0; k + 8 < depth; ++k)
      if (k % 16 < 8 && weights[i * depth + k] == -128 &&
          weights[i * depth + k + 8] == -128)
        weights[i * depth + k + 8] = -127;
}

/* A random KxK convolution of `groups` groups through `v` and the portable
 * kernel; the number that differ. */
static int check_conv(const gemm_variant *v, int32_t groups, int trial) {
  char what[64];
  const int32_t group_in = groups > 1 ? range(1, 12) : range(1, 40);
  const int32_t group_out = groups > 1 ? range(1, 20) : range(1, 37);
  qcc_conv2d_desc d = random_conv(0, groups, group_in, group_out, 1, 16);
  const int32_t depth = d.kernel_h * d.kernel_w * group_in;
  pair_weights(v, d.out_c, depth, d.batch * d.in_h * d.in_w * d.in_c);
  const int32_t scratch_size = v->scratch_rows * ((depth + 7) / 8 * 8);
  int32_t i, failed;
  pack_panels(d.out_c, depth, v->kr, v->weight_xor, groups);
  qcc_conv2d_s8(&d, weights, bias, multiplier, shift, input, want);
  memset(scratch, 0x5a, sizeof scratch);
  v->conv(&d, packed, bias, multiplier, shift, input, got, scratch);
  sprintf(what, groups > 1 ? "grouped conv2d %s" : "conv2d %s", v->name);
  failed = compare(what, trial, output_size(&d));
  /* The compiler allocates scratch_rows rows of the depth rounded up to 8. */
  for (i = scratch_size; i < MAX && !failed; ++i)
    if (scratch[i] != 0x5a) {
      printf("FAIL %s, trial %d: wrote scratch byte %d of %d\n", what, trial,
             (int)i, (int)scratch_size);
      failed = 1;
    }
  return failed;
}

/* A random KxK convolution, grouped one, 1x1 convolution and
 * fully-connected layer (deep rows) through `v` and the portable kernels;
 * the number that differ. */
static int check_gemms(const gemm_variant *v, int trial) {
  char what[64];
  qcc_fully_connected_desc f;
  int failed = check_conv(v, 1, trial);
  int32_t group_in, group_out;
  qcc_conv2d_desc d;
  failed += check_conv(v, range(2, 4), trial);
  group_in = range(1, 40);
  group_out = range(1, 37);
  d = random_conv(1, 1, group_in, group_out, 0, 16);
  pair_weights(v, d.out_c, d.in_c, d.batch * d.in_h * d.in_w * d.in_c);
  pack_panels(d.out_c, d.in_c, v->kr, v->weight_xor, 1);
  qcc_conv2d_1x1_s8(&d, weights, bias, multiplier, shift, input, want);
  v->conv_1x1(&d, packed, bias, multiplier, shift, input, got);
  sprintf(what, "conv2d 1x1 %s", v->name);
  failed += compare(what, trial, output_size(&d));
  f.rows = range(1, 9);
  f.depth = range(1, 700);
  f.cols = range(1, 37);
  f.input_zero_point = range(-128, 127);
  f.weight_zero_point = range(0, 3) ? 0 : range(-9, 9);
  f.output_zero_point = d.output_zero_point;
  f.output_min = d.output_min;
  f.output_max = d.output_max;
  f.rounding = d.rounding;
  fill(input, f.rows * f.depth);
  fill(weights, f.cols * f.depth);
  pair_weights(v, f.cols, f.depth, f.rows * f.depth);
  random_stages(f.cols);
  pack_panels(f.cols, f.depth, v->kr, v->weight_xor, 1);
  qcc_fully_connected_s8(&f, weights, bias, multiplier, shift, input, want);
  v->fully_connected(&f, packed, bias, multiplier, shift, input, got);
  sprintf(what, "fully connected %s", v->name);
  failed += compare(what, trial, f.rows * f.cols);
  return failed;
}

#if defined(__aarch64__)
static const gemm_variant neon = {"neon", 16, 1, 0, 4, qcc_conv2d_s8_neon,
                                  qcc_conv2d_1x1_s8_neon,
                                  qcc_fully_connected_s8_neon};
static const gemm_variant neon_wide = {"neon wide", 16, 0, 0, 4,
                                       qcc_conv2d_s8_neon_wide,
                                       qcc_conv2d_1x1_s8_neon_wide,
                                       qcc_fully_connected_s8_neon_wide};
#if defined(__ARM_FEATURE_DOTPROD)
static const gemm_variant dotprod = {"dotprod", 4, 0, 0, 4,
                                     qcc_conv2d_s8_dotprod,
                                     qcc_conv2d_1x1_s8_dotprod,
                                     qcc_fully_connected_s8_dotprod};
#endif
#if defined(__ARM_FEATURE_MATMUL_INT8)
/* The +i8mm 1x1 and fully-connected kernels take scratch for packed rows. */
static void conv_1x1_i8mm(const qcc_conv2d_desc *d, const int8_t *w,
                          const int32_t *b, const int32_t *m, const int32_t *s,
                          const int8_t *in, int8_t *out) {
  qcc_conv2d_1x1_s8_i8mm(d, w, b, m, s, in, out, scratch);
}
static void fully_connected_i8mm(const qcc_fully_connected_desc *d,
                                 const int8_t *w, const int32_t *b,
                                 const int32_t *m, const int32_t *s,
                                 const int8_t *in, int8_t *out) {
  qcc_fully_connected_s8_i8mm(d, w, b, m, s, in, out, scratch);
}
static const gemm_variant i8mm = {"i8mm", 8, 0, 0, 8, qcc_conv2d_s8_i8mm,
                                  conv_1x1_i8mm, fully_connected_i8mm};
#endif
#endif
#if defined(__x86_64__) && defined(__AVX2__)
static const gemm_variant avx2 = {"avx2", 4, 0, 0, 4, qcc_conv2d_s8_avx2,
                                  qcc_conv2d_1x1_s8_avx2,
                                  qcc_fully_connected_s8_avx2};
#endif
#if defined(__AVX512VNNI__)
static const gemm_variant vnni = {"avx512vnni", 4, 0, 0x80, 4,
                                  qcc_conv2d_s8_avx512vnni,
                                  qcc_conv2d_1x1_s8_avx512vnni,
                                  qcc_fully_connected_s8_avx512vnni};
#endif

typedef void add_fn(const qcc_add_desc *, const int8_t *, const int8_t *,
                    int8_t *);

/* A random broadcast walk of rank 1 to 4 with an innermost dimension of up
 * to 70: same-shape operands, or one or both broadcast along random
 * dimensions (a scalar, a per-channel vector, a row, ...), each operand
 * stored densely; the element count. */
static int32_t random_shape(qcc_broadcast_desc *s) {
  int32_t d, count = 1, lhs_size = 1, rhs_size = 1;
  const int kind = range(0, 4);
  memset(s, 0, sizeof *s);
  s->rank = range(1, 4);
  for (d = s->rank - 1; d >= 0; --d) {
    const int lhs_broadcast = kind == 1 && range(0, 1);
    const int rhs_broadcast = kind == 4 || (kind >= 2 && range(0, 1));
    s->dims[d] = range(1, d == s->rank - 1 ? 70 : 5);
    s->lhs_strides[d] = lhs_broadcast ? 0 : lhs_size;
    s->rhs_strides[d] = rhs_broadcast ? 0 : rhs_size;
    lhs_size *= lhs_broadcast ? 1 : s->dims[d];
    rhs_size *= rhs_broadcast ? 1 : s->dims[d];
    count *= s->dims[d];
  }
  fill(input, lhs_size);
  fill(weights, rhs_size);
  return count;
}

/* A random per-tensor output stage: mostly qcc's (right shifts, double
 * rounding), also any shift and single rounding. */
static qcc_requant_desc random_requant(void) {
  qcc_requant_desc r;
  r.multiplier = range(1 << 30, 0x7fffffff);
  r.shift = range(0, 3) ? range(1, 31) : range(-4, 34);
  r.zero_point = range(-128, 127);
  r.min = range(-128, 0);
  r.max = range(0, 127);
  r.rounding = range(0, 2) ? QCC_ROUND_DOUBLE : QCC_ROUND_SINGLE;
  return r;
}

/* A random add through `fn` and qcc_add_s8; the number that differ. */
static int check_add(const char *name, add_fn *fn, int trial) {
  char what[64];
  qcc_add_desc a;
  int32_t count, kind;
  memset(&a, 0, sizeof a);
  count = random_shape(&a.shape);
  a.lhs_zero_point = range(-128, 127);
  a.rhs_zero_point = range(-128, 127);
  /* Mostly qcc's (about 20), also small ones, where an operand one off
   * shows in the output, and any. */
  kind = range(0, 3);
  a.left_shift = kind < 2 ? range(18, 23) : kind == 2 ? range(0, 3)
                                                       : range(-2, 33);
  a.lhs_multiplier = range(1 << 30, 0x7fffffff);
  a.rhs_multiplier = range(1 << 30, 0x7fffffff);
  a.lhs_shift = range(0, 3) ? range(0, 31) : range(-4, 34);
  a.rhs_shift = range(0, 3) ? range(0, 31) : range(-4, 34);
  a.out = random_requant();
  qcc_add_s8(&a, input, weights, want);
  fn(&a, input, weights, got);
  sprintf(what, "add %s", name);
  return compare(what, trial, count);
}

typedef void mul_fn(const qcc_mul_desc *, const int8_t *, const int8_t *,
                    int8_t *);

/* A random mul through `fn` and qcc_mul_s8; the number that differ. */
static int check_mul(const char *name, mul_fn *fn, int trial) {
  char what[64];
  qcc_mul_desc m;
  int32_t count;
  memset(&m, 0, sizeof m);
  count = random_shape(&m.shape);
  m.lhs_zero_point = range(-128, 127);
  m.rhs_zero_point = range(-128, 127);
  m.out = random_requant();
  /* Products up to 255² = 2^16: scales that use the whole int8 range. */
  m.out.shift = range(0, 3) ? range(7, 16) : m.out.shift;
  qcc_mul_s8(&m, input, weights, want);
  fn(&m, input, weights, got);
  sprintf(what, "mul %s", name);
  return compare(what, trial, count);
}

typedef void requantize_fn(const qcc_requantize_desc *, const int8_t *,
                           int8_t *);
typedef void lookup_fn(const qcc_count_desc *, const int8_t *, const int8_t *,
                       int8_t *);

/* A random requantize and (unless `lookup` is null) a random table lookup
 * of up to 300 elements through `requantize` and `lookup` and the portable
 * kernels; the number that differ. */
static int check_unary(const char *name, requantize_fn *requantize,
                       lookup_fn *lookup, int trial) {
  char what[64];
  qcc_requantize_desc r;
  qcc_count_desc c;
  int failed = 0;
  r.count = range(0, 300);
  r.input_zero_point = range(-128, 127);
  r.out = random_requant();
  r.out.shift = range(0, 3) ? range(-1, 8) : r.out.shift;
  fill(input, r.count);
  qcc_requantize_s8(&r, input, want);
  requantize(&r, input, got);
  sprintf(what, "requantize %s", name);
  failed += compare(what, trial, r.count);
  if (!lookup)
    return failed;
  c.count = range(0, 300);
  fill(input, c.count);
  fill(weights, 256);
  qcc_lookup_s8(&c, weights, input, want);
  lookup(&c, weights, input, got);
  sprintf(what, "lookup %s", name);
  return failed + compare(what, trial, c.count);
}

typedef void matmul_fn(const qcc_matmul_desc *, const int8_t *,
                       const int8_t *, int8_t *);

/* A random batched matmul (up to 3 products, the lhs shared by all of them
 * or not; up to 11 rows, depth 1 to 70, 1 to 50 columns) through `fn` and
 * qcc_matmul_s8; the number that differ. */
static int check_matmul(const char *name, matmul_fn *fn, int trial) {
  char what[64];
  qcc_matmul_desc m;
  m.batch = range(1, 3);
  m.m = range(1, 11);
  m.k = range(1, 70);
  m.n = range(1, 50);
  m.lhs_batch_stride = range(0, 1) ? m.m * m.k : 0;
  m.rhs_batch_stride = m.k * m.n;
  /* Z_a = 0 and -128 take paths of their own in the SMMLA variant */
  m.lhs_zero_point = range(0, 3);
  m.lhs_zero_point = m.lhs_zero_point == 0   ? 0
                     : m.lhs_zero_point == 1 ? -128
                                             : range(-128, 127);
  m.rhs_zero_point = range(-128, 127);
  m.out = random_requant();
  m.out.shift = range(0, 3) ? range(8, 20) : m.out.shift;
  fill(input, m.batch * m.m * m.k);
  fill(weights, m.batch * m.k * m.n);
  qcc_matmul_s8(&m, input, weights, want);
  fn(&m, input, weights, got);
  sprintf(what, "matmul %s", name);
  return compare(what, trial, m.batch * m.m * m.n);
}

typedef void pool_fn(const qcc_pool_desc *, const int8_t *, int8_t *);
typedef void global_pool_fn(const qcc_global_avg_pool_desc *, const int8_t *,
                            int8_t *);

/* Random inputs of `size`: random, or all at one end of int8, where the
 * average pools' int16 sums come closest to overflowing. */
static void fill_extreme(int8_t *p, int32_t size) {
  const int kind = range(0, 3);
  if (kind == 0)
    memset(p, -128, (size_t)size);
  else if (kind == 1)
    memset(p, 127, (size_t)size);
  else
    fill(p, size);
}

/* A random max pool, average pool (1 to 150 channels; windows up to 4x4
 * with padding and strides, larger than the input or, past a padding as
 * large as the window, empty; or rows of more than 256 positions) and
 * global average pool (planes of 1 to 600) through the variants and the
 * portable kernels; the number that differ. */
static int check_pools(const char *name, pool_fn *max_pool,
                       pool_fn *avg_pool, global_pool_fn *global_avg_pool,
                       int trial) {
  char what[64];
  qcc_pool_desc d;
  qcc_global_avg_pool_desc g;
  int32_t bottom, right, size, failed = 0;
  memset(&d, 0, sizeof d);
  do { /* until input and output fit the test's buffers */
    d.batch = range(1, 2);
    d.channels = range(1, 150);
    if (range(0, 7)) {
      d.kernel_h = range(1, 4);
      d.kernel_w = range(1, 4);
      d.in_h = range(1, 12);
      d.in_w = range(1, 12);
    } else { /* one window row of more than 256 positions */
      d.channels = range(1, 70);
      d.kernel_h = 1;
      d.kernel_w = range(257, 600);
      d.in_h = range(1, 2);
      d.in_w = range(d.kernel_w, 600);
    }
    d.stride_h = range(1, 3);
    d.stride_w = range(1, 3);
    d.pad_top = range(0, d.kernel_h);
    d.pad_left = range(0, d.kernel_w);
    bottom = range(0, d.kernel_h);
    right = range(0, d.kernel_w);
    /* at least one window */
    if (d.in_h + d.pad_top + bottom < d.kernel_h)
      bottom = d.kernel_h - d.in_h - d.pad_top;
    if (d.in_w + d.pad_left + right < d.kernel_w)
      right = d.kernel_w - d.in_w - d.pad_left;
    d.out_h = (d.in_h + d.pad_top + bottom - d.kernel_h) / d.stride_h + 1;
    d.out_w = (d.in_w + d.pad_left + right - d.kernel_w) / d.stride_w + 1;
  } while (d.batch * d.in_h * d.in_w * d.channels > MAX ||
           d.batch * d.out_h * d.out_w * d.channels > MAX);
  d.count_include_pad = range(0, 1);
  d.input_zero_point = range(-128, 127);
  d.out = random_requant();
  size = d.batch * d.out_h * d.out_w * d.channels;
  fill_extreme(input, d.batch * d.in_h * d.in_w * d.channels);
  qcc_max_pool_s8(&d, input, want);
  max_pool(&d, input, got);
  sprintf(what, "max pool %s", name);
  failed += compare(what, trial, size);
  qcc_avg_pool_s8(&d, input, want);
  avg_pool(&d, input, got);
  sprintf(what, "average pool %s", name);
  failed += compare(what, trial, size);

  g.batch = range(1, 2);
  g.plane = range(0, 1) ? range(1, 64) : range(1, 600);
  g.channels = range(1, 150);
  g.input_zero_point = range(-128, 127);
  g.out = random_requant();
  fill_extreme(input, g.batch * g.plane * g.channels);
  qcc_global_avg_pool_s8(&g, input, want);
  global_avg_pool(&g, input, got);
  sprintf(what, "global average pool %s", name);
  return failed + compare(what, trial, g.batch * g.channels);
}

typedef void concat_fn(const qcc_concat_desc *, const int8_t *, int8_t *);

/* One random input of a concatenation (1 to 5 blocks of 1 to 100, between
 * others' elements; copied or requantized) through `fn` and qcc_concat_s8
 * into the same prefilled output; the number that differ. */
static int check_concat(const char *name, concat_fn *fn, int trial) {
  char what[64];
  qcc_concat_desc c;
  int32_t size;
  c.outer = range(1, 5);
  c.inner = range(1, 100);
  c.offset = range(0, 20);
  c.output_stride = c.inner + c.offset + range(0, 20);
  c.identity = range(0, 3) == 0;
  c.input_zero_point = range(-128, 127);
  c.out = random_requant();
  size = c.outer * c.output_stride;
  fill(input, c.outer * c.inner);
  fill(want, size);
  memcpy(got, want, (size_t)size);
  qcc_concat_s8(&c, input, want);
  fn(&c, input, got);
  sprintf(what, "concat %s", name);
  return compare(what, trial, size);
}

typedef void layer_norm_fn(const qcc_layer_norm_desc *, const int8_t *,
                           const int32_t *, const int32_t *, const int32_t *,
                           const int8_t *, int8_t *);

/* A random layer normalization (1 to 5 rows of 1 to 100; inputs spread or
 * nearly constant, so that divisors run from 1 to large; epsilon 0, small
 * or past 2^32) through `fn` and qcc_layer_norm_s8; the number that
 * differ. */
static int check_layer_norm(const char *name, layer_norm_fn *fn, int trial) {
  char what[64];
  qcc_layer_norm_desc n;
  int8_t signs[256];
  int32_t i, count;
  n.rows = range(1, 5);
  n.length = range(1, 100);
  n.input_zero_point = range(-128, 127);
  n.epsilon_lo = range(0, 2) ? range(0, 1000) : range(-0x7fffffff, 0x7fffffff);
  n.epsilon_hi = range(0, 3) ? 0 : range(0, 1000);
  n.output_zero_point = range(-128, 127);
  n.output_min = range(-128, 0);
  n.output_max = range(0, 127);
  n.rounding = range(0, 2) ? QCC_ROUND_DOUBLE : QCC_ROUND_SINGLE;
  count = n.rows * n.length;
  fill(input, count);
  if (range(0, 2) == 0) /* nearly constant rows: small divisors */
    for (i = 0; i < count; ++i)
      input[i] = (int8_t)(n.input_zero_point + range(-1, 1));
  random_stages(n.length);
  for (i = 0; i < n.length; ++i) {
    signs[i] = (int8_t)(range(0, 1) ? 1 : -1);
    shift[i] = range(0, 3) ? range(10, 20) : shift[i];
  }
  qcc_layer_norm_s8(&n, signs, bias, multiplier, shift, input, want);
  fn(&n, signs, bias, multiplier, shift, input, got);
  sprintf(what, "layer norm %s", name);
  return compare(what, trial, count);
}

typedef void softmax_fn(const qcc_softmax_desc *, const int32_t *,
                        const int8_t *, int8_t *);

/* A random softmax (1 to 5 rows of 1 to 100) through `fn` and
 * qcc_softmax_s8, with an exp table that falls by a random rate from 2^16
 * at index 255, or random non-negative entries up to INT32_MAX, or one
 * negative entry (the portable path); the number that differ. */
static int check_softmax(const char *name, softmax_fn *fn, int trial) {
  char what[64];
  qcc_softmax_desc m;
  int32_t table[256], i, count;
  const int kind = range(0, 4), rate = range(1, 64);
  for (i = 0; i < 256; ++i) {
    const int32_t steps = (255 - i) * rate / 16;
    table[i] = kind == 0   ? range(0, 0x7fffffff)
               : steps > 30 ? 0
                            : (1 << 16) >> (steps > 16 ? 16 : steps);
  }
  if (kind == 1)
    table[range(0, 255)] = -range(1, 1000);
  m.rows = range(1, 5);
  m.row_length = range(1, 100);
  m.output_min = range(-128, 0);
  m.output_max = range(m.output_min, 127);
  count = m.rows * m.row_length;
  fill(input, count);
  qcc_softmax_s8(&m, table, input, want);
  fn(&m, table, input, got);
  sprintf(what, "softmax %s", name);
  return compare(what, trial, count);
}

#if defined(__x86_64__) && defined(__AVX2__)
/* The x86 scaling (at this build's vector width) at the edges random stages
 * do not reach: INT32_MIN times INT32_MIN (qcc_srdhm's saturating case,
 * for shifts of at least 1 as its callers guarantee), INT32_MAX, and every
 * shift in [0, 31]; the number of lanes that differ from
 * qcc_mul_double_round. */
static int check_x86_scale_edges(void) {
  int32_t x[16], m[16], n[16], got_lanes[16], i, s;
  int failed = 0;
  for (s = 0; s <= 31; ++s) {
    qcc_v16_scaler scaler;
    for (i = 0; i < 16; ++i) {
      x[i] = i < 6 ? INT32_MIN : i < 10 ? INT32_MAX : -(i << (i + 10));
      m[i] = i % 3 ? INT32_MIN : i % 2 ? INT32_MAX : range(1, 0x7fffffff);
      if (s == 0 && x[i] == INT32_MIN && m[i] == INT32_MIN)
        x[i] = INT32_MIN + 1;
      n[i] = s;
    }
    scaler = qcc_v16_scaler_make(qcc_v16_load(m), qcc_v16_load(n), s == 0);
    qcc_v16_store(got_lanes, qcc_v16_scale(qcc_v16_load(x), &scaler));
    for (i = 0; i < 16; ++i)
      if (got_lanes[i] != qcc_mul_double_round(x[i], m[i], s)) {
        printf("FAIL x86 scale: %d·%d >> %d is %d\n", x[i], m[i], s,
               got_lanes[i]);
        ++failed;
      }
  }
  return failed;
}
#endif

typedef void depthwise_fn(const qcc_conv2d_desc *, const int8_t *,
                          const int32_t *, const int32_t *, const int32_t *,
                          const int8_t *, int8_t *);

/* Random depthwise convolutions through `fn` and the portable kernel: any
 * window, and 3x3 (the variants' special case), multiplier 1 (vectorized,
 * with a ragged channel tail) and 2 (the portable path inside the
 * variant); the number that differ. */
static int check_depthwise(const char *name, depthwise_fn *fn, int trial) {
  char what[64];
  int kernel, failed = 0;
  sprintf(what, "depthwise %s", name);
  for (kernel = 0; kernel <= 3; kernel += 3) {
    const int32_t groups = range(2, 48), depth_multiplier = range(1, 2);
    /* Wide rows (70 columns) span several of the x86 3x3 path's strips. */
    const int32_t max_w = range(0, 2) ? 16 : 70;
    qcc_conv2d_desc d =
        random_conv(kernel, groups, 1, depth_multiplier, 1, max_w);
    int32_t window, o, k;
    window = d.kernel_h * d.kernel_w;
    for (o = 0; o < d.out_c; ++o) /* OHWI -> [kh][kw][out_c] */
      for (k = 0; k < window; ++k)
        packed[k * d.out_c + o] = weights[o * window + k];
    qcc_depthwise_conv2d_s8(&d, packed, bias, multiplier, shift, input, want);
    fn(&d, packed, bias, multiplier, shift, input, got);
    failed += compare(what, trial, output_size(&d));
  }
  return failed;
}

int main(void) {
  int trial, failures = 0, checks = 0;
#if defined(__AVX512VNNI__)
  if (!__builtin_cpu_supports("avx512vnni") ||
      !__builtin_cpu_supports("avx512bw") ||
      !__builtin_cpu_supports("avx512dq") ||
      !__builtin_cpu_supports("avx512vl")) {
    printf("skipped: this CPU has no AVX-512 VNNI, BW, DQ or VL\n");
    return 77;
  }
#elif defined(__x86_64__) && defined(__AVX2__)
  if (!__builtin_cpu_supports("avx2")) {
    printf("skipped: this CPU has no AVX2\n");
    return 77;
  }
#endif
#if defined(__x86_64__) && defined(__AVX2__)
  failures += check_x86_scale_edges();
  ++checks;
#endif
  for (trial = 0; trial < 300; ++trial) {
#if defined(__aarch64__)
    failures += check_depthwise("neon", qcc_depthwise_conv2d_s8_neon, trial);
    failures += check_gemms(&neon, trial);
    failures += check_gemms(&neon_wide, trial);
    failures += check_add("neon", qcc_add_s8_neon, trial);
    failures += check_mul("neon", qcc_mul_s8_neon, trial);
    failures += check_matmul("neon", qcc_matmul_s8_neon, trial);
    failures += check_layer_norm("neon", qcc_layer_norm_s8_neon, trial);
    failures += check_softmax("neon", qcc_softmax_s8_neon, trial);
    failures += check_unary("neon", qcc_requantize_s8_neon, qcc_lookup_s8_neon,
                            trial);
    failures += check_pools("neon", qcc_max_pool_s8_neon, qcc_avg_pool_s8_neon,
                            qcc_global_avg_pool_s8_neon, trial);
    failures += check_concat("neon", qcc_concat_s8_neon, trial);
    checks += 21;
#if defined(__ARM_FEATURE_DOTPROD)
    failures += check_gemms(&dotprod, trial);
    failures += check_matmul("dotprod", qcc_matmul_s8_dotprod, trial);
    checks += 5;
#endif
#if defined(__ARM_FEATURE_MATMUL_INT8)
    failures += check_gemms(&i8mm, trial);
    failures += check_matmul("i8mm", qcc_matmul_s8_i8mm, trial);
    checks += 5;
#endif
#endif
#if defined(__x86_64__) && defined(__AVX2__)
    failures += check_depthwise("avx2", qcc_depthwise_conv2d_s8_avx2, trial);
    failures += check_add("avx2", qcc_add_s8_avx2, trial);
    failures += check_mul("avx2", qcc_mul_s8_avx2, trial);
    failures += check_matmul("avx2", qcc_matmul_s8_avx2, trial);
    failures += check_layer_norm("avx2", qcc_layer_norm_s8_avx2, trial);
    failures += check_softmax("avx2", qcc_softmax_s8_avx2, trial);
    failures += check_unary("avx2", qcc_requantize_s8_avx2, NULL, trial);
    failures += check_pools("avx2", qcc_max_pool_s8_avx2, qcc_avg_pool_s8_avx2,
                            qcc_global_avg_pool_s8_avx2, trial);
    failures += check_concat("avx2", qcc_concat_s8_avx2, trial);
    failures += check_gemms(&avx2, trial);
    checks += 17;
#endif
#if defined(__AVX512VNNI__)
    failures += check_depthwise("avx512", qcc_depthwise_conv2d_s8_avx512,
                                trial);
    failures += check_add("avx512", qcc_add_s8_avx512, trial);
    failures += check_mul("avx512", qcc_mul_s8_avx512, trial);
    failures += check_matmul("avx512", qcc_matmul_s8_avx512, trial);
    failures += check_layer_norm("avx512", qcc_layer_norm_s8_avx512, trial);
    failures += check_softmax("avx512", qcc_softmax_s8_avx512, trial);
    failures += check_unary("avx512", qcc_requantize_s8_avx512, NULL, trial);
    failures += check_pools("avx512", qcc_max_pool_s8_avx512,
                            qcc_avg_pool_s8_avx512,
                            qcc_global_avg_pool_s8_avx512, trial);
    failures += check_concat("avx512", qcc_concat_s8_avx512, trial);
    failures += check_gemms(&vnni, trial);
    checks += 17;
#endif
  }
  printf("%d kernel comparisons, %d failed\n", checks, failures);
  return failures != 0;
}
