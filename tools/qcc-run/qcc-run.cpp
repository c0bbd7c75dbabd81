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
#include "mlir/Pass/PassManager.h"
#include "qcc/Pipelines/Pipelines.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"
#include "qcc/InitAll.h"
#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Interpreter/TensorIO.h"
#include "qcc/Support/OutputFiles.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/QuantizeOptions.h"
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

static qcc::QuantizeCommandLine quantizeOptions(runCategory);

static cl::opt<std::string> dumpDir(
    "dump", cl::value_desc("dir"),
    cl::desc("Also write every intermediate tensor, as NNNN_<op>.npy in\n"
             "execution order, into this directory"),
    cl::cat(runCategory));

static int fail(const Twine &message) {
  WithColor::error(errs(), "qcc-run") << message << "\n";
  return 1;
}

/// Lowers the model to the integer level (qcc-quantize-pipeline). Returns
/// the first problem, if any, as one line.
static std::optional<std::string> lowerToIntegers(ModuleOp module) {
  qcc::FirstDiagnostic first(*module.getContext());
  PassManager pm(module.getContext());
  qcc::QuantizePipelineOptions options;
  quantizeOptions.apply(options);
  qcc::buildQccQuantizePipeline(pm, options);
  if (succeeded(pm.run(module)))
    return std::nullopt;
  return first.message();
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

  if (std::optional<std::string> problem = quantizeOptions.check("qcc-run"))
    return fail(*problem);
  if (quantizeOptions.calibrating() && stage != Stage::Integer)
    return fail("--calibrate applies to --stage=integer only");
  qcc::ToolContext tool;
  OwningOpRef<ModuleOp> module = tool.load(
      modelPath, quantizeOptions.constantInputBindings(),
      [](const Twine &message) { fail(message); });
  if (!module)
    return 1;
  auto funcs = llvm::to_vector(module->getOps<func::FuncOp>());
  if (funcs.size() != 1)
    return fail("expects a model with one function but got " +
                Twine(funcs.size()));
  func::FuncOp func = funcs.front();
  if (stage == Stage::Integer)
    if (std::optional<std::string> problem = lowerToIntegers(*module))
      return fail("cannot lower the model to integers: " + *problem);

  std::string error;
  std::vector<qcc::interp::Tensor> inputs(inputPaths.size());
  for (auto [path, tensor] : llvm::zip(inputPaths, inputs))
    if (!qcc::interp::readTensorFile(path, tensor, error))
      return fail(error);

  unsigned numOutputs = func.getNumResults();
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
  unsigned step = 0;
  bool dumpFailed = false;
  auto dump = [&](Operation *op, ArrayRef<qcc::interp::Tensor> results) {
    std::string name = op->getName().stripDialect().str();
    SmallString<256> path(dumpDir);
    sys::path::append(path, formatv("{0:4}_{1}.npy", step++, name).str());
    std::string message;
    if (!qcc::interp::writeNpy(std::string(path), results.front(), message) &&
        !dumpFailed) {
      dumpFailed = true;
      fail(message);
    }
  };
  qcc::interp::Observer observer =
      dumpDir.empty() ? qcc::interp::Observer() : qcc::interp::Observer(dump);
  FailureOr<std::vector<qcc::interp::Tensor>> results;
  if (!batch) {
    results = qcc::interp::run(func, inputs, observer);
  } else {
    int64_t samples = inputs.empty() || inputs.front().shape.empty()
                          ? 0
                          : inputs.front().shape.front();
    for (const qcc::interp::Tensor &input : inputs)
      if (input.shape.empty() || input.shape.front() != samples)
        return fail("--batch needs inputs with the same first dimension");
    std::vector<std::vector<qcc::interp::Tensor>> perOutput(numOutputs);
    for (int64_t i = 0; i < samples; ++i) {
      std::vector<qcc::interp::Tensor> sample;
      for (const qcc::interp::Tensor &input : inputs)
        sample.push_back(qcc::interp::sliceBatch(input, i));
      auto outputs = qcc::interp::run(func, sample, observer);
      if (failed(outputs))
        return 1;
      for (unsigned k = 0; k < numOutputs; ++k)
        perOutput[k].push_back(std::move((*outputs)[k]));
    }
    if (samples == 0)
      return fail("--batch needs at least one sample");
    std::vector<qcc::interp::Tensor> stacked;
    for (const auto &outputs : perOutput)
      stacked.push_back(qcc::interp::concatBatch(outputs));
    results = std::move(stacked);
  }
  if (failed(results) || dumpFailed)
    return 1;
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
