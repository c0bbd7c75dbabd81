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
                                          cl::desc("<model.mlir>"),
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

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc") << message << "\n";
  return 1;
}

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
      "  Reads a model in the qcc dialect (.mlir), runs the qcc-compile\n"
      "  pipeline (today: canonicalization and CSE; quantization and code\n"
      "  generation are being built) and writes the result.\n\n"
      "  Example: qcc model.mlir --emit=mlir -o model.out.mlir\n");

  static const char *const planned[] = {"lib", "obj", "llvm", "c"};
  if (emitKind != "mlir") {
    if (llvm::is_contained(planned, StringRef(emitKind)))
      return fail("--emit=" + emitKind +
                  " is not implemented yet (implemented: mlir)");
    return fail("unknown --emit kind '" + emitKind +
                "' (implemented: mlir)");
  }
  if (!StringRef(inputFilename).ends_with(".mlir"))
    return fail("cannot read '" + inputFilename +
                "': only .mlir input is implemented yet (ONNX import is "
                "being built)");

  DialectRegistry registry;
  qcc::registerQccDialects(registry);
  MLIRContext context(registry);

  std::string error;
  std::unique_ptr<MemoryBuffer> input =
      openInputFile(inputFilename, &error);
  if (!input)
    return fail(error);
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(input), SMLoc());
  SourceMgrDiagnosticHandler diagnostics(sourceMgr, &context);

  OwningOpRef<ModuleOp> module =
      parseSourceFile<ModuleOp>(sourceMgr, &context);
  if (!module)
    return 1;

  PassManager pm(&context);
  qcc::buildQccCompilePipeline(pm);
  if (failed(pm.run(*module)))
    return 1;

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
