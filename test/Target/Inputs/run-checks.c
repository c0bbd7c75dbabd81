/* Calls a compiled model's net_run with each argument it must refuse and
 * checks the codes the header documents; prints PASS when all agree. */
#include "net.h"

#include <stdint.h>
#include <stdio.h>

static union {
  uint64_t align[2];
  int8_t bytes[NET_ARENA_SIZE + 16];
} arena;
static int8_t in[NET_INPUT0_SIZE], out[NET_OUTPUT0_SIZE];
static int failures;

static void expect(const char *what, int got, int want) {
  if (got != want) {
    printf("%s: net_run returned %d, want %d\n", what, got, want);
    ++failures;
  }
}

int main(void) {
  const void *inputs[] = {in}, *null_inputs[] = {NULL};
  void *outputs[] = {out}, *null_outputs[] = {NULL};
  expect("valid", net_run(inputs, outputs, arena.bytes), QCC_RUN_OK);
  expect("inputs", net_run(NULL, outputs, arena.bytes), QCC_RUN_NULL_POINTER);
  expect("inputs[0]", net_run(null_inputs, outputs, arena.bytes),
         QCC_RUN_NULL_POINTER);
  expect("outputs", net_run(inputs, NULL, arena.bytes), QCC_RUN_NULL_POINTER);
  expect("outputs[0]", net_run(inputs, null_outputs, arena.bytes),
         QCC_RUN_NULL_POINTER);
  expect("arena", net_run(inputs, outputs, NULL), QCC_RUN_NULL_POINTER);
  expect("arena + 1", net_run(inputs, outputs, arena.bytes + 1),
         QCC_RUN_MISALIGNED_ARENA);
  printf("%s\n", failures ? "FAIL" : "PASS");
  return failures != 0;
}
