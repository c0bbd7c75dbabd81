//===- qcc-run.cpp - run a model with the reference interpreter -----------===//
//
// This file is the qcc-run command: it reads a model, runs it with the
// reference interpreter on .npy (or ONNX TensorProto .pb) inputs and writes
// every output as .npy. It is the oracle compiled code is checked against.
//
//===----------------------------------------------------------------------===//

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Interpreter/TensorIO.h"
#include "qcc/Support/OutputFiles.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/QuantizeOptions.h"
#include "qcc/Tools/TensorDump.h"
#include "qcc/Tools/Run.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/WithColor.h"

using namespace llvm;
using namespace mlir;

static cl::OptionCategory runCategory("qcc-run options");

static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx|.onnxtext|.mlir>"),
                                      cl::cat(runCategory));

static cl::list<std::string> inputPaths(
    "input", cl::value_desc("file"),
    cl::desc("An input, in the order of the model's inputs: .npy (float32,\n"
             "int8, uint8, int32, int64) or an ONNX TensorProto .pb.\n"
             "Repeatable. Example: --input x.npy"),
    cl::cat(runCategory));

static cl::list<std::string> outputPaths(
    "o", cl::value_desc("file|dir"),
    cl::desc("One .npy file per model output, in order; or one directory,\n"
             "which receives output_0.npy, output_1.npy, ..."),
    cl::cat(runCategory));

static cl::opt<bool> batch(
    "batch",
    cl::desc("Treat dimension 0 of every input as a batch of samples: run\n"
             "the model (whose inputs have batch 1) once per sample and\n"
             "stack the outputs along dimension 0.\n"
             "Example: qcc-run model.onnx --batch --input images.npy -o scores.npy"),
    cl::cat(runCategory));

enum class Stage { Float, Integer };
static cl::opt<Stage> stage(
    "stage", cl::init(Stage::Float),
    cl::desc("Which form of the model to run:"),
    cl::values(
        clEnumValN(Stage::Float, "float",
                   "the model as imported (float ops with fake_quant)"),
        clEnumValN(Stage::Integer, "integer",
                   "the model after qcc's quantization pipeline: integer\n"
                   "ops only (fake-quantized models; the pass lowers conv,\n"
                   "fully-connected, their activations, max pooling and\n"
                   "layout ops so far)")),
    cl::cat(runCategory));

enum class OutputType { Real, Stored };
static cl::opt<OutputType> outputType(
    "output-type", cl::init(OutputType::Real),
    cl::desc("What the output files hold:"),
    cl::values(
        clEnumValN(OutputType::Real, "real",
                   "the real values of the outputs, as float32 (at\n"
                   "--stage=integer, the stored integers dequantized)"),
        clEnumValN(OutputType::Stored, "stored",
                   "with --stage=integer: the stored integers (uint8 or\n"
                   "int8), the bytes compiled code writes")),
    cl::cat(runCategory));

static qcc::QuantizeCommandLine quantizeOptions(runCategory);

static cl::opt<std::string> dumpDir(
    "dump", cl::value_desc("dir"),
    cl::desc("Also write every intermediate tensor into this directory,\n"
             "as NNNN_<op>_<ONNX node>.npy in execution order, with\n"
             "index.json: each file's node, type, shape and, for quantized\n"
             "tensors, the scale and zero point of its stored integers"),
    cl::cat(runCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc-run") << message << "\n";
  return 1;
}

/// Where output `i` goes: its own file, or DIR/output_i.npy.
static std::string outputPath(size_t i) {
  if (outputPaths.size() == 1 && sys::fs::is_directory(outputPaths[0])) {
    SmallString<256> path(outputPaths[0]);
    sys::path::append(path, "output_" + std::to_string(i) + ".npy");
    return std::string(path);
  }
  return outputPaths[i];
}

int main(int argc, char **argv) {
  InitLLVM initLLVM(argc, argv);
  cl::SetVersionPrinter([](raw_ostream &os) {
    os << "qcc-run " << QCC_VERSION << " (LLVM/MLIR " << LLVM_VERSION_STRING
       << ")\n";
  });
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(
      argc, argv,
      "qcc-run: run a model with qcc's reference interpreter\n\n"
      "  Example: qcc-run model.onnx --input x.npy -o y.npy\n");

  qcc::RunOptions options;
  options.integer = stage == Stage::Integer;
  options.batch = batch;
  options.stored = outputType == OutputType::Stored;
  options.quantize = quantizeOptions.choices();
  auto warn = [](const std::string &message) {
    WithColor::warning(errs(), "qcc-run") << message << "\n";
  };
  auto report = [](const Twine &message) { fail(message); };
  if (std::optional<std::string> problem = options.check(warn))
    return fail(*problem);
  qcc::ToolContext tool;
  OwningOpRef<ModuleOp> module =
      tool.load({modelPath, std::nullopt}, options.quantize.constantInputs,
                report);
  if (!module)
    return 1;
  FailureOr<func::FuncOp> func = qcc::prepareRun(*module, options, report);
  if (failed(func))
    return 1;

  std::string error;
  std::vector<qcc::interp::Tensor> inputs(inputPaths.size());
  for (auto [path, tensor] : llvm::zip(inputPaths, inputs))
    if (!qcc::interp::readTensorFile(path, tensor, error))
      return fail(error);

  unsigned numOutputs = func->getNumResults();
  bool toDirectory =
      outputPaths.size() == 1 && sys::fs::is_directory(outputPaths[0]);
  if (!toDirectory && outputPaths.size() != numOutputs)
    return fail("the model has " + Twine(numOutputs) + " outputs but " +
                Twine(outputPaths.size()) +
                " -o were given (give one per output, or a directory)");

  if (!dumpDir.empty()) {
    if (std::error_code ec = sys::fs::create_directories(dumpDir))
      return fail("cannot create '" + dumpDir + "': " + ec.message());
  }
  qcc::TensorDump dump(dumpDir);
  qcc::interp::Observer observer =
      dumpDir.empty() ? qcc::interp::Observer() : dump.observer();
  FailureOr<std::vector<qcc::interp::Tensor>> results =
      qcc::runPrepared(*func, inputs, options, observer, report);
  if (failed(results))
    return 1;
  if (!dumpDir.empty() && !dump.finish(error))
    return fail(error);
  // All outputs or none, as qcc writes its own.
  qcc::OutputFiles outputs;
  for (size_t i = 0; i < results->size(); ++i) {
    std::string bytes;
    if (!qcc::interp::encodeNpy(outputPath(i), (*results)[i], bytes, error))
      return fail(error);
    outputs.add(outputPath(i), std::move(bytes));
  }
  if (!outputs.commit(error))
    return fail(error);
  return 0;
}
