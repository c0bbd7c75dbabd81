/*===- pool.c - Portable pooling kernels ---------------------------*- C -*-===//
//
// This file defines the portable max, average and global average pools on
// NHWC tensors: pool.h's definitions over all channels of each output
// pixel.
//
//===----------------------------------------------------------------------===*/

#include "pool.h"

void qcc_max_pool_s8(const qcc_pool_desc *d, const int8_t *input,
                     int8_t *output) {
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    qcc_max_pool_channels(d, input, b, w, 0, d->channels, out);
  });
}

void qcc_avg_pool_s8(const qcc_pool_desc *d, const int8_t *input,
                     int8_t *output) {
  QCC_FOR_EACH_POOL_PIXEL(d, output, b, w, out, {
    qcc_avg_pool_channels(d, input, b, w, 0, d->channels, out);
  });
}

void qcc_global_avg_pool_s8(const qcc_global_avg_pool_desc *d,
                            const int8_t *input, int8_t *output) {
  int32_t b;
  for (b = 0; b < d->batch; ++b)
    qcc_global_avg_pool_channels(d, input, b, 0, d->channels,
                                 output + b * d->channels);
}
