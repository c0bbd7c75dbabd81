/*===- x86_elementwise.h - Elementwise kernels in x86-64 vectors --*- C -*-===//
//
// This file defines the x86-64 variants of add, mul and requantize, for
// the vector width and name suffix the including file picks
// (vector_avx512.c, vector_avx2.c). Add and mul take the runs of their
// broadcast walk (qcc_run_walk) in which each operand is contiguous or
// broadcast, 16 elements at a time on x86_vec.h's lanes with the output
// stage of gemm_x86.h — the common stage: double rounding, right shifts —
// and the rest as the portable kernels. Results are the portable kernels',
// for zero points and bounds of int8.
//
// The table lookup has no x86 variant: selecting among the table's 16
// pieces of 16 bytes by PSHUFB and a tree of byte blends took 1.8 times
// the portable kernel's time with AVX2 and 0.9 times with AVX-512BW on a
// Sapphire Rapids core (200,704 bytes: 0.23 and 0.11 ms against 0.13 ms);
// the 2-instruction VPERMI2B lookup needs AVX512_VBMI, which +avx512vnni
// does not imply.
//
//===----------------------------------------------------------------------===*/

#ifndef QCC_KERNELS_X86_ELEMENTWISE_H
#define QCC_KERNELS_X86_ELEMENTWISE_H

#include "gemm_x86.h"

/* 16 operand values from p, sign-extended: loaded, or for a broadcast
 * operand (step 0) the one at p in every lane. */
QCC_ALWAYS_INLINE qcc_v16 qcc_v16_load_run(const int8_t *p, int32_t step) {
  return step ? qcc_v16_load_s8(p) : qcc_v16_set1(*p);
}

/*===--- add --------------------------------------------------------------===*/

/* One operand of an add for 16 elements: ((q - Z) << left_shift)·M, with a
 * left shift that cannot saturate (see qcc_x86_add_body). */
QCC_ALWAYS_INLINE qcc_v16 qcc_add_operand_x86(qcc_v16 q, qcc_v16 zero,
                                              qcc_v16 left_shift,
                                              const qcc_stage_x86 *s) {
  return qcc_v16_scale(qcc_v16_sllv(qcc_v16_sub(q, zero), left_shift),
                       &s->scale);
}

/* qcc_add_s8 with x86 vectors where every shift is a right shift (the
 * operands' in [0, 31], the output's in [1, 31]) with double rounding and
 * the left shift is at most 22 (|q - Z| < 2^8, so neither the shift nor
 * the sum of the two scaled operands saturates); otherwise as qcc_add_s8.
 * Compiled once, as the NEON one. */
static __attribute__((noinline)) void
qcc_x86_add_body(const qcc_add_desc *d, const int8_t *lhs, const int8_t *rhs,
                 int8_t *output) {
  const int vectors =
      qcc_x86_common_stage(&d->out) && qcc_in_range(d->left_shift, 0, 22) &&
      qcc_in_range(d->lhs_shift, 0, 31) && qcc_in_range(d->rhs_shift, 0, 31);
  const qcc_v16 left_shift = qcc_v16_set1(d->left_shift);
  const qcc_v16 lhs_zero = qcc_v16_set1(d->lhs_zero_point);
  const qcc_v16 rhs_zero = qcc_v16_set1(d->rhs_zero_point);
  const qcc_stage_x86 lhs_scale =
      qcc_stage_x86_tensor(d->lhs_multiplier, d->lhs_shift, 1, &d->out);
  const qcc_stage_x86 rhs_scale =
      qcc_stage_x86_tensor(d->rhs_multiplier, d->rhs_shift, 1, &d->out);
  const qcc_stage_x86 out =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  qcc_run_walk w;
  for (qcc_run_walk_start(&w, &d->shape); w.run < w.runs;
       qcc_run_walk_next(&w, &d->shape)) {
    const int8_t *a = lhs + w.lhs, *b = rhs + w.rhs;
    int8_t *o = output + w.run * w.length;
    int32_t i = 0;
    for (; vectors && qcc_run_vectorizes(&w) && i + 16 <= w.length; i += 16) {
      const qcc_v16 x = qcc_add_operand_x86(
          qcc_v16_load_run(a + i * w.lhs_step, w.lhs_step), lhs_zero,
          left_shift, &lhs_scale);
      const qcc_v16 y = qcc_add_operand_x86(
          qcc_v16_load_run(b + i * w.rhs_step, w.rhs_step), rhs_zero,
          left_shift, &rhs_scale);
      qcc_stage_x86_store(&out, qcc_v16_add(x, y), o + i);
    }
    qcc_add_run(d, &w, lhs, rhs, output, i);
  }
}

void QCC_X86_NAME(qcc_add_s8)(const qcc_add_desc *d, const int8_t *lhs,
                              const int8_t *rhs, int8_t *output) {
  qcc_add_desc copy = *d;
  qcc_x86_add_body(&copy, lhs, rhs, output);
}

/*===--- mul --------------------------------------------------------------===*/

/* qcc_mul_s8 with x86 vectors for the common stage; compiled once. */
static __attribute__((noinline)) void
qcc_x86_mul_body(const qcc_mul_desc *d, const int8_t *lhs, const int8_t *rhs,
                 int8_t *output) {
  const int vectors = qcc_x86_common_stage(&d->out);
  const qcc_v16 lhs_zero = qcc_v16_set1(d->lhs_zero_point);
  const qcc_v16 rhs_zero = qcc_v16_set1(d->rhs_zero_point);
  const qcc_stage_x86 out =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  qcc_run_walk w;
  for (qcc_run_walk_start(&w, &d->shape); w.run < w.runs;
       qcc_run_walk_next(&w, &d->shape)) {
    const int8_t *a = lhs + w.lhs, *b = rhs + w.rhs;
    int8_t *o = output + w.run * w.length;
    int32_t i = 0;
    for (; vectors && qcc_run_vectorizes(&w) && i + 16 <= w.length; i += 16) {
      const qcc_v16 x = qcc_v16_sub(
          qcc_v16_load_run(a + i * w.lhs_step, w.lhs_step), lhs_zero);
      const qcc_v16 y = qcc_v16_sub(
          qcc_v16_load_run(b + i * w.rhs_step, w.rhs_step), rhs_zero);
      qcc_stage_x86_store(&out, qcc_v16_mullo(x, y), o + i);
    }
    qcc_mul_run(d, &w, lhs, rhs, output, i);
  }
}

void QCC_X86_NAME(qcc_mul_s8)(const qcc_mul_desc *d, const int8_t *lhs,
                              const int8_t *rhs, int8_t *output) {
  qcc_mul_desc copy = *d;
  qcc_x86_mul_body(&copy, lhs, rhs, output);
}

/*===--- requantize -------------------------------------------------------===*/

/* qcc_requantize_s8 with x86 vectors for the common stage; compiled once. */
static __attribute__((noinline)) void
qcc_x86_requantize_body(const qcc_requantize_desc *d, const int8_t *input,
                        int8_t *output) {
  const qcc_v16 zero = qcc_v16_set1(d->input_zero_point);
  const qcc_stage_x86 out =
      qcc_stage_x86_tensor(d->out.multiplier, d->out.shift, 0, &d->out);
  int32_t i = 0;
  for (; qcc_x86_common_stage(&d->out) && i + 16 <= d->count; i += 16)
    qcc_stage_x86_store(&out, qcc_v16_sub(qcc_v16_load_s8(input + i), zero),
                        output + i);
  for (; i < d->count; ++i)
    output[i] = qcc_internal_requant(&d->out, input[i] - d->input_zero_point);
}

void QCC_X86_NAME(qcc_requantize_s8)(const qcc_requantize_desc *d,
                                     const int8_t *input, int8_t *output) {
  qcc_requantize_desc copy = *d;
  qcc_x86_requantize_body(&copy, input, output);
}

#endif /* QCC_KERNELS_X86_ELEMENTWISE_H */
