/*===- harness.c - run a compiled model on .npy files --------------*- C -*-===//
//
// This file is the end-to-end tests' driver, written the way firmware uses a
// compiled model: it quantizes a float input with the scale and zero point
// the generated header publishes (qcc/boundary.h), calls NAME_run with a
// static arena, and dequantizes each output the same way. Build it with
// -DMODEL_HEADER='"net.h"' -DNAME=net -DUNAME=NET and -I examples; it reads
// and writes float32 .npy files (one input; one file per output, up to
// four: a detector's boxes and scores, say).
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
/* The header's macro SUFFIX of output K, e.g. NET_OUTPUT1_SIZE. */
#define OUT(k, suffix) CAT(CAT(M(_OUTPUT), k), suffix)

#if M(_NUM_OUTPUTS) > 4
#error "the harness handles up to four outputs"
#endif

/* Static, 8-byte aligned, one spare element so a zero size is legal. */
static union {
  uint64_t align[2];
  uint8_t bytes[M(_ARENA_SIZE) + 16];
} arena;
static float input_f[M(_INPUT0_SIZE)];
static uint8_t input_q[M(_INPUT0_SIZE)];

/* Output K's buffers, and a function that dequantizes and writes it. */
#define OUTPUT(k)                                                              \
  static float output_f##k[OUT(k, _SIZE)];                                     \
  static uint8_t output_q##k[OUT(k, _SIZE)];                                   \
  static int write_output##k(const char *path) {                              \
    static const int shape[] = OUT(k, _SHAPE);                                 \
    qcc_dequantize_f32(output_q##k, OUT(k, _SIZE), OUT(k, _SCALE),             \
                       OUT(k, _ZERO_POINT), OUT(k, _TYPE), output_f##k);       \
    return npy_write_f32(path, output_f##k, shape, OUT(k, _RANK),              \
                         OUT(k, _SIZE));                                       \
  }
OUTPUT(0)
#if M(_NUM_OUTPUTS) > 1
OUTPUT(1)
#endif
#if M(_NUM_OUTPUTS) > 2
OUTPUT(2)
#endif
#if M(_NUM_OUTPUTS) > 3
OUTPUT(3)
#endif

int main(int argc, char **argv) {
  const void *inputs[1];
  void *outputs[M(_NUM_OUTPUTS)];
  if (argc != 2 + M(_NUM_OUTPUTS))
    return fprintf(stderr, "usage: %s input.npy output.npy (one per output)\n",
                   argv[0]),
           2;
  if (npy_read(argv[1], "<f4", sizeof(float), input_f, M(_INPUT0_SIZE)))
    return 1;
  qcc_quantize_f32(input_f, M(_INPUT0_SIZE), M(_INPUT0_SCALE),
                   M(_INPUT0_ZERO_POINT), M(_INPUT0_TYPE), input_q);
  inputs[0] = input_q;
  outputs[0] = output_q0;
#if M(_NUM_OUTPUTS) > 1
  outputs[1] = output_q1;
#endif
#if M(_NUM_OUTPUTS) > 2
  outputs[2] = output_q2;
#endif
#if M(_NUM_OUTPUTS) > 3
  outputs[3] = output_q3;
#endif
  if (RUN(inputs, outputs, arena.bytes) != 0)
    return fprintf(stderr, "run failed\n"), 1;
  if (write_output0(argv[2]))
    return 1;
#if M(_NUM_OUTPUTS) > 1
  if (write_output1(argv[3]))
    return 1;
#endif
#if M(_NUM_OUTPUTS) > 2
  if (write_output2(argv[4]))
    return 1;
#endif
#if M(_NUM_OUTPUTS) > 3
  if (write_output3(argv[5]))
    return 1;
#endif
  return 0;
}
