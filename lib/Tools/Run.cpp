//===- Run.cpp - what the qcc-run command does, as library calls ----------===//
//
// This file implements qcc-run's checks, the lowering for the integer stage
// and the batched run of the reference interpreter.
//
//===----------------------------------------------------------------------===//

#include "qcc/Tools/Run.h"

#include "qcc/Pipelines/Pipelines.h"
#include "qcc/Tools/ModelLoader.h"
#include "qcc/Tools/StoredOutputs.h"

#include "mlir/Pass/PassManager.h"

using namespace llvm;
using namespace mlir;

namespace qcc {

std::optional<std::string> RunOptions::check(WarningSink warn) const {
  if (std::optional<std::string> problem = quantize.check(warn))
    return problem;
  if (quantize.calibrating() && !integer)
    return std::string("--calibrate applies to --stage=integer only");
  if (stored && !integer)
    return std::string("--output-type=stored applies to --stage=integer only");
  return std::nullopt;
}

FailureOr<func::FuncOp> prepareRun(ModuleOp module, const RunOptions &options,
                                   FailureSink fail) {
  auto funcs = llvm::to_vector(module.getOps<func::FuncOp>());
  if (funcs.size() != 1) {
    fail("expects a model with one function but got " + Twine(funcs.size()));
    return failure();
  }
  if (!options.integer)
    return funcs.front();
  // Lowers the model to the integer level (qcc-quantize-pipeline), reporting
  // the first problem as one line.
  FirstDiagnostic first(*module.getContext());
  PassManager pm(module.getContext());
  QuantizePipelineOptions pipeline;
  options.quantize.apply(pipeline);
  buildQccQuantizePipeline(pm, pipeline);
  if (failed(pm.run(module))) {
    fail("cannot lower the model to integers: " + first.message());
    return failure();
  }
  std::string error;
  if (options.stored && failed(returnStoredValues(funcs.front(), error))) {
    fail(error);
    return failure();
  }
  return funcs.front();
}

FailureOr<std::vector<interp::Tensor>>
runPrepared(func::FuncOp func, ArrayRef<interp::Tensor> inputs,
            const RunOptions &options, const interp::Observer &observer,
            FailureSink fail) {
  if (!options.batch)
    return interp::run(func, inputs, observer);
  int64_t samples = inputs.empty() || inputs.front().shape.empty()
                        ? 0
                        : inputs.front().shape.front();
  for (const interp::Tensor &input : inputs)
    if (input.shape.empty() || input.shape.front() != samples) {
      fail("--batch needs inputs with the same first dimension");
      return failure();
    }
  unsigned numOutputs = func.getNumResults();
  std::vector<std::vector<interp::Tensor>> perOutput(numOutputs);
  for (int64_t i = 0; i < samples; ++i) {
    std::vector<interp::Tensor> sample;
    for (const interp::Tensor &input : inputs)
      sample.push_back(interp::sliceBatch(input, i));
    auto outputs = interp::run(func, sample, observer);
    if (failed(outputs))
      return failure();
    for (unsigned k = 0; k < numOutputs; ++k)
      perOutput[k].push_back(std::move((*outputs)[k]));
  }
  if (samples == 0) {
    fail("--batch needs at least one sample");
    return failure();
  }
  std::vector<interp::Tensor> stacked;
  for (const auto &outputs : perOutput)
    stacked.push_back(interp::concatBatch(outputs));
  return stacked;
}

} // namespace qcc
