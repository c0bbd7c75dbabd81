/*===- depthwise_neon.c - depthwise convolution with NEON ----------*- C -*-===//
//
// This file defines the AArch64 NEON variant of the depthwise convolution
// (baseline NEON, every AArch64 core). Sixteen channels at a time, with the
// block's weights and output stage in registers for all its pixels: each
// window position multiplies input and weight bytes to 16-bit products
// (SMULL) that widen into 32-bit accumulators (SADDW). The interior pixels
// of each output row of a 3x3 window are one inline-assembly run with the
// weights, bias and output stage in registers (gemm_asm.h's stage); two
// positions share one widening (SMULL, then SMLAL into the same 16-bit
// products), which only -128·-128 twice (32768) overflows, so a block with
// a channel whose weights are -128 at both positions of a pair runs them
// one by one. Other windows, stages and border pixels check each position
// in C.
// Padding reads the input zero point, as the folded bias expects; the output
// stage is gemm_neon.h's. Channels past a multiple of 16, depth multipliers
// above 1 and nonzero weight zero points take the portable definition
// (qcc_internal_depthwise_at). Results are identical to conv.c's. Without
// NEON the file is empty.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#if defined(__aarch64__) && defined(__ARM_NEON)

#include "gemm_asm.h"

/* Up to 25 window positions keep their weights in registers. */
enum { QCC_DW_MAX_WINDOW = 25 };

/* acc += v·w widened to 32 bits (one window position, 16 channels). */
QCC_ALWAYS_INLINE void qcc_dw_single(int32x4_t acc[4], int8x16_t v,
                                     int8x16_t w) {
  int16x8_t lo = vmull_s8(vget_low_s8(v), vget_low_s8(w));
  int16x8_t hi = vmull_high_s8(v, w);
  acc[0] = vaddw_s16(acc[0], vget_low_s16(lo));
  acc[1] = vaddw_high_s16(acc[1], lo);
  acc[2] = vaddw_s16(acc[2], vget_low_s16(hi));
  acc[3] = vaddw_high_s16(acc[3], hi);
}

/* The 16 channels at `c` of the window at (b, y0, x0) (top-left, padding
 * included) of any size and position: each position checked. */
static inline void qcc_dw_window(const qcc_conv2d_desc *d, const int8_t *input,
                                 int32_t b, int32_t y0, int32_t x0, int32_t c,
                                 const int8x16_t *w, int32x4_t acc[4]) {
  const int8x16_t zero_point = vdupq_n_s8((int8_t)d->input_zero_point);
  int32_t i, j, k = 0;
  for (i = 0; i < d->kernel_h; ++i) {
    const int32_t iy = y0 + i * d->dilation_h;
    for (j = 0; j < d->kernel_w; ++j, ++k) {
      const int32_t ix = x0 + j * d->dilation_w;
      qcc_dw_single(acc,
                    iy >= 0 && iy < d->in_h && ix >= 0 && ix < d->in_w
                        ? vld1q_s8(input +
                                   ((b * d->in_h + iy) * d->in_w + ix) *
                                       d->in_c +
                                   c)
                        : zero_point,
                    w[k]);
    }
  }
}

/* A run of interior pixels of a 3x3 window, for the assembly below. */
typedef struct {
  const int8_t *input; /* the first pixel's window, top left */
  int64_t dy, dx, step; /* window row and column, next pixel (bytes) */
  int8_t *out;
  int64_t out_step, count;
  const int8_t *w; /* the block's 9 weight vectors */
  const int32_t *bias, *multiplier, *right; /* 16 each; right = -n */
  int64_t zero_point, min, max;
} dw_args;

/* acc v25-v28 = v<s0>..v<s3> + x·w for one window position (input in v29,
 * weights in v<w>), or for two (inputs v29 and v30) summed in 16 bits. */
#define QCC_DW_WIDEN(s0, s1, s2, s3)                                           \
  "saddw v25.4s, v" #s0 ".4s, v31.4h\n"                                        \
  "saddw2 v26.4s, v" #s1 ".4s, v31.8h\n"                                       \
  "saddw v27.4s, v" #s2 ".4s, v12.4h\n"                                        \
  "saddw2 v28.4s, v" #s3 ".4s, v12.8h\n"
#define QCC_DW_ONE(w, s0, s1, s2, s3)                                          \
  "smull v31.8h, v29.8b, v" #w ".8b\n"                                         \
  "smull2 v12.8h, v29.16b, v" #w ".16b\n" QCC_DW_WIDEN(s0, s1, s2, s3)
#define QCC_DW_TWO(wa, wb, s0, s1, s2, s3)                                     \
  "smull v31.8h, v29.8b, v" #wa ".8b\n"                                        \
  "smull2 v12.8h, v29.16b, v" #wa ".16b\n"                                     \
  "smlal v31.8h, v30.8b, v" #wb ".8b\n"                                        \
  "smlal2 v12.8h, v30.16b, v" #wb ".16b\n" QCC_DW_WIDEN(s0, s1, s2, s3)
/* Window rows in x0-x2, dx in x4, 2·dx in x5. */
#define QCC_DW_LOAD(reg, row, offset) "ldr q" #reg ", [x" #row offset "]\n"

#define QCC_DW_RUN(body)                                                       \
  __asm__ volatile(                                                            \
      "ldp x0, x3, [%[args]]\n"                                                \
      "ldp x4, x6, [%[args], #16]\n"                                           \
      "ldp x7, x8, [%[args], #32]\n"                                           \
      "ldp x9, x10, [%[args], #48]\n"                                          \
      "ldp x11, x12, [%[args], #64]\n"                                         \
      "ldp x13, x14, [%[args], #80]\n"                                         \
      "ldp x15, x16, [%[args], #96]\n"                                         \
      "ld1 {v16.16b, v17.16b, v18.16b, v19.16b}, [x10], #64\n"                 \
      "ld1 {v20.16b, v21.16b, v22.16b, v23.16b}, [x10], #64\n"                 \
      "ldr q24, [x10]\n"                                                       \
      "ld1 {v8.4s, v9.4s, v10.4s, v11.4s}, [x11]\n"                            \
      "ld1 {v0.4s, v1.4s, v2.4s, v3.4s}, [x12]\n"                              \
      "ld1 {v4.4s, v5.4s, v6.4s, v7.4s}, [x13]\n"                              \
      "dup v13.8h, w14\n"                                                      \
      "dup v14.16b, w15\n"                                                     \
      "dup v15.16b, w16\n"                                                     \
      "add x1, x0, x3\n"                                                       \
      "add x2, x1, x3\n"                                                       \
      "lsl x5, x4, #1\n"                                                       \
      "1:\n" body QCC_STAGE_VALUE(25, 26, 27, 28, 29, 30)                      \
      "str q29, [x7]\n"                                                        \
      "add x7, x7, x8\n"                                                       \
      "add x0, x0, x6\n"                                                       \
      "add x1, x1, x6\n"                                                       \
      "add x2, x2, x6\n"                                                       \
      "subs x9, x9, #1\n"                                                      \
      "b.ne 1b\n"                                                              \
      :                                                                        \
      : [args] "r"(args)                                                       \
      : "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", "v10",     \
        "v11", "v12", "v13", "v14", "v15", "v16", "v17", "v18", "v19", "v20",  \
        "v21", "v22", "v23", "v24", "v25", "v26", "v27", "v28", "v29", "v30",  \
        "v31", "x0", "x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8", "x9",     \
        "x10", "x11", "x12", "x13", "x14", "x15", "x16", "cc", "memory")

/* The run with window positions in pairs (no weight is -128). */
static void qcc_dw_run_paired(const dw_args *args) {
  QCC_DW_RUN(QCC_DW_LOAD(29, 0, "") QCC_DW_LOAD(30, 0, ", x4")
             QCC_DW_TWO(16, 17, 8, 9, 10, 11)
             QCC_DW_LOAD(29, 0, ", x5") QCC_DW_LOAD(30, 1, "")
             QCC_DW_TWO(18, 19, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 1, ", x4") QCC_DW_LOAD(30, 1, ", x5")
             QCC_DW_TWO(20, 21, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 2, "") QCC_DW_LOAD(30, 2, ", x4")
             QCC_DW_TWO(22, 23, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 2, ", x5") QCC_DW_ONE(24, 25, 26, 27, 28));
}

/* The run with every window position on its own. */
static void qcc_dw_run_single(const dw_args *args) {
  QCC_DW_RUN(QCC_DW_LOAD(29, 0, "") QCC_DW_ONE(16, 8, 9, 10, 11)
             QCC_DW_LOAD(29, 0, ", x4") QCC_DW_ONE(17, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 0, ", x5") QCC_DW_ONE(18, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 1, "") QCC_DW_ONE(19, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 1, ", x4") QCC_DW_ONE(20, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 1, ", x5") QCC_DW_ONE(21, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 2, "") QCC_DW_ONE(22, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 2, ", x4") QCC_DW_ONE(23, 25, 26, 27, 28)
             QCC_DW_LOAD(29, 2, ", x5") QCC_DW_ONE(24, 25, 26, 27, 28));
}

/* Every pixel of one 16-channel block. With `fast` (a 3x3 window and the
 * QCC_STAGE_RIGHT stage), each output row's interior pixels are one
 * assembly run, positions in pairs when `paired`, and each border pixel a
 * run of one on its gathered window; otherwise pixels take qcc_dw_window
 * and the stage of gemm_neon.h (`stage` is not a constant here: that path
 * is the rare one). */
static void qcc_dw_block(int stage, int fast, int paired,
                         const qcc_conv2d_desc *d, const int8_t *input,
                         int32_t c, const int8_t *weights, const int8x16_t *w,
                         const qcc_gemm *g, int8_t *output) {
  /* Locals, not d->…: every output store might alias the descriptor. */
  const int32_t in_h = d->in_h, in_w = d->in_w, channels = d->in_c;
  const int32_t out_h = d->out_h, out_w = d->out_w, batch = d->batch;
  const int32_t stride_h = d->stride_h, stride_w = d->stride_w;
  const int32_t pad_top = d->pad_top, pad_left = d->pad_left;
  const int32_t span_h = (d->kernel_h - 1) * d->dilation_h;
  const int32_t span_w = (d->kernel_w - 1) * d->dilation_w;
  /* The interior columns: x0 = x·stride - pad >= 0 and x0 + span < in_w. */
  const int32_t x_lo = (pad_left + stride_w - 1) / stride_w;
  const int32_t x_end = in_w - 1 - span_w + pad_left;
  const int32_t x_hi =
      x_end < 0 ? 0 : (x_end / stride_w + 1 < out_w ? x_end / stride_w + 1 : out_w);
  int32x4_t bias[4], m[4], shift[4], left[4], right[4];
  int32_t right_lanes[16], b, y, x, j;
  dw_args args;
  qcc_load16(g->bias + c, 16, bias);
  qcc_load16(g->multiplier + c, 16, m);
  qcc_load16(g->shift + c, 16, shift);
  for (j = 0; j < 4; ++j) {
    qcc_stage_shifts(stage, shift[j], &left[j], &right[j]);
    vst1q_s32(right_lanes + 4 * j, right[j]);
  }
  args.dy = (int64_t)d->dilation_h * in_w * channels;
  args.dx = (int64_t)d->dilation_w * channels;
  args.step = (int64_t)stride_w * channels;
  args.out_step = d->out_c;
  args.w = weights;
  args.bias = g->bias + c;
  args.multiplier = g->multiplier + c;
  args.right = right_lanes;
  args.zero_point = g->zero_point;
  args.min = g->min;
  args.max = g->max;
  for (b = 0; b < batch; ++b)
    for (y = 0; y < out_h; ++y) {
      const int32_t y0 = y * stride_h - pad_top;
      const int run = fast && y0 >= 0 && y0 + span_h < in_h && x_lo < x_hi;
      int8_t *out = output + ((b * out_h + y) * out_w) * d->out_c + c;
      for (x = 0; x < out_w; ++x) {
        int32x4_t acc[4] = {bias[0], bias[1], bias[2], bias[3]};
        if (run && x == x_lo) {
          args.input = input +
                       ((b * in_h + y0) * in_w + x * stride_w - pad_left) *
                           channels +
                       c;
          args.out = out + x * d->out_c;
          args.count = x_hi - x_lo;
          if (paired)
            qcc_dw_run_paired(&args);
          else
            qcc_dw_run_single(&args);
          x = x_hi - 1;
          continue;
        }
        if (fast) {
          /* A border pixel: its window, padding included, gathered into
           * 9 vectors that the run reads as one pixel. */
          const int32_t x0 = x * stride_w - pad_left;
          const int8x16_t zero_point = vdupq_n_s8((int8_t)d->input_zero_point);
          int8_t window[9 * 16];
          dw_args one = args;
          int32_t i, iy, ix;
          for (i = 0; i < 3; ++i)
            for (j = 0; j < 3; ++j) {
              iy = y0 + i * d->dilation_h;
              ix = x0 + j * d->dilation_w;
              vst1q_s8(window + 16 * (3 * i + j),
                       iy >= 0 && iy < in_h && ix >= 0 && ix < in_w
                           ? vld1q_s8(input +
                                      ((b * in_h + iy) * in_w + ix) * channels +
                                      c)
                           : zero_point);
            }
          one.input = window;
          one.dy = 48;
          one.dx = 16;
          one.out = out + x * d->out_c;
          one.count = 1;
          if (paired)
            qcc_dw_run_paired(&one);
          else
            qcc_dw_run_single(&one);
          continue;
        }
        qcc_dw_window(d, input, b, y0, x * stride_w - pad_left, c, w, acc);
        qcc_stage_row(stage, g, acc, m, left, right, 16, out + x * d->out_c);
      }
    }
}

/* The kernel's body, compiled once: the entry passes it a copy of its
 * descriptor, so that specializing calls on constant descriptors (qcc's LLVM
 * emitter) copies only the entry; for this kernel that would gain little
 * (1.59 -> 1.70 MACs/instr on 56x56x64) for much compile time. */
static __attribute__((noinline)) void
qcc_depthwise_body(const qcc_conv2d_desc *d, const int8_t *weights,
                   const int32_t *bias, const int32_t *multiplier,
                   const int32_t *shift, const int8_t *input, int8_t *output) {
  const int32_t channels = d->out_c;
  const int32_t window = d->kernel_h * d->kernel_w;
  const int32_t vectorized = qcc_depthwise_vectorized(d, QCC_DW_MAX_WINDOW);
  const qcc_gemm g = qcc_depthwise_gemm(d, weights, bias, multiplier, shift);
  int32_t c, k;
  for (c = 0; c < vectorized; c += 16) {
    int8x16_t w[QCC_DW_MAX_WINDOW];
    int8_t packed[QCC_DW_MAX_WINDOW * 16];
    uint8x16_t both_min = vdupq_n_u8(0);
    int paired;
    for (k = 0; k < window; ++k) {
      w[k] = vld1q_s8(weights + k * channels + c);
      vst1q_s8(packed + 16 * k, w[k]);
    }
    /* Positions pair up (0, 1), (2, 3), ...: none may be -128 at both. */
    for (k = 0; k + 1 < window; k += 2)
      both_min = vorrq_u8(both_min,
                          vandq_u8(vceqq_s8(w[k], vdupq_n_s8(-128)),
                                   vceqq_s8(w[k + 1], vdupq_n_s8(-128))));
    paired = vmaxvq_u8(both_min) == 0;
    qcc_dw_block(g.stage,
                 d->kernel_h == 3 && d->kernel_w == 3 &&
                     g.stage == QCC_STAGE_RIGHT,
                 paired, d, input, c, packed, w, &g, output);
  }
  qcc_depthwise_rest(d, weights, bias, multiplier, shift, input, output,
                     vectorized);
}

void qcc_depthwise_conv2d_s8_neon(const qcc_conv2d_desc *d,
                                  const int8_t *weights, const int32_t *bias,
                                  const int32_t *multiplier,
                                  const int32_t *shift, const int8_t *input,
                                  int8_t *output) {
  qcc_conv2d_desc copy = *d;
  qcc_depthwise_body(&copy, weights, bias, multiplier, shift, input, output);
}

#endif
