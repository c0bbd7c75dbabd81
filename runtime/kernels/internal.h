/*===- internal.h - Helpers shared by the portable kernels ---------*- C -*-===//
//
// This file holds what several kernel files need: the per-tensor output
// stage and a row-major walk over up to QCC_MAX_RANK dimensions. It is not
// part of the runtime's interface.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_INTERNAL_H
#define QCC_KERNELS_INTERNAL_H

#include "qcc/fixedpoint.h"
#include "qcc/kernels.h"

/* The output stage of a per-tensor descriptor, narrowed to int8. */
static inline int8_t qcc_internal_requant(const qcc_requant_desc *r,
                                          int32_t acc) {
  return (int8_t)qcc_requantize(acc, r->multiplier, r->shift, r->zero_point,
                                r->min, r->max, r->rounding);
}

/* Advances the multi-index `index` over `dims` by one element, row major. */
static inline void qcc_internal_next(int32_t rank, const int32_t *dims,
                                     int32_t *index) {
  int32_t d;
  for (d = rank - 1; d >= 0; --d) {
    if (++index[d] < dims[d])
      return;
    index[d] = 0;
  }
}

/* The linear offset Σ_d index[d]·strides[d]. */
static inline int32_t qcc_internal_offset(int32_t rank, const int32_t *index,
                                          const int32_t *strides) {
  int32_t offset = 0, d;
  for (d = 0; d < rank; ++d)
    offset += index[d] * strides[d];
  return offset;
}

/* The number of elements of `dims`. */
static inline int32_t qcc_internal_count(int32_t rank, const int32_t *dims) {
  int32_t n = 1, d;
  for (d = 0; d < rank; ++d)
    n *= dims[d];
  return n;
}

#endif /* QCC_KERNELS_INTERNAL_H */
