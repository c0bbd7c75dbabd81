/*===- qcc.h - the model header the bench builds the e2e harness with -*- C -*-===//
//
// The bench runs a compiled model with the end-to-end tests' harness
// (test/e2e/harness.c: .npy in, quantize, run, dequantize, .npy out), built
// with -DMODEL_HEADER='"qcc.h"' -DNAME=bench -DUNAME=LAYER, so that the
// harness calls bench_run (qcc.c) instead of the model's layer_run. The
// model is compiled with --name=layer into the folder on the include path.
//
//===----------------------------------------------------------------------===*/

#ifndef BENCH_HARNESS_QCC_H
#define BENCH_HARNESS_QCC_H

#include "layer.h"

/* Calls layer_run once to warm up, then once between the bench markers. */
int bench_run(const void *const inputs[], void *const outputs[], void *arena);

#endif /* BENCH_HARNESS_QCC_H */
