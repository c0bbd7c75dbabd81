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

/* The pad fills the output, then walks all but the input's last dimension;
 * each step writes one row, whose stride is the same for every step. */
void qcc_pad_s8(const qcc_pad_desc *d, const int8_t *input, int8_t *output) {
  int32_t index[QCC_MAX_RANK] = {0};
  const int32_t outer_rank = d->rank > 1 ? d->rank - 1 : 0;
  const int32_t cols = d->rank >= 1 ? d->dims[d->rank - 1] : 1;
  const int32_t col_stride = d->rank >= 1 ? d->strides[d->rank - 1] : 0;
  const int32_t rows = qcc_internal_count(outer_rank, d->dims);
  int32_t r, c;
  memset(output, (int8_t)d->value, (size_t)d->output_size);
  for (r = 0; r < rows; ++r, input += cols) {
    int8_t *out =
        output + d->offset + qcc_internal_offset(outer_rank, index, d->strides);
    if (col_stride == 1)
      memcpy(out, input, (size_t)cols);
    else
      for (c = 0; c < cols; ++c)
        out[c * col_stride] = input[c];
    qcc_internal_next(outer_rank, d->dims, index);
  }
}

/* qcc_requantize_s8's definition, here so that the concatenation needs no
 * other file. */
static void qcc_concat_requantize(const qcc_requantize_desc *d,
                                  const int8_t *input, int8_t *output) {
  qcc_requantize_tail(d, input, output, 0);
}

void qcc_concat_s8(const qcc_concat_desc *d, const int8_t *input,
                   int8_t *output) {
  qcc_concat_blocks(d, input, output, qcc_concat_requantize);
}
