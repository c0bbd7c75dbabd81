//===- qcc.cpp - the qcc compiler driver ----------------------------------===//
//
// This file is the `qcc` command: it reads a model, runs qcc's compilation
// pipeline and writes the requested output. It only parses flags and calls
// library functions; the output file is written only when every step
// succeeded, so a failed run leaves no partial file behind.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Support/FileUtilities.h"
#include "qcc/Import/ONNX/ImportONNX.h"
#include "qcc/InitAll.h"
#include "qcc/Pipelines/Pipelines.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/ToolOutputFile.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace mlir;

static cl::OptionCategory qccCategory("qcc options");

static cl::opt<std::string> inputFilename(cl::Positional, cl::Required,
                                          cl::desc("<model.onnx|.onnxtext|.mlir>"),
                                          cl::cat(qccCategory));

static cl::opt<std::string>
    outputFilename("o", cl::value_desc("file"), cl::init("-"),
                   cl::desc("Output file ('-' for stdout, the default)"),
                   cl::cat(qccCategory));

static cl::opt<std::string> emitKind(
    "emit", cl::value_desc("kind"), cl::init("mlir"),
    cl::desc("What to write. Implemented: mlir (the IR after qcc's "
             "pipeline).\nExample: qcc model.mlir --emit=mlir -o out.mlir"),
    cl::cat(qccCategory));

static cl::list<std::string> constantInputs(
    "constant-input", cl::value_desc("name=file.pb"),
    cl::desc("Treat ONNX graph input NAME as a constant whose value is the\n"
             "TensorProto in FILE.pb (for models that take shapes or\n"
             "quantization parameters as inputs). Repeatable.\n"
             "Example: --constant-input=y_scale=input_1.pb"),
    cl::cat(qccCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc") << message << "\n";
  return 1;
}

namespace {

/// Prints diagnostics located in a whole file (the ONNX importer's, which
/// have no line) as "file: error: message", and the rest with source lines.
class FileLevelDiagnostics : public SourceMgrDiagnosticHandler {
public:
  FileLevelDiagnostics(llvm::SourceMgr &mgr, MLIRContext *context)
      : SourceMgrDiagnosticHandler(mgr, context) {
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
      errs() << loc.getFilename().getValue() << ": " << severity << ": ";
      if (!node.empty())
        errs() << "node '" << node << "': ";
      errs() << diag.str() << "\n";
    });
  }
};

/// Reads the model named by `path` according to its extension.
OwningOpRef<ModuleOp> loadModel(StringRef path, llvm::SourceMgr &sourceMgr,
                                MLIRContext &context) {
  qcc::ImportOptions options;
  for (StringRef binding : constantInputs) {
    auto [name, file] = binding.split('=');
    if (name.empty() || file.empty()) {
      fail("--constant-input expects NAME=FILE.pb but got '" + binding + "'");
      return nullptr;
    }
    options.constantInputs[name] = file.str();
  }
  if (path.ends_with(".onnx")) {
    auto module = qcc::importONNXFile(path, context, options);
    return succeeded(module) ? std::move(*module) : nullptr;
  }
  std::string error;
  std::unique_ptr<MemoryBuffer> input = openInputFile(path, &error);
  if (!input) {
    fail(error);
    return nullptr;
  }
  if (path.ends_with(".onnxtext")) {
    auto module =
        qcc::importONNXText(input->getBuffer(), path, context, options);
    return succeeded(module) ? std::move(*module) : nullptr;
  }
  if (!path.ends_with(".mlir")) {
    fail("cannot read '" + path +
         "': expected a .onnx, .onnxtext or .mlir file");
    return nullptr;
  }
  sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
  return parseSourceFile<ModuleOp>(sourceMgr, &context);
}

} // namespace

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "qcc " << QCC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(qccCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "qcc: compile a neural network into integer-only code\n\n"
      "  Reads an ONNX model (binary .onnx, or ONNX's text format in\n"
      "  .onnxtext) or a model in the qcc dialect (.mlir), runs the\n"
      "  qcc-compile pipeline (today: canonicalization and CSE; quantization\n"
      "  and code generation are being built) and writes the result.\n\n"
      "  Example: qcc model.onnx --emit=mlir -o model.mlir\n");

  static const char *const planned[] = {"lib", "obj", "llvm", "c"};
  if (emitKind != "mlir") {
    if (llvm::is_contained(planned, StringRef(emitKind)))
      return fail("--emit=" + emitKind +
                  " is not implemented yet (implemented: mlir)");
    return fail("unknown --emit kind '" + emitKind +
                "' (implemented: mlir)");
  }
  DialectRegistry registry;
  qcc::registerQccDialects(registry);
  MLIRContext context(registry);
  llvm::SourceMgr sourceMgr;
  FileLevelDiagnostics diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module = loadModel(inputFilename, sourceMgr, context);
  if (!module)
    return 1;

  PassManager pm(&context);
  qcc::buildQccCompilePipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

  std::string error;
  std::unique_ptr<ToolOutputFile> output =
      openOutputFile(outputFilename, &error);
  if (!output)
    return fail(error);
  module->print(output->os());
  output->os().flush();
  if (output->os().has_error())
    return fail("cannot write '" + outputFilename + "'");
  output->keep();
  return 0;
}
