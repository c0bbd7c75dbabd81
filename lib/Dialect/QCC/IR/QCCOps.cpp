//===- QCCOps.cpp - generated qcc op definitions --------------------------===//
//
// This file instantiates the TableGen-generated op classes. Verifiers live in
// GraphOps.cpp and QuantOps.cpp, folders in Folds.cpp.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include "qcc/Dialect/QCC/IR/QCCInterfaces.cpp.inc"

#define GET_OP_CLASSES
#include "qcc/Dialect/QCC/IR/QCCOps.cpp.inc"
