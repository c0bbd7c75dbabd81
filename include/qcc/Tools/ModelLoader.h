//===- ModelLoader.h - reading models for the command-line tools -*- C++ -*-===//
//
// This file declares what qcc and qcc-run share: reading a model by its
// extension (.onnx, .onnxtext, .mlir) and printing diagnostics, including
// the ONNX importer's file-level ones, as one line each.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_MODELLOADER_H
#define QCC_TOOLS_MODELLOADER_H

#include "qcc/Import/ONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>
#include <string>

namespace qcc {

/// Prints diagnostics located in a whole file (the ONNX importer's, which
/// have no line) as "file: error: [node 'NAME': ]message", and the rest with
/// their source lines.
class FileLevelDiagnostics : public mlir::SourceMgrDiagnosticHandler {
public:
  FileLevelDiagnostics(llvm::SourceMgr &mgr, mlir::MLIRContext *context,
                       llvm::raw_ostream &os);
};

/// While alive, captures the first diagnostic (of a pass pipeline) as one
/// line, "node 'NAME': message" when its location names an ONNX node, and
/// swallows the rest.
class FirstDiagnostic {
public:
  explicit FirstDiagnostic(mlir::MLIRContext &context);
  const std::string &message() const { return first_; }

private:
  std::string first_;
  mlir::ScopedDiagnosticHandler handler_;
};

/// Parses NAME=FILE.pb bindings (the --constant-input flag) into `options`;
/// on a malformed one returns false with `error` set.
bool parseConstantInputs(llvm::ArrayRef<std::string> bindings,
                         ImportOptions &options, std::string &error);

/// Reads the model at `path` according to its extension. Problems with the
/// file itself go to `fail`; problems inside it to the context's
/// diagnostics. Returns null on failure.
mlir::OwningOpRef<mlir::ModuleOp>
loadModel(llvm::StringRef path, const ImportOptions &options,
          llvm::SourceMgr &sourceMgr, mlir::MLIRContext &context,
          llvm::function_ref<void(const llvm::Twine &)> fail);

/// A model to read: a file (.onnx, .onnxtext, .mlir), or, when `bytes` is
/// set, a binary ONNX model in memory that `path` names in diagnostics.
struct ModelSource {
  std::string path;
  std::optional<llvm::StringRef> bytes;
};

/// What a tool needs to read models: a context with qcc's dialects whose
/// diagnostics print one line each (without dumping the op) to `os`
/// (standard error for the command-line tools, a string for Python).
class ToolContext {
public:
  explicit ToolContext(llvm::raw_ostream &os = llvm::errs());
  mlir::MLIRContext &context() { return context_; }
  /// Reads the model with the tool's --constant-input bindings; problems go
  /// to `fail` or the diagnostics. Returns null on failure.
  mlir::OwningOpRef<mlir::ModuleOp>
  load(const ModelSource &model, llvm::ArrayRef<std::string> constantInputs,
       llvm::function_ref<void(const llvm::Twine &)> fail);

private:
  mlir::MLIRContext context_;
  llvm::SourceMgr sourceMgr_;
  FileLevelDiagnostics diagnostics_;
};

} // namespace qcc

#endif // QCC_TOOLS_MODELLOADER_H
