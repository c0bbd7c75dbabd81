//===- InitAll.h - register qcc's dialects, passes, pipelines ---*- C++ -*-===//
//
// This file declares the one place the tools get their dialects and passes
// from, so qcc and qcc-opt always accept the same IR.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INITALL_H
#define QCC_INITALL_H

namespace mlir {
class DialectRegistry;
} // namespace mlir

namespace qcc {

/// Adds the qcc dialect and the upstream dialects qcc IR uses (builtin,
/// func, arith, quant) to `registry`.
void registerQccDialects(mlir::DialectRegistry &registry);

/// Registers qcc's passes, its pipelines and the upstream passes they use.
void registerQccPassesAndPipelines();

} // namespace qcc

#endif // QCC_INITALL_H
