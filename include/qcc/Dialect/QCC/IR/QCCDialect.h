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

#endif // QCC_DIALECT_QCC_IR_QCCDIALECT_H
