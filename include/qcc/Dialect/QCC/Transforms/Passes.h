//===- Passes.h - qcc passes ------------------------------------*- C++ -*-===//
//
// This file declares the passes of the qcc dialect and their registration.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_TRANSFORMS_PASSES_H
#define QCC_DIALECT_QCC_TRANSFORMS_PASSES_H

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/Pass.h"

namespace qcc {

#define GEN_PASS_DECL
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"

} // namespace qcc

#endif // QCC_DIALECT_QCC_TRANSFORMS_PASSES_H
