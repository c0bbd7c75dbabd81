//===- Folding.cpp - computations on compile-time constants ---------------===//
//
// This file folds the integer and boolean computations exporters emit on
// shapes (Shape -> Gather -> Div -> Mul -> Slice, Equal -> Where -> Expand)
// into constants, with ONNX's (numpy's) broadcasting. Folding them at import
// is what lets shape inference, rerun with the results, shape what follows.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

using namespace mlir;

namespace qcc::onnx_import {

FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> shape(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t x = i + a.size() < rank ? 1 : a[i + a.size() - rank];
    int64_t y = i + b.size() < rank ? 1 : b[i + b.size() - rank];
    if (x != y && x != 1 && y != 1)
      return failure();
    shape[i] = x == 1 ? y : x;
  }
  return shape;
}

SmallVector<int64_t> broadcastIndices(ArrayRef<int64_t> from,
                                      ArrayRef<int64_t> to) {
  // `from` is aligned with the trailing dimensions of `to`; its dimensions
  // of size 1 repeat (stride 0).
  size_t lead = to.size() - from.size();
  SmallVector<int64_t> strides(to.size(), 0);
  int64_t stride = 1;
  for (size_t d = from.size(); d-- > 0;) {
    strides[lead + d] = from[d] == 1 ? 0 : stride;
    stride *= from[d];
  }
  int64_t count = 1;
  for (int64_t size : to)
    count *= size;
  SmallVector<int64_t> indices, position(to.size(), 0);
  indices.reserve(count);
  for (int64_t e = 0; e < count; ++e) {
    int64_t flat = 0;
    for (size_t d = 0; d < to.size(); ++d)
      flat += position[d] * strides[d];
    indices.push_back(flat);
    for (size_t d = to.size(); d-- > 0;) {
      if (++position[d] < to[d])
        break;
      position[d] = 0;
    }
  }
  return indices;
}

DenseElementsAttr broadcastConstant(DenseElementsAttr c,
                                    ArrayRef<int64_t> shape) {
  auto type = RankedTensorType::get(shape, c.getElementType());
  if (c.isSplat())
    return DenseElementsAttr::get(type, c.getSplatValue<Attribute>());
  auto values = llvm::to_vector(c.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t i : broadcastIndices(c.getType().getShape(), shape))
    out.push_back(values[i]);
  return DenseElementsAttr::get(type, out);
}

/// The node's inputs' constant contents, null for an input that is not a
/// constant.
static FailureOr<SmallVector<DenseElementsAttr>>
constantsOrNull(NodeImporter &n) {
  SmallVector<DenseElementsAttr> constants;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    FailureOr<ImportedValue *> record = n.inputRecord(i);
    if (failed(record))
      return failure();
    constants.push_back((*record)->constant);
  }
  return constants;
}

FailureOr<bool> foldIntegerBinary(NodeImporter &n) {
  FailureOr<SmallVector<DenseElementsAttr>> inputs = constantsOrNull(n);
  if (failed(inputs))
    return failure();
  DenseElementsAttr a = (*inputs)[0], b = (*inputs)[1];
  if (!a || !b || !isa<IntegerType>(a.getElementType()) ||
      a.getElementType() != b.getElementType())
    return false;
  ArrayRef<int64_t> aShape = a.getType().getShape(),
                    bShape = b.getType().getShape();
  FailureOr<SmallVector<int64_t>> shape = broadcastShapes(aShape, bShape);
  if (failed(shape))
    return n.error() << "the constant inputs do not broadcast";
  if (failed(n.checkOutputSize(*shape, a.getElementType())))
    return failure();
  auto av = llvm::to_vector(a.getValues<APInt>());
  auto bv = llvm::to_vector(b.getValues<APInt>());
  SmallVector<int64_t> ai = broadcastIndices(aShape, *shape),
                       bi = broadcastIndices(bShape, *shape);
  const std::string &op = n.node().op_type();
  SmallVector<APInt> out;
  for (auto [i, j] : llvm::zip(ai, bi)) {
    const APInt &x = av[i], &y = bv[j];
    if (op == "Add")
      out.push_back(x + y);
    else if (op == "Sub")
      out.push_back(x - y);
    else if (op == "Mul")
      out.push_back(x * y);
    else if (op == "Equal")
      out.push_back(APInt(1, x == y));
    else if (op == "Div" && y.isZero())
      return n.error() << "division by zero in constant folding";
    else if (op == "Div")
      out.push_back(x.sdiv(y));
    else
      return false;
  }
  Type element = op == "Equal" ? IntegerType::get(n.context(), 1)
                               : a.getElementType();
  n.setOutputConstant(
      0, DenseElementsAttr::get(RankedTensorType::get(*shape, element), out));
  return true;
}

namespace {

/// Equal on integer constants (exporters compare shapes with it).
LogicalResult convertEqual(NodeImporter &n) {
  FailureOr<bool> folded = foldIntegerBinary(n);
  if (failed(folded))
    return failure();
  if (!*folded)
    return n.error() << "Equal is only supported on integer constants";
  return success();
}

/// Where on constants (exporters pick shape entries with it).
LogicalResult convertWhere(NodeImporter &n) {
  FailureOr<SmallVector<DenseElementsAttr>> inputs = constantsOrNull(n);
  if (failed(inputs))
    return failure();
  DenseElementsAttr cond = (*inputs)[0], x = (*inputs)[1], y = (*inputs)[2];
  if (!cond || !x || !y || !cond.getElementType().isInteger(1))
    return n.error() << "Where is only supported on constants";
  FailureOr<SmallVector<int64_t>> xy =
      broadcastShapes(x.getType().getShape(), y.getType().getShape());
  FailureOr<SmallVector<int64_t>> shape =
      succeeded(xy) ? broadcastShapes(cond.getType().getShape(), *xy) : xy;
  if (failed(shape))
    return n.error() << "the constant inputs do not broadcast";
  auto cv = llvm::to_vector(cond.getValues<bool>());
  auto xv = llvm::to_vector(x.getValues<Attribute>());
  auto yv = llvm::to_vector(y.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (auto [c, i, j] :
       llvm::zip(broadcastIndices(cond.getType().getShape(), *shape),
                 broadcastIndices(x.getType().getShape(), *shape),
                 broadcastIndices(y.getType().getShape(), *shape)))
    out.push_back(cv[c] ? xv[i] : yv[j]);
  n.setOutputConstant(0, DenseElementsAttr::get(
                             RankedTensorType::get(*shape, x.getElementType()),
                             out));
  return success();
}

} // namespace

void registerFoldingOps(ConverterTable &table) {
  table["Equal"] = convertEqual;
  table["Where"] = convertWhere;
}

} // namespace qcc::onnx_import
