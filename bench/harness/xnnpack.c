/*===- xnnpack.c - one XNNPACK operator between the bench markers --*- C -*-===//
//
// Usage: xnnpack qs8|f32 H W C K KERNEL STRIDE PAD GROUPS
//
// Creates XNNPACK's convolution2d_nhwc operator for a batch-1 H x W x C
// input, K output channels, a square KERNEL, STRIDE and PAD, and GROUPS
// groups (C = K = GROUPS is depthwise) — or, with H = W = KERNEL = 1 and
// GROUPS = 1, fully_connected_nc with C inputs and K outputs — in signed
// 8-bit (qs8: per-tensor weights, int32 bias) or float, single-threaded
// (no thread pool). Weights are packed and the operator set up before the
// measured region; one xnn_run_operator call warms it up and one more runs
// between the markers. Data are seeded pseudo-random bytes. It also prints
// what cpuinfo, which XNNPACK asks for the microkernels to use, detected.
//
//===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "bench.h"

#include <cpuinfo.h>
#include <xnnpack.h>

#include <math.h>
#include <stdlib.h>
#include <string.h>

static void *buffer(size_t bytes, uint32_t seed) {
  /* XNNPACK may read up to 16 bytes past the end of its inputs. */
  void *p = calloc(1, bytes + 16);
  if (!p)
    exit(2);
  bench_fill(p, bytes, seed);
  return p;
}

/* Floats in [-1, 1) from seeded bytes. */
static float *floats(size_t n, uint32_t seed) {
  int8_t *bytes = buffer(n, seed);
  float *p = buffer(n * sizeof(float), 0);
  size_t i;
  for (i = 0; i < n; ++i)
    p[i] = bytes[i] / 128.0f;
  free(bytes);
  return p;
}

static void check(enum xnn_status status, const char *what) {
  if (status != xnn_status_success) {
    fprintf(stderr, "xnnpack: %s failed (status %d)\n", what, (int)status);
    exit(1);
  }
}

int main(int argc, char **argv) {
  int qs8, fc;
  size_t h, w, c, k, kernel, stride, pad, groups, oh, ow, depth, wcount;
  void *input, *weights, *bias, *output;
  xnn_operator_t op = NULL;
  enum xnn_status status;
  float in_scale = 0.05f, w_scale = 0.01f, out_scale;
  if (argc != 10 || (strcmp(argv[1], "qs8") && strcmp(argv[1], "f32"))) {
    fprintf(stderr, "usage: %s qs8|f32 H W C K KERNEL STRIDE PAD GROUPS\n",
            argv[0]);
    return 2;
  }
  qs8 = strcmp(argv[1], "qs8") == 0;
  h = strtoul(argv[2], NULL, 10), w = strtoul(argv[3], NULL, 10);
  c = strtoul(argv[4], NULL, 10), k = strtoul(argv[5], NULL, 10);
  kernel = strtoul(argv[6], NULL, 10), stride = strtoul(argv[7], NULL, 10);
  pad = strtoul(argv[8], NULL, 10), groups = strtoul(argv[9], NULL, 10);
  fc = h == 1 && w == 1 && kernel == 1 && groups == 1;
  oh = (h + 2 * pad - kernel) / stride + 1;
  ow = (w + 2 * pad - kernel) / stride + 1;
  depth = kernel * kernel * (c / groups);
  wcount = k * depth;
  /* Outputs spread over the int8 range without saturating much. */
  out_scale = in_scale * w_scale * 40.0f * sqrtf((float)depth);

  check(xnn_initialize(NULL), "xnn_initialize");
  printf("cpuinfo dotprod %d cores %u uarch 0x%x\n",
         (int)cpuinfo_has_arm_neon_dot(), cpuinfo_get_cores_count(),
         cpuinfo_get_cores_count() ? (unsigned)cpuinfo_get_core(0)->uarch : 0u);
  if (qs8) {
    int32_t *b;
    size_t i;
    input = buffer(h * w * c, 1);
    weights = buffer(wcount, 2);
    b = buffer(k * sizeof(int32_t), 0);
    for (i = 0; i < k; ++i)
      b[i] = (int32_t)(i * 2654435761u % 2001) - 1000;
    bias = b;
    output = buffer(oh * ow * k, 0);
    status = fc ? xnn_create_fully_connected_nc_qs8(
                      c, k, c, k, 0, in_scale, w_scale, weights, bias, 0,
                      out_scale, -128, 127, 0, &op)
                : xnn_create_convolution2d_nhwc_qs8(
                      pad, pad, pad, pad, kernel, kernel, stride, stride, 1, 1,
                      groups, c / groups, k / groups, c, k, 0, in_scale,
                      w_scale, weights, bias, 0, out_scale, -128, 127, 0, &op);
    check(status, "creating the qs8 operator");
    status = fc ? xnn_setup_fully_connected_nc_qs8(op, 1, input, output, NULL)
                : xnn_setup_convolution2d_nhwc_qs8(op, 1, h, w, input, output,
                                                   NULL);
  } else {
    input = floats(h * w * c, 1);
    weights = floats(wcount, 2);
    bias = floats(k, 3);
    output = buffer(oh * ow * k * sizeof(float), 0);
    status = fc ? xnn_create_fully_connected_nc_f32(c, k, c, k, weights, bias,
                                                    -INFINITY, INFINITY, 0, &op)
                : xnn_create_convolution2d_nhwc_f32(
                      pad, pad, pad, pad, kernel, kernel, stride, stride, 1, 1,
                      groups, c / groups, k / groups, c, k, weights, bias,
                      -INFINITY, INFINITY, 0, &op);
    check(status, "creating the f32 operator");
    status = fc ? xnn_setup_fully_connected_nc_f32(op, 1, input, output, NULL)
                : xnn_setup_convolution2d_nhwc_f32(op, 1, h, w, input, output,
                                                   NULL);
  }
  check(status, "setting up the operator");
  check(xnn_run_operator(op, NULL), "xnn_run_operator");
  BENCH_START();
  status = xnn_run_operator(op, NULL);
  BENCH_STOP();
  check(status, "xnn_run_operator");
  bench_objects();
  xnn_delete_operator(op);
  return 0;
}
