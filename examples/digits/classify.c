/*===- classify.c - the digits model as firmware uses it -----------*- C -*-===//
//
// This file is the example of README's first command. It is written the
// way a firmware project uses a library qcc compiled: the image a sensor
// delivers (8x8 floats here) is quantized with the scale and zero point the
// generated header publishes, digits_run computes the class scores in a
// static arena, and the predicted class is the largest score (scores are
// quantized with a positive scale, so comparing the stored integers is
// enough: no float after the input). Host-side, it reads the held-out test
// images and labels from .npy files, prints the first predictions and the
// accuracy, and optionally writes every prediction to a file.
//
// Build: cc classify.c digits.a -I<dir of digits.h> -I<qcc>/runtime/include
//        -I<qcc>/examples
//
//===----------------------------------------------------------------------===*/

#include "digits.h"

#include "npy.h"
#include "qcc/boundary.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define MAX_IMAGES 400

/* The arena: static, 8-byte aligned, reused by every call. */
static union {
  uint64_t align[2];
  uint8_t bytes[DIGITS_ARENA_SIZE];
} arena;

static float images[MAX_IMAGES][DIGITS_INPUT0_SIZE];
static int64_t labels[MAX_IMAGES];

/* One inference: quantize, run, argmax over the stored scores. */
static int classify(const float *image) {
  static uint8_t input[DIGITS_INPUT0_SIZE], scores[DIGITS_OUTPUT0_SIZE];
  const void *inputs[] = {input};
  void *outputs[] = {scores};
  int best = 0, i;
  qcc_quantize_f32(image, DIGITS_INPUT0_SIZE, DIGITS_INPUT0_SCALE,
                   DIGITS_INPUT0_ZERO_POINT, DIGITS_INPUT0_TYPE, input);
  if (digits_run(inputs, outputs, arena.bytes) != 0)
    return -1;
  for (i = 1; i < DIGITS_OUTPUT0_SIZE; ++i)
    if (DIGITS_OUTPUT0_TYPE == QCC_INT8 ? (int8_t)scores[i] > (int8_t)scores[best]
                                        : scores[i] > scores[best])
      best = i;
  return best;
}

int main(int argc, char **argv) {
  long count, i, correct = 0;
  FILE *predictions = NULL;
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: %s COUNT images.npy labels.npy [predictions.txt]\n",
            argv[0]);
    return 2;
  }
  count = atol(argv[1]);
  if (count < 1 || count > MAX_IMAGES ||
      npy_read(argv[2], "<f4", sizeof(float), images,
               count * DIGITS_INPUT0_SIZE) ||
      npy_read(argv[3], "<i8", sizeof(int64_t), labels, count))
    return 1;
  if (argc == 5 && !(predictions = fopen(argv[4], "w")))
    return fprintf(stderr, "%s: cannot write\n", argv[4]), 1;
  printf("predicted:");
  for (i = 0; i < count; ++i) {
    int predicted = classify(images[i]);
    if (i < 16)
      printf(" %d", predicted);
    correct += predicted == labels[i];
    if (predictions)
      fprintf(predictions, "%d\n", predicted);
  }
  if (predictions && fclose(predictions) != 0)
    return 1;
  printf(" ...\nlabels:   ");
  for (i = 0; i < count && i < 16; ++i)
    printf(" %d", (int)labels[i]);
  printf(" ...\n");
  printf("accuracy: %.2f%% (%ld of %ld held-out images)\n",
         100.0 * (double)correct / (double)count, correct, count);
  return 0;
}
