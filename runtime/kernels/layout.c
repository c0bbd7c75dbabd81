/*===- layout.c - Portable data-movement kernels -------------------*- C -*-===//
//
// This file defines gather (transpose, slice, copy), constant padding and
// one input's part of a concatenation.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#include <string.h>

void qcc_gather_s8(const qcc_gather_desc *d, const int8_t *input,
                   int8_t *output) {
  int32_t index[QCC_MAX_RANK] = {0};
  int32_t count = qcc_internal_count(d->rank, d->dims), i;
  for (i = 0; i < count; ++i) {
    output[i] = input[d->offset + qcc_internal_offset(d->rank, index, d->strides)];
    qcc_internal_next(d->rank, d->dims, index);
  }
}

void qcc_pad_s8(const qcc_pad_desc *d, const int8_t *input, int8_t *output) {
  int32_t index[QCC_MAX_RANK] = {0};
  int32_t count = qcc_internal_count(d->rank, d->dims), i;
  memset(output, (int8_t)d->value, (size_t)d->output_size);
  for (i = 0; i < count; ++i) {
    output[d->offset + qcc_internal_offset(d->rank, index, d->strides)] = input[i];
    qcc_internal_next(d->rank, d->dims, index);
  }
}

void qcc_concat_s8(const qcc_concat_desc *d, const int8_t *input,
                   int8_t *output) {
  int32_t j, i;
  for (j = 0; j < d->outer; ++j) {
    const int8_t *in = input + j * d->inner;
    int8_t *out = output + d->offset + j * d->output_stride;
    if (d->identity) {
      memcpy(out, in, (size_t)d->inner);
      continue;
    }
    for (i = 0; i < d->inner; ++i)
      out[i] = qcc_internal_requant(&d->out, in[i] - d->input_zero_point);
  }
}
