//===- Pointwise.h - one element of the float level's pointwise ops -*- C++ -*-===//
//
// This file declares the one definition of each elementwise float-level op
// on single numbers (Add, Sub, Mul, Div, Pow, Relu, Sigmoid, Erf, Gelu,
// Sqrt, Tanh, LeakyRelu, Clamp, HardSigmoid, HardSwish). The reference
// interpreter applies it in float32 to every element, as ONNX Runtime
// computes; the quantizer applies it in double to the 256 values of an
// 8-bit grid to build lookup tables, so a table and the op it replaces
// cannot disagree about what the op is.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INTERPRETER_POINTWISE_H
#define QCC_INTERPRETER_POINTWISE_H

#include "llvm/ADT/ArrayRef.h"

#include <optional>

namespace mlir {
class Operation;
} // namespace mlir

namespace qcc::interp {

/// Whether `op` is one of the elementwise ops pointwise() computes.
bool isPointwise(mlir::Operation *op);

/// `op` at operand values `args` (one per operand), without the op's fused
/// activation; nothing for an op that is not pointwise. T is float or
/// double.
template <typename T>
std::optional<T> pointwise(mlir::Operation *op, llvm::ArrayRef<T> args);

} // namespace qcc::interp

#endif // QCC_INTERPRETER_POINTWISE_H
