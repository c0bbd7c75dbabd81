//===- PointwiseChain.h - elementwise functions of one tensor ---*- C++ -*-===//
//
// This file declares the pointwise chain: a group of elementwise float ops
// that together compute y = f(x) from one tensor x and scalar constants,
// such as hardswish exported as Mul(x, HardSigmoid(x)) or SiLU as
// Mul(x, Sigmoid(x)). Between two quantization points (QAT leaves the
// inner values float) such a chain needs no range of its own inside: on an
// 8-bit input it is one lookup table from the input grid to the output
// grid. qcc-propagate-ranges leaves its inner values unranged and
// qcc-quantize tabulates it.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_POINTWISECHAIN_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_POINTWISECHAIN_H

#include "mlir/IR/Operation.h"
#include "mlir/IR/Value.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/ADT/SmallVector.h"

#include <optional>

namespace qcc {

struct PointwiseChain {
  /// The one non-constant tensor the chain reads.
  mlir::Value source;
  /// The chain's ops in program order; the last is the root.
  llvm::SmallVector<mlir::Operation *> ops;
};

/// The chain that ends at `root`: pointwise ops (qcc/Interpreter/
/// Pointwise.h) of the source's shape whose operands are the source, scalar
/// constants or results of chain ops that nothing outside the chain reads.
/// Walking back from the root stops at the first value `isSource` accepts;
/// there must be exactly one such value. Nothing when `root` does not end
/// such a chain.
std::optional<PointwiseChain>
pointwiseChain(mlir::Operation *root,
               llvm::function_ref<bool(mlir::Value)> isSource);

/// f(x): the chain at one value of its source, fused activations included.
double evaluate(const PointwiseChain &chain, double x);

} // namespace qcc

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_POINTWISECHAIN_H
