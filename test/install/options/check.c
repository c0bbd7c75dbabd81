/* Runs both models qcc_add_model() compiled once on zero inputs: each must
 * return QCC_RUN_OK. */
#include "calibrated.h"
#include "digits.h"

#include <stdint.h>
#include <stdio.h>

static union {
  uint64_t align[2];
  uint8_t bytes[CALIBRATED_ARENA_SIZE + DIGITS_ARENA_SIZE + 16];
} arena;
static uint8_t in_a[CALIBRATED_INPUT0_SIZE], out_a[CALIBRATED_OUTPUT0_SIZE];
static uint8_t in_b[DIGITS_INPUT0_SIZE], out_b[DIGITS_OUTPUT0_SIZE];

int main(void) {
  const void *inputs_a[] = {in_a}, *inputs_b[] = {in_b};
  void *outputs_a[] = {out_a}, *outputs_b[] = {out_b};
  int a = calibrated_run(inputs_a, outputs_a, arena.bytes);
  int b = digits_run(inputs_b, outputs_b, arena.bytes);
  printf("calibrated_run %d, digits_run %d\n", a, b);
  return a != QCC_RUN_OK || b != QCC_RUN_OK;
}
