/*===- latency.c - wall-clock time of a compiled model's runs -----*- C -*-===//
//
// See latency.h. Prints "run_ms T" per timed run (CLOCK_MONOTONIC around
// one call); bench/run.py takes the median. The last run's output is what
// the harness writes.
//
//===----------------------------------------------------------------------===*/

#define _POSIX_C_SOURCE 199309L
#include "latency.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now_ms(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

int bench_run(const void *const inputs[], void *const outputs[], void *arena) {
  const char *env = getenv("BENCH_RUNS");
  const int runs = env ? atoi(env) : 50;
  int i, status = 0;
  for (i = 0; i < 5 && status == 0; ++i)
    status = layer_run(inputs, outputs, arena);
  for (i = 0; i < runs && status == 0; ++i) {
    const double start = now_ms();
    status = layer_run(inputs, outputs, arena);
    printf("run_ms %.4f\n", now_ms() - start);
  }
  return status;
}
