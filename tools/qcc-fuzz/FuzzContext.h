//===- FuzzContext.h - what every qcc fuzz harness sets up ------*- C++ -*-===//
//
// This file declares the harnesses' shared part: a fresh MLIR context per
// input (so that nothing uniqued by one input survives into the next) whose
// diagnostics are swallowed (QCC_FUZZ_VERBOSE=1 prints them), and the import
// of the input as a binary ONNX model. A harness fails only by crashing,
// hanging, leaking or tripping a sanitizer; a diagnostic is the correct
// answer to a bad model.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_QCC_FUZZ_FUZZCONTEXT_H
#define QCC_TOOLS_QCC_FUZZ_FUZZCONTEXT_H

#include "qcc/Tools/ModelLoader.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/OwningOpRef.h"

#include <cstddef>
#include <cstdint>

namespace qcc::fuzz {

class FuzzContext {
public:
  FuzzContext();
  mlir::MLIRContext &context() { return tool_.context(); }
  /// Imports `size` bytes as a binary ONNX model; null when it is refused.
  mlir::OwningOpRef<mlir::ModuleOp> import(const uint8_t *data, size_t size);

private:
  ToolContext tool_;
  mlir::ScopedDiagnosticHandler quiet_;
};

} // namespace qcc::fuzz

#endif // QCC_TOOLS_QCC_FUZZ_FUZZCONTEXT_H
