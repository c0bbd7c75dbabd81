/*===- harness.c - run a compiled model on .npy files --------------*- C -*-===//
//
// This file is the end-to-end tests' driver, written the way firmware uses a
// compiled model: it quantizes a float input with the scale and zero point
// the generated header publishes (qcc/boundary.h), calls NAME_run with a
// static arena, and dequantizes the output the same way. Build it with
// -DMODEL_HEADER='"net.h"' -DNAME=net -DUNAME=NET; it reads and writes
// float32 .npy files (one input, one output).
//
//===----------------------------------------------------------------------===*/

#include MODEL_HEADER

#include "qcc/boundary.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#define RUN CAT(NAME, _run)
#define M(suffix) CAT(UNAME, suffix)

/* Static, 16-byte aligned, one spare element so a zero size is legal. */
static union {
  uint64_t align[2];
  uint8_t bytes[M(_ARENA_SIZE) + 16];
} arena;
static float input_f[M(_INPUT0_SIZE)], output_f[M(_OUTPUT0_SIZE)];
static uint8_t input_q[M(_INPUT0_SIZE)], output_q[M(_OUTPUT0_SIZE)];

/* Reads `count` little-endian float32 values of a C-order .npy file. */
static int read_npy(const char *path, float *data, long count) {
  unsigned char prefix[10];
  char header[4096];
  unsigned long length;
  FILE *f = fopen(path, "rb");
  if (!f || fread(prefix, 1, 10, f) != 10 || memcmp(prefix, "\x93NUMPY", 6))
    return fprintf(stderr, "%s: not a .npy file\n", path), 1;
  length = prefix[8] | (unsigned long)prefix[9] << 8;
  if (prefix[6] != 1 || length >= sizeof header ||
      fread(header, 1, length, f) != length)
    return fprintf(stderr, "%s: unsupported .npy header\n", path), 1;
  header[length] = 0;
  if (!strstr(header, "'<f4'") || strstr(header, "True"))
    return fprintf(stderr, "%s: expected C-order float32\n", path), 1;
  if (fread(data, sizeof(float), (size_t)count, f) != (size_t)count)
    return fprintf(stderr, "%s: expected %ld values\n", path, count), 1;
  fclose(f);
  return 0;
}

/* Writes float32 `data` of `shape` as a version-1 .npy file, byte for byte
 * as numpy.save does. */
static int write_npy(const char *path, const float *data, const int *shape,
                     int rank, long count) {
  char dict[256], header[256];
  int n = 0, i, pad;
  FILE *f = fopen(path, "wb");
  if (!f)
    return fprintf(stderr, "%s: cannot write\n", path), 1;
  n += sprintf(dict + n, "{'descr': '<f4', 'fortran_order': False, 'shape': (");
  /* As numpy writes it: (10,) for one dimension, (1, 10) for more. */
  for (i = 0; i < rank; ++i)
    n += sprintf(dict + n, i + 1 < rank ? "%d, " : rank == 1 ? "%d," : "%d",
                 shape[i]);
  n += sprintf(dict + n, "), }");
  pad = 64 - (10 + n + 1) % 64;
  memset(header, ' ', sizeof header);
  memcpy(header, dict, (size_t)n);
  header[n + pad] = '\n';
  fwrite("\x93NUMPY\x01\x00", 1, 8, f);
  fputc((n + pad + 1) & 0xff, f);
  fputc((n + pad + 1) >> 8, f);
  fwrite(header, 1, (size_t)(n + pad + 1), f);
  fwrite(data, sizeof(float), (size_t)count, f);
  return fclose(f) != 0;
}

int main(int argc, char **argv) {
  static const int shape[] = M(_OUTPUT0_SHAPE);
  const void *inputs[1];
  void *outputs[1];
  if (argc != 3)
    return fprintf(stderr, "usage: %s input.npy output.npy\n", argv[0]), 2;
  if (read_npy(argv[1], input_f, M(_INPUT0_SIZE)))
    return 1;
  qcc_quantize_f32(input_f, M(_INPUT0_SIZE), M(_INPUT0_SCALE),
                   M(_INPUT0_ZERO_POINT), M(_INPUT0_TYPE), input_q);
  inputs[0] = input_q;
  outputs[0] = output_q;
  if (RUN(inputs, outputs, arena.bytes) != 0)
    return fprintf(stderr, "run failed\n"), 1;
  qcc_dequantize_f32(output_q, M(_OUTPUT0_SIZE), M(_OUTPUT0_SCALE),
                     M(_OUTPUT0_ZERO_POINT), M(_OUTPUT0_TYPE), output_f);
  return write_npy(argv[2], output_f, shape, M(_OUTPUT0_RANK),
                   M(_OUTPUT0_SIZE));
}
