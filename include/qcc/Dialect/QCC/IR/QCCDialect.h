//===- QCCDialect.h - qcc dialect, enums and attributes ---------*- C++ -*-===//
//
// This file declares the qcc dialect class together with its enums and
// attributes (`#qcc.requant`).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCDIALECT_H
#define QCC_DIALECT_QCC_IR_QCCDIALECT_H

#include "mlir/IR/Attributes.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Dialect.h"

#include "qcc/Dialect/QCC/IR/QCCDialect.h.inc"
#include "qcc/Dialect/QCC/IR/QCCEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "qcc/Dialect/QCC/IR/QCCAttrs.h.inc"

namespace mlir::quant {
class UniformQuantizedType;
} // namespace mlir::quant

namespace qcc {

/// The output stage that maps accumulators to an output grid: the real
/// multiplier of each channel (`multipliers`, e.g. S_in·S_w[c] / S_out)
/// becomes (M0, n) with qcc_quantize_multiplier. Fails through `emitError`
/// when one cannot be represented.
mlir::FailureOr<RequantAttr>
buildRequant(mlir::MLIRContext *context, llvm::ArrayRef<double> multipliers,
             int32_t zeroPoint, int32_t min, int32_t max, RoundingMode rounding,
             llvm::function_ref<mlir::InFlightDiagnostic()> emitError);

/// The per-tensor 8-bit type (uint8, or int8 when `isSigned`) whose grid
/// covers [min, max] (qcc::gridForRange).
mlir::quant::UniformQuantizedType rangeType(mlir::MLIRContext *context,
                                            double min, double max,
                                            bool isSigned);

/// Names a value for diagnostics: "input 'x'" for an argument with its
/// ONNX name, "the output of node 'conv1' (qcc.conv2d)" for an op result
/// whose location carries the node's name.
std::string describeValue(mlir::Value value);

} // namespace qcc

#endif // QCC_DIALECT_QCC_IR_QCCDIALECT_H
