//===- OpsPooling.cpp - MaxPool, AveragePool, GlobalAveragePool -----------===//
//
// This file converts ONNX's 2-D pooling ops. ceil_mode is expressed as extra
// end padding, which is exact for max pooling and for average pooling that
// does not count padding.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

/// The input and window of a pooling node.
struct Pooling {
  Value input;
  RankedTensorType type;
  Window window;
};

FailureOr<Pooling> readPooling(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  if (xt.getRank() != 4)
    return n.error() << "only 2-D pooling (rank-4 tensors) is supported";
  if (n.numOutputs() > 1 && !n.node().output(1).empty())
    return n.error() << "the Indices output is not supported";
  FailureOr<Window> window = readWindow(n, xt.getShape().drop_front(2), {},
                                        n.attrInt("ceil_mode", 0) != 0);
  if (failed(window))
    return failure();
  if (llvm::any_of(window->dilations, [](int64_t d) { return d != 1; }))
    return n.error() << "pooling with dilations is not supported";
  return Pooling{*x, *type, *window};
}

LogicalResult convertMaxPool(NodeImporter &n) {
  if (failed(n.expectAttrInt("storage_order", 0)))
    return failure();
  FailureOr<Pooling> p = readPooling(n);
  if (failed(p))
    return failure();
  n.setOutput(0, MaxPoolOp::create(n.builder(), n.loc(), p->type, p->input,
                                   p->window.kernel, p->window.strides,
                                   p->window.pads));
  return success();
}

LogicalResult convertAveragePool(NodeImporter &n) {
  bool countPad = n.attrInt("count_include_pad", 0) != 0;
  if (countPad && n.attrInt("ceil_mode", 0) != 0)
    return n.error() << "ceil_mode with count_include_pad is not supported";
  FailureOr<Pooling> p = readPooling(n);
  if (failed(p))
    return failure();
  n.setOutput(0, AvgPoolOp::create(n.builder(), n.loc(), p->type, p->input,
                                   p->window.kernel, p->window.strides,
                                   p->window.pads, countPad));
  return success();
}

LogicalResult convertGlobalAveragePool(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  if (type->getRank() != 4)
    return n.error() << "only rank-4 (NCHW) inputs are supported";
  n.setOutput(0, GlobalAvgPoolOp::create(n.builder(), n.loc(), *type, *x));
  return success();
}

} // namespace

void registerPoolingOps(ConverterTable &table) {
  table["MaxPool"] = convertMaxPool;
  table["AveragePool"] = convertAveragePool;
  table["GlobalAveragePool"] = convertGlobalAveragePool;
}

} // namespace qcc::onnx_import
