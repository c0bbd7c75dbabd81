/*===- qcc.c - a compiled model's run function between the markers -*- C -*-===//
//
// See qcc.h. The run function keeps no state, so the warm-up call changes
// nothing in what the measured call executes; it is there to treat qcc like
// the peers, whose first call allocates and initializes.
//
//===----------------------------------------------------------------------===*/

#define _GNU_SOURCE
#include "bench.h"
#include "qcc.h"

int bench_run(const void *const inputs[], void *const outputs[], void *arena) {
  int status = layer_run(inputs, outputs, arena);
  if (status != 0)
    return status;
  BENCH_START();
  status = layer_run(inputs, outputs, arena);
  BENCH_STOP();
  bench_objects();
  return status;
}
