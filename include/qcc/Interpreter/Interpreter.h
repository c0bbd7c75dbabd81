//===- Interpreter.h - reference interpreter of the qcc dialect -*- C++ -*-===//
//
// This file declares the reference interpreter: it executes a function of
// qcc ops, at the float level (ONNX semantics, fake_quant as
// QuantizeLinear + DequantizeLinear) and at the integer level (the
// fixed-point primitives of runtime/include/qcc/fixedpoint.h, no float), with
// plain loops written to be obviously right. It is the oracle every compiled
// target is compared with, and the engine calibration runs on.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INTERPRETER_INTERPRETER_H
#define QCC_INTERPRETER_INTERPRETER_H

#include "qcc/Interpreter/Tensor.h"

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/ArrayRef.h"

#include <functional>
#include <vector>

namespace mlir {
class Operation;
class Type;
namespace func {
class FuncOp;
} // namespace func
} // namespace mlir

namespace qcc::interp {

/// Called after every executed op with its results, in program order: the
/// hook for calibration statistics and per-layer error reports.
using Observer =
    std::function<void(mlir::Operation *op, llvm::ArrayRef<Tensor> results)>;

/// Runs `func` on `inputs` (one per argument, matching its shape and element
/// type: f32 as F32, quantized tensors as their storage type). On failure a
/// diagnostic names the argument or op at fault.
mlir::FailureOr<std::vector<Tensor>> run(mlir::func::FuncOp func,
                                         llvm::ArrayRef<Tensor> inputs,
                                         const Observer &observer = {});

/// Evaluates one op (its fused activation included) on the values of its
/// operands, in order: the engine of qcc-fold-constants. On failure a
/// diagnostic names the op.
mlir::FailureOr<Tensor> evaluate(mlir::Operation *op,
                                 llvm::ArrayRef<const Tensor *> operands);

/// The dtype a value of `type` (a ranked tensor) is held in, or failure for
/// element types the interpreter does not hold.
mlir::FailureOr<DType> dtypeOf(mlir::Type type);

} // namespace qcc::interp

#endif // QCC_INTERPRETER_INTERPRETER_H
