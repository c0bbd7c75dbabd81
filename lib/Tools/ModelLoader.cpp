//===- ModelLoader.cpp - reading models for the command-line tools --------===//
//
// This file implements model loading and diagnostic printing shared by qcc
// and qcc-run.
//
//===----------------------------------------------------------------------===//

#include "qcc/Tools/ModelLoader.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/DialectRegistry.h"
#include "qcc/InitAll.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Support/FileUtilities.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

namespace qcc {

FirstDiagnostic::FirstDiagnostic(MLIRContext &context)
    : handler_(&context, [this](Diagnostic &diag) {
        if (first_.empty()) {
          if (auto named = dyn_cast<NameLoc>(diag.getLocation()))
            first_ = "node '" + named.getName().str() + "': ";
          first_ += diag.str();
        }
        return success();
      }) {}

FileLevelDiagnostics::FileLevelDiagnostics(llvm::SourceMgr &mgr,
                                           MLIRContext *context,
                                           llvm::raw_ostream &os)
    : SourceMgrDiagnosticHandler(mgr, context, os) {
  setHandler([this](Diagnostic &diag) {
    // Ops imported from ONNX are located at NameLoc(node, file:0:0).
    Location location = diag.getLocation();
    std::string node;
    if (auto named = dyn_cast<NameLoc>(location)) {
      node = named.getName().str();
      location = named.getChildLoc();
    }
    auto loc = dyn_cast<FileLineColLoc>(location);
    if (!loc || loc.getLine() != 0) {
      emitDiagnostic(diag);
      return;
    }
    const char *severity =
        diag.getSeverity() == DiagnosticSeverity::Error     ? "error"
        : diag.getSeverity() == DiagnosticSeverity::Warning ? "warning"
                                                            : "remark";
    this->os << loc.getFilename().getValue() << ": " << severity << ": ";
    if (!node.empty())
      this->os << "node '" << node << "': ";
    this->os << diag.str() << "\n";
  });
}

bool parseConstantInputs(ArrayRef<std::string> bindings,
                         ImportOptions &options, std::string &error) {
  for (StringRef binding : bindings) {
    auto [name, file] = binding.split('=');
    if (name.empty() || file.empty()) {
      error = "--constant-input expects NAME=FILE.pb but got '" +
              binding.str() + "'";
      return false;
    }
    options.constantInputs[name] = file.str();
  }
  return true;
}

OwningOpRef<ModuleOp> loadModel(StringRef path, const ImportOptions &options,
                                llvm::SourceMgr &sourceMgr,
                                MLIRContext &context,
                                llvm::function_ref<void(const Twine &)> fail) {
  if (path.ends_with(".onnx")) {
    auto module = importONNXFile(path, context, options);
    return succeeded(module) ? std::move(*module) : nullptr;
  }
  std::string error;
  std::unique_ptr<llvm::MemoryBuffer> input = openInputFile(path, &error);
  if (!input) {
    fail(error);
    return nullptr;
  }
  if (path.ends_with(".onnxtext")) {
    auto module = importONNXText(input->getBuffer(), path, context, options);
    return succeeded(module) ? std::move(*module) : nullptr;
  }
  if (!path.ends_with(".mlir")) {
    fail("cannot read '" + path +
         "': expected a .onnx, .onnxtext or .mlir file");
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(input), llvm::SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

static DialectRegistry qccRegistry() {
  DialectRegistry registry;
  registerQccDialects(registry);
  return registry;
}

ToolContext::ToolContext(llvm::raw_ostream &os)
    : context_(qccRegistry()), diagnostics_(sourceMgr_, &context_, os) {
  // Diagnostics name the op; printing the whole op (often the function)
  // after them would bury the message.
  context_.printOpOnDiagnostic(false);
}

OwningOpRef<ModuleOp>
ToolContext::load(const ModelSource &model,
                  ArrayRef<std::string> constantInputs,
                  llvm::function_ref<void(const Twine &)> fail) {
  ImportOptions options;
  std::string error;
  if (!parseConstantInputs(constantInputs, options, error)) {
    fail(error);
    return nullptr;
  }
  if (!model.bytes)
    return loadModel(model.path, options, sourceMgr_, context_, fail);
  auto module = importONNXBuffer(*model.bytes, model.path, context_, options);
  return succeeded(module) ? std::move(*module) : nullptr;
}

} // namespace qcc
