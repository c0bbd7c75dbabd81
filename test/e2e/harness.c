/*===- harness.c - run a compiled model on .npy files --------------*- C -*-===//
//
// This file is the end-to-end tests' driver, written the way firmware uses a
// compiled model: it quantizes a float input with the scale and zero point
// the generated header publishes (qcc/boundary.h), calls NAME_run with a
// static arena, and dequantizes the output the same way. Build it with
// -DMODEL_HEADER='"net.h"' -DNAME=net -DUNAME=NET and -I examples; it reads
// and writes float32 .npy files (one input, one output).
//
//===----------------------------------------------------------------------===*/

#include MODEL_HEADER

#include "npy.h" /* examples/npy.h */
#include "qcc/boundary.h"

#include <stdint.h>

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

int main(int argc, char **argv) {
  static const int shape[] = M(_OUTPUT0_SHAPE);
  const void *inputs[1];
  void *outputs[1];
  if (argc != 3)
    return fprintf(stderr, "usage: %s input.npy output.npy\n", argv[0]), 2;
  if (npy_read(argv[1], "<f4", sizeof(float), input_f, M(_INPUT0_SIZE)))
    return 1;
  qcc_quantize_f32(input_f, M(_INPUT0_SIZE), M(_INPUT0_SCALE),
                   M(_INPUT0_ZERO_POINT), M(_INPUT0_TYPE), input_q);
  inputs[0] = input_q;
  outputs[0] = output_q;
  if (RUN(inputs, outputs, arena.bytes) != 0)
    return fprintf(stderr, "run failed\n"), 1;
  qcc_dequantize_f32(output_q, M(_OUTPUT0_SIZE), M(_OUTPUT0_SCALE),
                     M(_OUTPUT0_ZERO_POINT), M(_OUTPUT0_TYPE), output_f);
  return npy_write_f32(argv[2], output_f, shape, M(_OUTPUT0_RANK),
                       M(_OUTPUT0_SIZE));
}
