//===- PointwiseChain.cpp - elementwise functions of one tensor -----------===//
//
// This file finds pointwise chains by walking back from their root, and
// evaluates them on one number with the interpreter's definition of each
// op.
//
//===----------------------------------------------------------------------===//

#include "PointwiseChain.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Interpreter/Pointwise.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SetVector.h"

using namespace mlir;

namespace qcc {
namespace {

/// The value of a float constant whose elements are all equal.
std::optional<double> scalarConstant(Value value) {
  DenseElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32() || attr.empty())
    return std::nullopt;
  auto values = attr.getValues<float>();
  float first = *values.begin();
  if (!attr.isSplat() && !llvm::all_of(values, [&](float v) {
        return v == first || (std::isnan(v) && std::isnan(first));
      }))
    return std::nullopt;
  return first;
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<RankedTensorType>(value.getType()).getShape();
}

} // namespace

std::optional<PointwiseChain>
pointwiseChain(Operation *root, function_ref<bool(Value)> isSource) {
  if (root->getNumResults() != 1 || !interp::isPointwise(root))
    return std::nullopt;
  ArrayRef<int64_t> shape = shapeOf(root->getResult(0));
  PointwiseChain chain;
  llvm::SetVector<Operation *> ops;
  SmallVector<Operation *> worklist{root};
  ops.insert(root);
  while (!worklist.empty()) {
    Operation *op = worklist.pop_back_val();
    for (Value operand : op->getOperands()) {
      if (scalarConstant(operand))
        continue;
      if (shapeOf(operand) != shape)
        return std::nullopt;
      if (isSource(operand)) {
        if (chain.source && chain.source != operand)
          return std::nullopt;
        chain.source = operand;
        continue;
      }
      Operation *producer = operand.getDefiningOp();
      if (!producer || producer->getNumResults() != 1 ||
          !interp::isPointwise(producer) ||
          producer->getBlock() != root->getBlock())
        return std::nullopt;
      if (ops.insert(producer))
        worklist.push_back(producer);
    }
  }
  if (!chain.source)
    return std::nullopt;
  for (Operation *op : ops)
    if (op != root && !llvm::all_of(op->getUsers(), [&](Operation *user) {
          return ops.contains(user);
        }))
      return std::nullopt;
  chain.ops.assign(ops.begin(), ops.end());
  llvm::sort(chain.ops,
             [](Operation *a, Operation *b) { return a->isBeforeInBlock(b); });
  return chain;
}

double evaluate(const PointwiseChain &chain, double x) {
  llvm::DenseMap<Value, double> values;
  values[chain.source] = x;
  for (Operation *op : chain.ops) {
    SmallVector<double, 2> args;
    for (Value operand : op->getOperands()) {
      auto it = values.find(operand);
      args.push_back(it != values.end() ? it->second : *scalarConstant(operand));
    }
    double y = *interp::pointwise<double>(op, args);
    if (auto fused = dyn_cast<FusedActivationOpInterface>(op)) {
      if (std::optional<float> lo = fused.getActivationMin())
        y = std::max<double>(y, *lo);
      if (std::optional<float> hi = fused.getActivationMax())
        y = std::min<double>(y, *hi);
    }
    values[op->getResult(0)] = y;
  }
  return values[chain.ops.back()->getResult(0)];
}

} // namespace qcc
