//===- QCCOps.h - qcc operations --------------------------------*- C++ -*-===//
//
// This file declares the operations of the qcc dialect (both levels).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCOPS_H
#define QCC_DIALECT_QCC_IR_QCCOPS_H

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"

#include <optional>

#include "qcc/Dialect/QCC/IR/QCCInterfaces.h.inc"

#define GET_OP_CLASSES
#include "qcc/Dialect/QCC/IR/QCCOps.h.inc"

#endif // QCC_DIALECT_QCC_IR_QCCOPS_H
