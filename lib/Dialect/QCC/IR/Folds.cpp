//===- Folds.cpp - folders of the qcc ops ---------------------------------===//
//
// This file implements the folders of the qcc dialect: identities (a no-op
// reshape, transpose, slice or requantization disappears), idempotence
// (relu∘relu, fake_quant∘fake_quant with one grid), composition (reshape∘
// reshape, transpose∘transpose) and constant folding of layout ops, which
// lets the importer express weight re-layouts as ops.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;
using namespace qcc;

/// The stored elements of a constant feeding a layout op, with the element
/// type they are stored in (the storage type for quantized tensors).
static DenseElementsAttr storedConstant(Attribute attr) {
  return dyn_cast_if_present<DenseElementsAttr>(attr);
}

/// The type to give folded stored elements of `shape`.
static ShapedType storedType(DenseElementsAttr elements,
                             ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, elements.getElementType());
}

// fake_quant(fake_quant(x, T), T) == fake_quant(x, T): the values are already
// on T's grid and inside its range.
OpFoldResult FakeQuantOp::fold(FoldAdaptor) {
  if (auto inner = getInput().getDefiningOp<FakeQuantOp>())
    if (inner.getQuant() == getQuant())
      return getInput();
  return {};
}

// relu(relu(x)) == relu(x).
OpFoldResult ReluOp::fold(FoldAdaptor) {
  if (getInput().getDefiningOp<ReluOp>())
    return getInput();
  return {};
}

// reshape(x) : T -> T == x; reshape(reshape(x)) == reshape(x); constants
// are reshaped in place.
OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto elements = storedConstant(adaptor.getInput()))
    return elements.reshape(
        storedType(elements, getOutput().getType().getShape()));
  if (auto inner = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(inner.getInput());
    return getResult();
  }
  return {};
}

// transpose(x, identity) == x; transpose(transpose(x, p), q) ==
// transpose(x, [p[q[i]]]); constants are permuted.
OpFoldResult TransposeOp::fold(FoldAdaptor adaptor) {
  ArrayRef<int64_t> perm = getPerm();
  if (llvm::equal(perm, llvm::seq<int64_t>(0, perm.size())))
    return getInput();
  if (auto inner = getInput().getDefiningOp<TransposeOp>()) {
    SmallVector<int64_t> composed;
    for (int64_t p : perm)
      composed.push_back(inner.getPerm()[p]);
    getInputMutable().assign(inner.getInput());
    setPerm(composed);
    return getResult();
  }
  auto elements = storedConstant(adaptor.getInput());
  if (!elements)
    return {};
  ShapedType outType =
      storedType(elements, getOutput().getType().getShape());
  if (elements.isSplat())
    return elements.resizeSplat(outType);
  ArrayRef<int64_t> inShape = getInput().getType().getShape();
  SmallVector<int64_t> inStrides(inShape.size(), 1);
  for (int64_t d = static_cast<int64_t>(inShape.size()) - 2; d >= 0; --d)
    inStrides[d] = inStrides[d + 1] * inShape[d + 1];
  auto values = llvm::to_vector(elements.getValues<Attribute>());
  SmallVector<Attribute> permuted;
  permuted.reserve(values.size());
  ArrayRef<int64_t> outShape = outType.getShape();
  SmallVector<int64_t> index(outShape.size(), 0);
  for (size_t n = 0; n < values.size(); ++n) {
    int64_t offset = 0;
    for (size_t d = 0; d < index.size(); ++d)
      offset += index[d] * inStrides[perm[d]];
    permuted.push_back(values[offset]);
    for (int64_t d = static_cast<int64_t>(index.size()) - 1; d >= 0; --d) {
      if (++index[d] < outShape[d])
        break;
      index[d] = 0;
    }
  }
  return DenseElementsAttr::get(outType, permuted);
}

// A slice covering the whole input is the input.
OpFoldResult SliceOp::fold(FoldAdaptor) {
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  if (getSizes() == shape && llvm::all_of(getOffsets(), [](int64_t v) {
        return v == 0;
      }))
    return getInput();
  return {};
}

// Concatenating a single tensor is the tensor.
OpFoldResult ConcatOp::fold(FoldAdaptor) {
  if (getInputs().size() == 1 &&
      getInputs().front().getType() == getOutput().getType())
    return getInputs().front();
  return {};
}

// quantize(dequantize(q)) == q when both use q's type: (q - Z)·S / S rounds
// back to q - Z exactly for every 8-bit q.
OpFoldResult QuantizeOp::fold(FoldAdaptor) {
  if (auto dequantize = getInput().getDefiningOp<DequantizeOp>())
    if (dequantize.getInput().getType() == getOutput().getType())
      return dequantize.getInput();
  return {};
}

OpFoldResult QConstantOp::fold(FoldAdaptor) { return getValueAttr(); }

// A requantization to the same type with multiplier 1 (M0 = 2^30, n = -1)
// and no clamping is the identity.
OpFoldResult RequantizeOp::fold(FoldAdaptor) {
  if (getInput().getType() != getOutput().getType())
    return {};
  RequantAttr requant = getRequant();
  auto out = cast<quant::UniformQuantizedType>(
      getOutput().getType().getElementType());
  bool unit = llvm::all_of(requant.getMultiplier(),
                           [](int32_t m) { return m == (1 << 30); }) &&
              llvm::all_of(requant.getShift(),
                           [](int32_t n) { return n == -1; });
  if (unit && requant.getMin() <= out.getStorageTypeMin() &&
      requant.getMax() >= out.getStorageTypeMax())
    return getInput();
  return {};
}
