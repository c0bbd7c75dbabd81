//===- QCCOps.td - all qcc ops ------------------------------*- tablegen -*-===//
//
// This file gathers both levels of the qcc dialect for TableGen.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCOPS_TD
#define QCC_DIALECT_QCC_IR_QCCOPS_TD

include "qcc/Dialect/QCC/IR/QCCGraphOps.td"
include "qcc/Dialect/QCC/IR/QCCQuantOps.td"
include "qcc/Dialect/QCC/IR/QCCKernelOps.td"

#endif // QCC_DIALECT_QCC_IR_QCCOPS_TD
