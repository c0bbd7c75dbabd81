//===- StoredOutputs.h - a model's outputs as stored integers ---*- C++ -*-===//
//
// This file declares the rewrite behind `qcc-run --output-type=stored`: at
// the integer level a model's results are dequantized at the end, while the
// compiled NAME_run writes the stored integers; returning the values before
// that last step gives exactly the bytes compiled code writes.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_STOREDOUTPUTS_H
#define QCC_TOOLS_STOREDOUTPUTS_H

#include "mlir/Dialect/Func/IR/FuncOps.h"

#include <string>

namespace qcc {

/// Makes `func` return the stored integers of its results: a result that a
/// qcc.dequantize computes returns that op's quantized operand instead;
/// quantized and integer results stay. Fails with `error` naming the first
/// result that is float without a dequantize (no stored form).
mlir::LogicalResult returnStoredValues(mlir::func::FuncOp func,
                                       std::string &error);

} // namespace qcc

#endif // QCC_TOOLS_STOREDOUTPUTS_H
