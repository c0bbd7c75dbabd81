//===- Calibrate.cpp - fake_quant ops from calibration statistics ---------===//
//
// This file implements qcc-calibrate: it picks the tensors that need a
// range, runs the reference interpreter over the samples while recording
// their statistics (a second pass fills histograms when the method needs
// them), and inserts a fake_quant after each with the chosen grid. Weights
// get per-channel symmetric int8 grids from their values.
//
//===----------------------------------------------------------------------===//

#include "PassUtils.h"
#include "PointwiseChain.h"
#include "WeightGrids.h"
#include "qcc/Calibration/Samples.h"
#include "qcc/Calibration/Statistics.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Interpreter/Pointwise.h"

#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/Matchers.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>

namespace qcc {
#define GEN_PASS_DEF_CALIBRATE
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;
using calibration::Method;
using calibration::TensorStatistics;

namespace {

bool isFloatTensor(Value v) {
  return isa<FloatType>(getElementTypeOrSelf(v.getType()));
}

/// Whether calibration gives `op`'s result a range of its own: it computes
/// new values (ops that keep their input's values get it propagated; a
/// concat with a constant input, such as a ViT's class token, holds values
/// of no input's range).
bool computesNewValues(Operation *op) {
  if (op->getNumResults() != 1 || !isFloatTensor(op->getResult(0)) ||
      matchPattern(op->getResult(0), m_Constant()))
    return false;
  if (isa<ConcatOp>(op))
    return llvm::any_of(op->getOperands(),
                        [](Value v) { return matchPattern(v, m_Constant()); });
  return !isa<FakeQuantOp, DequantizeOp, MaxPoolOp, AvgPoolOp,
              GlobalAvgPoolOp, ReshapeOp, TransposeOp, SliceOp, ReluOp,
              ClampOp, PadOp>(op);
}

/// The ops inside pointwise chains of more than one op, roots excluded:
/// a chain's source is any value no pointwise op computes, and its root
/// a pointwise result read by something else.
llvm::DenseSet<Operation *> chainInteriors(Block &body) {
  auto isSource = [](Value v) {
    Operation *producer = v.getDefiningOp();
    return !producer || !interp::isPointwise(producer);
  };
  llvm::DenseSet<Operation *> inner;
  for (Operation &op : body) {
    if (op.getNumResults() != 1 || !interp::isPointwise(&op) ||
        llvm::all_of(op.getUsers(), [](Operation *user) {
          return interp::isPointwise(user);
        }))
      continue;
    if (std::optional<PointwiseChain> chain = pointwiseChain(&op, isSource))
      inner.insert(chain->ops.begin(), std::prev(chain->ops.end()));
  }
  return inner;
}

/// "\rcalibrating (pass 1/2) [#####     ] 50/100" on stderr.
void drawProgress(int pass, int passes, size_t done, size_t total) {
  constexpr size_t width = 30;
  size_t filled = total ? done * width / total : width;
  llvm::errs() << "\rcalibrating (pass " << pass << "/" << passes << ") ["
               << std::string(filled, '#') << std::string(width - filled, ' ')
               << "] " << done << "/" << total;
  if (pass == passes && done == total)
    llvm::errs() << "\n";
  llvm::errs().flush();
}

struct Calibrate : qcc::impl::CalibrateBase<Calibrate> {
  using CalibrateBase::CalibrateBase;

  void runOnOperation() override {
    if (failed(calibrate()))
      signalPassFailure();
  }

  LogicalResult calibrate() {
    func::FuncOp func = getOperation();
    std::optional<Method> parsedMethod = calibration::parseMethod(method);
    if (!parsedMethod)
      return func.emitError("unknown calibration method '")
             << method << "' (expected minmax, percentile or mse)";
    if (activations != "uint8" && activations != "int8")
      return func.emitError("unknown activation type '")
             << activations << "' (expected uint8 or int8)";
    if (samples.empty())
      return func.emitError("qcc-calibrate needs samples=PATH");
    // One sample source per input, in order (comma-separated).
    SmallVector<StringRef> sources;
    StringRef(samples).split(sources, ',');
    if (sources.size() != func.getNumArguments())
      return func.emitError("calibration needs one sample file or directory "
                            "per model input (comma-separated); the model "
                            "has ")
             << func.getNumArguments() << " inputs but " << sources.size()
             << (sources.size() == 1 ? " was" : " were") << " given";
    for (BlockArgument arg : func.getArguments())
      if (!isFloatTensor(arg))
        return func.emitError("calibration needs float inputs; input #")
               << arg.getArgNumber() << " is not";

    // The tensors to record: the inputs, then results in program order,
    // but for the inner values of pointwise chains (hardswish spelled as
    // x · HardSigmoid(x)), which become one table from the chain's input.
    SmallVector<Value> points;
    for (BlockArgument input : func.getArguments())
      if (!hasFakeQuantUser(input))
        points.push_back(input);
    llvm::DenseSet<Operation *> inner = chainInteriors(func.getBody().front());
    for (Operation &op : func.getBody().front().without_terminator())
      if (computesNewValues(&op) && !inner.contains(&op) &&
          !hasFakeQuantUser(op.getResult(0)))
        points.push_back(op.getResult(0));

    // samples[k] holds sample k of every input.
    std::vector<std::vector<interp::Tensor>> inputs;
    for (auto [arg, source] : llvm::zip(func.getArguments(), sources)) {
      std::string error;
      auto shape = cast<RankedTensorType>(arg.getType()).getShape();
      std::optional<std::vector<interp::Tensor>> loaded =
          calibration::loadSamples(source.str(), {shape.begin(), shape.end()},
                                   error);
      if (!loaded)
        return func.emitError(error);
      if (!inputs.empty() && loaded->size() != inputs.size())
        return func.emitError("calibration samples disagree: '")
               << source << "' holds " << loaded->size() << " samples, '"
               << sources.front() << "' " << inputs.size();
      inputs.resize(loaded->size());
      for (size_t k = 0; k < loaded->size(); ++k)
        inputs[k].push_back(std::move((*loaded)[k]));
    }

    std::vector<TensorStatistics> stats(points.size());
    llvm::DenseMap<Value, size_t> index;
    for (auto [i, v] : llvm::enumerate(points))
      index[v] = i;
    int passes = calibration::needsHistogram(*parsedMethod) ? 2 : 1;
    for (int pass = 1; pass <= passes; ++pass) {
      auto record = [&](Value v, const interp::Tensor &t) {
        auto it = index.find(v);
        if (it == index.end())
          return;
        TensorStatistics &s = stats[it->second];
        if (pass == 1)
          s.observeRange(t.floats.data(), t.floats.size());
        else
          s.observeHistogram(t.floats.data(), t.floats.size());
      };
      for (size_t k = 0; k < inputs.size(); ++k) {
        if (progress)
          drawProgress(pass, passes, k, inputs.size());
        for (auto [arg, tensor] : llvm::zip(func.getArguments(), inputs[k]))
          record(arg, tensor);
        if (failed(interp::run(func, inputs[k],
                               [&](Operation *op, ArrayRef<interp::Tensor> r) {
                                 record(op->getResult(0), r[0]);
                               })))
          return failure();
      }
      if (progress)
        drawProgress(pass, passes, inputs.size(), inputs.size());
    }

    bool isSigned = activations == "int8";
    OpBuilder builder(func.getContext());
    for (auto [v, s] : llvm::zip(points, stats)) {
      if (s.empty())
        return func.emitError() << describeValue(v)
                                << " took no finite value on any sample";
      auto [lo, hi] = s.range(*parsedMethod, isSigned);
      quant::UniformQuantizedType type =
          rangeType(func.getContext(), lo, hi, isSigned);
      if (auto arg = dyn_cast<BlockArgument>(v))
        builder.setInsertionPointToStart(arg.getOwner());
      else
        builder.setInsertionPointAfter(v.getDefiningOp());
      auto fq = FakeQuantOp::create(builder, v.getLoc(), v, type);
      v.replaceAllUsesExcept(fq, fq);
    }
    quantizeConstantWeights(func);
    return success();
  }
};

} // namespace
