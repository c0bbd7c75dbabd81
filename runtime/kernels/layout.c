/*===- layout.c - Portable data-movement kernels -------------------*- C -*-===//
//
// This file defines gather (transpose, slice, copy), constant padding and
// one input's part of a concatenation.
//
//===----------------------------------------------------------------------===*/

#include "internal.h"

#include <string.h>

/* The gather walks all but its last two dimensions; each step copies one
 * rows × cols plane (the last two dimensions, or fewer), whose strides are
 * the same for every step, in a tight double loop. */
void qcc_gather_s8(const qcc_gather_desc *d, const int8_t *input,
                   int8_t *output) {
  int32_t index[QCC_MAX_RANK] = {0};
  const int32_t outer_rank = d->rank > 2 ? d->rank - 2 : 0;
  const int32_t rows = d->rank >= 2 ? d->dims[d->rank - 2] : 1;
  const int32_t cols = d->rank >= 1 ? d->dims[d->rank - 1] : 1;
  const int32_t row_stride = d->rank >= 2 ? d->strides[d->rank - 2] : 0;
  const int32_t col_stride = d->rank >= 1 ? d->strides[d->rank - 1] : 0;
  const int32_t planes = qcc_internal_count(outer_rank, d->dims);
  int32_t p, r, c;
  for (p = 0; p < planes; ++p) {
    const int8_t *in =
        input + d->offset + qcc_internal_offset(outer_rank, index, d->strides);
    for (r = 0; r < rows; ++r, in += row_stride, output += cols) {
      if (col_stride == 1)
        memcpy(output, in, (size_t)cols);
      else
        for (c = 0; c < cols; ++c)
          output[c] = in[c * col_stride];
    }
    qcc_internal_next(outer_rank, d->dims, index);
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
