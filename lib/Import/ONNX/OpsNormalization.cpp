//===- OpsNormalization.cpp - BatchNormalization, LayerNormalization, … ---===//
//
// This file converts ONNX's normalization ops in their inference form and
// ReduceMean, which decomposed layer norms are built from (and classifier
// heads pool with).
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

/// Extra outputs (a layer norm's mean and inverse deviation) must not be
/// used.
LogicalResult expectOnlyFirstOutput(NodeImporter &n) {
  for (unsigned i = 1; i < n.numOutputs(); ++i)
    if (!n.node().output(i).empty())
      return n.error() << "output #" << i << " ('" << n.node().output(i)
                       << "') is not supported; only inference is";
  return success();
}

/// A BatchNormalization exported in training mode (training_mode = 1, or
/// the running statistics as extra outputs, as torch.onnx.TrainingMode.
/// TRAINING writes it) is compiled as at inference, with its running mean
/// and variance; a node that reads an extra output then fails to import.
LogicalResult convertBatchNorm(NodeImporter &n) {
  int64_t trainingMode = n.attrInt("training_mode", 0);
  if (trainingMode != 0 && trainingMode != 1)
    return n.expectAttrInt("training_mode", 0);
  bool statistics = false;
  for (unsigned i = 1; i < n.numOutputs(); ++i)
    statistics |= !n.node().output(i).empty();
  if (trainingMode == 1 || statistics)
    mlir::emitRemark(n.loc())
        << "BatchNormalization exported in training mode is compiled as at "
           "inference, with its running mean and variance";
  SmallVector<Value> operands;
  for (unsigned i = 0; i < 5; ++i) {
    FailureOr<Value> v = n.input(i);
    if (failed(v))
      return failure();
    operands.push_back(*v);
  }
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(type))
    return failure();
  n.setOutput(0, BatchNormOp::create(
                     n.builder(), n.loc(), *type, operands[0], operands[1],
                     operands[2], operands[3], operands[4],
                     n.builder().getF32FloatAttr(
                         n.attrFloat("epsilon", 1e-5f))));
  return success();
}

LogicalResult convertLayerNorm(NodeImporter &n) {
  if (failed(expectOnlyFirstOutput(n)))
    return failure();
  FailureOr<Value> x = n.input(0), scale = n.input(1);
  if (failed(x) || failed(scale))
    return failure();
  FailureOr<Value> bias = n.optionalInput(2);
  if (failed(bias))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", -1), type.getRank());
  if (failed(axis))
    return failure();
  n.setOutput(0, LayerNormOp::create(
                     n.builder(), n.loc(), type, *x, *scale, *bias, *axis,
                     llvm::APFloat(n.attrFloat("epsilon", 1e-5f))));
  return success();
}

/// ReduceMean. Over the spatial axes of an NCHW tensor (x.mean([2, 3]) in
/// a classifier head) it is a global average pool, which quantizes; other
/// axes stay a qcc.reduce_mean (layer norms).
LogicalResult convertReduceMean(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  int64_t rank = cast<RankedTensorType>(x->getType()).getRank();
  // Opset 18 made the axes an optional input.
  SmallVector<int64_t> given = n.attrInts("axes");
  if (n.opset() >= 18 && n.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> axes = n.constantInts(1);
    if (failed(axes))
      return failure();
    given = *axes;
  }
  SmallVector<int64_t> axes;
  if (given.empty())
    for (int64_t d = 0; d < rank; ++d)
      axes.push_back(d);
  for (int64_t a : given) {
    FailureOr<int64_t> axis = normalizeAxis(n, a, rank);
    if (failed(axis))
      return failure();
    axes.push_back(*axis);
  }
  llvm::sort(axes);
  axes.erase(std::unique(axes.begin(), axes.end()), axes.end());
  bool keepDims = n.attrInt("keepdims", 1) != 0;
  if (rank == 4 && axes == ArrayRef<int64_t>{2, 3}) {
    auto in = cast<RankedTensorType>(x->getType());
    auto pooled = in.clone({in.getDimSize(0), in.getDimSize(1), 1, 1});
    Value mean = GlobalAvgPoolOp::create(n.builder(), n.loc(), pooled, *x);
    if (!keepDims)
      mean = ReshapeOp::create(n.builder(), n.loc(), *type, mean);
    n.setOutput(0, mean);
    return success();
  }
  n.setOutput(0, ReduceMeanOp::create(n.builder(), n.loc(), *type, *x, axes,
                                      keepDims));
  return success();
}

} // namespace

void registerNormalizationOps(ConverterTable &table) {
  table["BatchNormalization"] = convertBatchNorm;
  table["LayerNormalization"] = convertLayerNorm;
  table["ReduceMean"] = convertReduceMean;
}

} // namespace qcc::onnx_import
