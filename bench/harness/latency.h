/*===- latency.h - the model header of the x86-64 latency harness -*- C -*-===//
//
// The bench times a model compiled for the host with the end-to-end tests'
// harness (test/e2e/harness.c), built with -DMODEL_HEADER='"latency.h"'
// -DNAME=bench -DUNAME=LAYER, so that the harness calls bench_run
// (latency.c) instead of the model's layer_run. The model is compiled with
// --name=layer into the folder on the include path.
//
//===----------------------------------------------------------------------===*/

#ifndef BENCH_HARNESS_LATENCY_H
#define BENCH_HARNESS_LATENCY_H

#include "layer.h"

/* Runs layer_run BENCH_RUNS times (an environment variable, default 50)
 * after 5 warm-up runs and prints each run's wall-clock time. */
int bench_run(const void *const inputs[], void *const outputs[], void *arena);

#endif /* BENCH_HARNESS_LATENCY_H */
