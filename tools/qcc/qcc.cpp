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
#include "qcc/Calibration/Statistics.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"
#include "qcc/InitAll.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Pipelines/Pipelines.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Process.h"
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
    cl::desc("What to write. Implemented: mlir (the integer-level IR after\n"
             "qcc's quantization pipeline; the model must be fake-quantized,\n"
             "or calibrated with --calibrate), float (the float level after\n"
             "batch-norm folding, activation fusion and canonicalization),\n"
             "import (the IR as imported).\n"
             "Example: qcc model.onnx --emit=mlir -o model.mlir"),
    cl::cat(qccCategory));

static cl::list<std::string> constantInputs(
    "constant-input", cl::value_desc("name=file.pb"),
    cl::desc("Treat ONNX graph input NAME as a constant whose value is the\n"
             "TensorProto in FILE.pb (for models that take shapes or\n"
             "quantization parameters as inputs). Repeatable.\n"
             "Example: --constant-input=y_scale=input_1.pb"),
    cl::cat(qccCategory));

static cl::opt<std::string> rounding(
    "rounding", cl::value_desc("mode"), cl::init("double"),
    cl::desc("Requantization rounding of the integer level: double\n"
             "(gemmlowp: a rounding high multiply, then a rounding shift)\n"
             "or single (TFLite: one rounding of the 64-bit product).\n"
             "Example: --rounding=single"),
    cl::cat(qccCategory));

static cl::opt<std::string> calibrate(
    "calibrate", cl::value_desc("dir|file"),
    cl::desc("Post-training quantization: run the model on these samples\n"
             "(a directory of .npy/.pb files, one sample each, or one file\n"
             "holding a sample or a batch along its first dimension) and\n"
             "quantize every tensor that has no fake_quant to the range it\n"
             "took. Weights become per-channel symmetric int8.\n"
             "Example: qcc float.onnx --calibrate=calibration_images.npy"),
    cl::cat(qccCategory));

static cl::opt<std::string> calibrationMethod(
    "calibration-method", cl::value_desc("method"), cl::init("minmax"),
    cl::desc("How --calibrate picks a range from a tensor's values: minmax\n"
             "(observed extremes), percentile (0.01%/99.99% points) or mse\n"
             "(least squared quantization error).\n"
             "Example: --calibration-method=mse"),
    cl::cat(qccCategory));

static cl::opt<std::string> activations(
    "activations", cl::value_desc("type"), cl::init("uint8"),
    cl::desc("Storage of the activations --calibrate quantizes: uint8 or\n"
             "int8 (both asymmetric, with a zero point).\n"
             "Example: --activations=int8"),
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
      "  Reads an ONNX model (binary .onnx, or ONNX's text format in\n"
      "  .onnxtext) or a model in the qcc dialect (.mlir), runs qcc's\n"
      "  pipeline (batch-norm folding, activation fusion, calibration of\n"
      "  float models, quantization to integer ops; code generation is\n"
      "  being built) and writes the result.\n\n"
      "  Example: qcc model.onnx --emit=mlir -o model.mlir\n");

  static const char *const planned[] = {"lib", "obj", "llvm", "c"};
  if (!qcc::symbolizeRoundingMode(rounding))
    return fail("unknown --rounding '" + rounding +
                "' (expected double or single)");
  if (!qcc::calibration::parseMethod(calibrationMethod))
    return fail("unknown --calibration-method '" + calibrationMethod +
                "' (expected minmax, percentile or mse)");
  if (activations != "uint8" && activations != "int8")
    return fail("unknown --activations '" + activations +
                "' (expected uint8 or int8)");
  if (!calibrate.empty() && emitKind != "mlir")
    return fail("--calibrate applies to --emit=mlir only");
  static const char *const implemented[] = {"mlir", "float", "import"};
  if (!llvm::is_contained(implemented, StringRef(emitKind))) {
    if (llvm::is_contained(planned, StringRef(emitKind)))
      return fail("--emit=" + emitKind +
                  " is not implemented yet (implemented: mlir, float, "
                  "import)");
    return fail("unknown --emit kind '" + emitKind +
                "' (implemented: mlir, float, import)");
  }
  qcc::ToolContext tool;
  MLIRContext &context = tool.context();
  OwningOpRef<ModuleOp> module = tool.load(
      inputFilename, constantInputs, [](const Twine &message) { fail(message); });
  if (!module)
    return 1;

  if (emitKind != "import") {
    // One line for the first problem: the passes report on ops.
    qcc::FirstDiagnostic problem(context);
    PassManager pm(&context);
    if (emitKind == "mlir") {
      qcc::QuantizePipelineOptions options;
      options.rounding = rounding;
      options.calibrate = calibrate;
      options.calibrationMethod = calibrationMethod;
      options.activations = activations;
      options.progress = sys::Process::StandardErrIsDisplayed();
      qcc::buildQccQuantizePipeline(pm, options);
    } else {
      qcc::buildQccCompilePipeline(pm);
    }
    if (failed(pm.run(*module)))
      return fail("cannot " +
                  Twine(emitKind == "mlir" ? "quantize" : "compile") +
                  " the model: " + problem.message());
  }

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
