//===- OpsShape.cpp - layout ops and shape computations -------------------===//
//
// This file converts ONNX's layout ops (Reshape, Flatten, Squeeze, Unsqueeze,
// Expand, Transpose, Concat, Slice, Split, Pad, Gather with constant
// indices) and folds the integer subgraphs exporters use to compute shapes
// (Shape -> Gather -> Unsqueeze -> Concat -> Reshape) into constants. Shapes come from ONNX shape inference, so a
// Reshape never needs its shape operand at run time.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

/// Reshapes whatever the input is (constant or value) to the inferred
/// output shape: Reshape, Flatten, Squeeze, Unsqueeze.
LogicalResult convertReshapeLike(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(record) || failed(type))
    return failure();
  if (DenseElementsAttr c = (*record)->constant) {
    n.setOutputConstant(0, c.reshape(RankedTensorType::get(
                               type->getShape(), c.getElementType())));
    return success();
  }
  FailureOr<Value> x = n.layoutInput(0);
  if (failed(x))
    return failure();
  // The element type is the input's (float, or a QOperator result's).
  Type element = cast<ShapedType>(x->getType()).getElementType();
  n.setOutput(0, ReshapeOp::create(n.builder(), n.loc(),
                                   type->clone(element), *x));
  return success();
}

/// "[1, 2, 3]", for messages about shapes.
std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text;
  llvm::raw_string_ostream os(text);
  os << '[';
  llvm::interleaveComma(shape, os);
  os << ']';
  return text;
}

/// Expand: folded on constants (the zero initial state of an exported
/// LSTM/GRU). On an activation, broadcasting data would need a kernel, so
/// only an Expand that adds leading 1s (a reshape) or keeps the shape is
/// imported.
LogicalResult convertExpand(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  FailureOr<SmallVector<int64_t>> target = n.constantInts(1);
  if (failed(record) || failed(target))
    return failure();
  DenseElementsAttr c = (*record)->constant;
  FailureOr<Value> x = c ? Value() : n.layoutInput(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = c ? c.getType().getShape()
                              : cast<ShapedType>(x->getType()).getShape();
  FailureOr<SmallVector<int64_t>> expanded = broadcastShapes(shape, *target);
  if (failed(expanded))
    return n.error() << "cannot expand shape " << formatShape(shape) << " to "
                     << formatShape(*target);
  if (failed(n.checkOutputSize(
          *expanded, c ? c.getElementType()
                       : cast<ShapedType>(x->getType()).getElementType())))
    return failure();
  if (c) {
    n.setOutputConstant(0, broadcastConstant(c, *expanded));
    return success();
  }
  ArrayRef<int64_t> out = *expanded;
  size_t lead = out.size() - shape.size();
  if (out.drop_front(lead) != shape ||
      llvm::any_of(out.take_front(lead), [](int64_t d) { return d != 1; }))
    return n.error() << "Expand of an activation from " << formatShape(shape)
                     << " to " << formatShape(out)
                     << " is not supported; only adding leading 1s is";
  if (lead == 0) {
    n.setOutputRecord(0, **record);
    return success();
  }
  auto type = cast<RankedTensorType>(x->getType()).clone(out);
  n.setOutput(0, ReshapeOp::create(n.builder(), n.loc(), type, *x));
  return success();
}

LogicalResult convertTranspose(NodeImporter &n) {
  FailureOr<Value> x = n.layoutInput(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  SmallVector<int64_t> perm = n.attrInts("perm");
  if (perm.empty())
    for (int64_t d = type->getRank() - 1; d >= 0; --d)
      perm.push_back(d);
  Type element = cast<ShapedType>(x->getType()).getElementType();
  if (isa<quant::UniformQuantizedPerAxisType>(element))
    return n.error() << "transposing a per-axis quantized tensor is not "
                        "supported";
  n.setOutput(0, TransposeOp::create(n.builder(), n.loc(),
                                     type->clone(element), *x, perm));
  return success();
}

/// Integer constants as a flat vector (shape computations).
SmallVector<APInt> intValues(DenseElementsAttr c) {
  return llvm::to_vector(c.getValues<APInt>());
}

LogicalResult convertConcat(NodeImporter &n) {
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(type))
    return failure();
  // All-constant integer vectors: a shape being assembled.
  SmallVector<APInt> folded;
  bool allConstant = true;
  for (unsigned i = 0; i < n.numInputs() && allConstant; ++i) {
    FailureOr<ImportedValue *> record = n.inputRecord(i);
    if (failed(record))
      return failure();
    DenseElementsAttr c = (*record)->constant;
    allConstant = c && isa<IntegerType>(c.getElementType()) &&
                  type->getRank() == 1;
    if (allConstant)
      llvm::append_range(folded, intValues(c));
  }
  if (allConstant) {
    n.setOutputConstant(0, DenseElementsAttr::get(*type, folded));
    return success();
  }
  SmallVector<Value> inputs;
  for (unsigned i = 0; i < n.numInputs(); ++i) {
    FailureOr<Value> v = n.input(i);
    if (failed(v))
      return failure();
    inputs.push_back(*v);
  }
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", 0), type->getRank());
  if (failed(axis))
    return failure();
  n.setOutput(0, ConcatOp::create(n.builder(), n.loc(), *type, inputs, *axis));
  return success();
}

LogicalResult convertShape(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(record) || failed(type))
    return failure();
  Type inType = (*record)->constant ? (*record)->constant.getType()
                : (*record)->value ? (*record)->value.getType()
                                   : (*record)->quantizedFrom.getType();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(inType).getShape();
  int64_t rank = shape.size();
  int64_t start = n.attrInt("start", 0), end = n.attrInt("end", rank);
  start = std::clamp<int64_t>(start < 0 ? start + rank : start, 0, rank);
  end = std::clamp<int64_t>(end < 0 ? end + rank : end, 0, rank);
  SmallVector<APInt> dims;
  for (int64_t d = start; d < end; ++d)
    dims.push_back(APInt(64, shape[d]));
  n.setOutputConstant(0, DenseElementsAttr::get(*type, dims));
  return success();
}

/// Static slice bounds along every dimension, ONNX's negative and
/// out-of-range starts and ends resolved.
struct SliceBounds {
  SmallVector<int64_t> offsets, sizes, strides;
};

/// The bounds of a slice that keeps all of a tensor of shape `shape`.
SliceBounds wholeTensor(ArrayRef<int64_t> shape) {
  SliceBounds b;
  b.offsets.assign(shape.size(), 0);
  b.sizes.assign(shape.begin(), shape.end());
  b.strides.assign(shape.size(), 1);
  return b;
}

Value sliceOf(NodeImporter &n, Value x, const SliceBounds &b) {
  auto type = RankedTensorType::get(
      b.sizes, cast<RankedTensorType>(x.getType()).getElementType());
  return SliceOp::create(n.builder(), n.loc(), type, x, b.offsets, b.sizes,
                         b.strides);
}

/// Gather indices in [-dim, dim) made non-negative.
FailureOr<SmallVector<int64_t>> gatherIndices(NodeImporter &n,
                                              ArrayRef<int64_t> indices,
                                              int64_t dim) {
  SmallVector<int64_t> out;
  for (int64_t index : indices) {
    if (index < -dim || index >= dim)
      return n.error() << "Gather index " << index << " is out of range";
    out.push_back(index < 0 ? index + dim : index);
  }
  return out;
}

/// Gather on constants (shape computations pick dimensions this way).
LogicalResult gatherConstant(NodeImporter &n, DenseElementsAttr c,
                             ArrayRef<int64_t> indices) {
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(type))
    return failure();
  ArrayRef<int64_t> shape = c.getType().getShape();
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", 0), shape.size());
  if (failed(axis))
    return failure();
  int64_t outer = 1, inner = 1, dim = shape[*axis];
  for (int64_t d = 0; d < *axis; ++d)
    outer *= shape[d];
  for (size_t d = *axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  FailureOr<SmallVector<int64_t>> picked = gatherIndices(n, indices, dim);
  if (failed(picked))
    return failure();
  auto values = llvm::to_vector(c.getValues<Attribute>());
  SmallVector<Attribute> out;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i : *picked)
      for (int64_t k = 0; k < inner; ++k)
        out.push_back(values[(o * dim + i) * inner + k]);
  n.setOutputConstant(0, DenseElementsAttr::get(
                             RankedTensorType::get(type->getShape(),
                                                   c.getElementType()),
                             out));
  return success();
}

/// Gather on an activation: constant indices that are a scalar or a
/// contiguous ascending run pick a slice (ViT's class token, x[:, 0]); a
/// scalar index then drops its axis.
LogicalResult gatherSlice(NodeImporter &n, ArrayRef<int64_t> indices,
                          int64_t indexRank) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", 0), type.getRank());
  if (failed(axis))
    return failure();
  FailureOr<SmallVector<int64_t>> picked =
      gatherIndices(n, indices, type.getDimSize(*axis));
  if (failed(picked))
    return failure();
  bool contiguous = indexRank <= 1 && !picked->empty();
  for (auto [k, index] : llvm::enumerate(*picked))
    contiguous &= index == picked->front() + static_cast<int64_t>(k);
  if (!contiguous)
    return n.error() << "Gather on an activation needs constant indices "
                        "that are a scalar or a contiguous ascending range";
  SliceBounds b = wholeTensor(type.getShape());
  b.offsets[*axis] = picked->front();
  b.sizes[*axis] = picked->size();
  Value slice = sliceOf(n, *x, b);
  if (indexRank == 0) {
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + *axis);
    slice = ReshapeOp::create(n.builder(), n.loc(), type.clone(shape), slice);
  }
  n.setOutput(0, slice);
  return success();
}

LogicalResult convertGather(NodeImporter &n) {
  FailureOr<ImportedValue *> data = n.inputRecord(0);
  FailureOr<DenseElementsAttr> indexAttr = n.constantInput(1);
  FailureOr<SmallVector<int64_t>> indices = n.constantInts(1);
  if (failed(data) || failed(indexAttr) || failed(indices))
    return failure();
  if (DenseElementsAttr c = (*data)->constant)
    return gatherConstant(n, c, *indices);
  return gatherSlice(n, *indices, indexAttr->getType().getRank());
}

LogicalResult convertConstant(NodeImporter &n) {
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(type))
    return failure();
  Builder &b = n.builder();
  if (const onnx::AttributeProto *a = n.attr("value_float")) {
    n.setOutputConstant(0, DenseElementsAttr::get(*type, a->f()));
    return success();
  }
  if (const onnx::AttributeProto *a = n.attr("value_int")) {
    n.setOutputConstant(0, DenseElementsAttr::get(*type, APInt(64, a->i())));
    return success();
  }
  if (const onnx::AttributeProto *a = n.attr("value_ints")) {
    SmallVector<APInt> v;
    for (int64_t i : a->ints())
      v.push_back(APInt(64, i));
    n.setOutputConstant(0, DenseElementsAttr::get(*type, v));
    return success();
  }
  if (const onnx::AttributeProto *a = n.attr("value_floats")) {
    SmallVector<float> v(a->floats().begin(), a->floats().end());
    n.setOutputConstant(0, DenseElementsAttr::get(*type, ArrayRef<float>(v)));
    return success();
  }
  (void)b;
  FailureOr<DenseElementsAttr> value = n.attrTensor("value");
  if (failed(value))
    return failure();
  n.setOutputConstant(0, *value);
  return success();
}

/// The shape comes from the (constant) input itself: ONNX's shape inference
/// does not always propagate it.
LogicalResult convertConstantOfShape(NodeImporter &n) {
  FailureOr<SmallVector<int64_t>> shape = n.constantInts(0);
  if (failed(shape))
    return failure();
  // The shape is data: a negative or huge one must not reach the type.
  if (failed(n.checkOutputSize(*shape, n.builder().getI64Type())))
    return failure();
  if (!n.attr("value")) {
    auto type = RankedTensorType::get(*shape, n.builder().getF32Type());
    n.setOutputConstant(0, DenseElementsAttr::get(type, 0.0f));
    return success();
  }
  FailureOr<DenseElementsAttr> value = n.attrTensor("value");
  if (failed(value))
    return failure();
  if (value->getNumElements() != 1)
    return n.error() << "the value attribute must hold one element";
  auto type = RankedTensorType::get(*shape, value->getElementType());
  n.setOutputConstant(
      0, DenseElementsAttr::get(type, value->getSplatValue<Attribute>()));
  return success();
}

LogicalResult convertPad(NodeImporter &n) {
  if (failed(n.expectAttrString("mode", "constant")))
    return failure();
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  SmallVector<int64_t> pads;
  float value = 0.0f;
  if (n.opset() < 11) {
    pads = n.attrInts("pads");
    value = n.attrFloat("value", 0.0f);
  } else {
    FailureOr<SmallVector<int64_t>> p = n.constantInts(1);
    if (failed(p))
      return failure();
    pads = *p;
    if (n.hasInput(2)) {
      FailureOr<double> v = n.constantScalar(2);
      if (failed(v))
        return failure();
      value = static_cast<float>(*v);
    }
  }
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return n.error() << "negative pads (cropping) are not supported";
  n.setOutput(0, PadOp::create(n.builder(), n.loc(), *type, *x, pads,
                               llvm::APFloat(value)));
  return success();
}

FailureOr<SliceBounds> resolveSlice(NodeImporter &n, ArrayRef<int64_t> shape,
                                    ArrayRef<int64_t> starts,
                                    ArrayRef<int64_t> ends,
                                    ArrayRef<int64_t> axes,
                                    ArrayRef<int64_t> steps) {
  int64_t rank = shape.size();
  if (ends.size() != starts.size() ||
      (!axes.empty() && axes.size() != starts.size()) ||
      (!steps.empty() && steps.size() != starts.size()))
    return n.error() << "starts, ends, axes and steps differ in length";
  SliceBounds b = wholeTensor(shape);
  for (size_t i = 0; i < starts.size(); ++i) {
    FailureOr<int64_t> axis =
        normalizeAxis(n, axes.empty() ? int64_t(i) : axes[i], rank);
    if (failed(axis))
      return failure();
    int64_t dim = shape[*axis], step = steps.empty() ? 1 : steps[i];
    if (step < 1)
      return n.error() << "Slice steps must be positive (got " << step << ")";
    auto clampIndex = [&](int64_t v) {
      return std::clamp<int64_t>(v < 0 ? v + dim : v, 0, dim);
    };
    int64_t start = clampIndex(starts[i]), end = clampIndex(ends[i]);
    if (end <= start)
      return n.error() << "empty slices are not supported";
    b.offsets[*axis] = start;
    b.strides[*axis] = step;
    b.sizes[*axis] = 1 + (end - start - 1) / step;
  }
  return b;
}

LogicalResult convertSlice(NodeImporter &n) {
  SmallVector<int64_t> starts, ends, axes, steps;
  if (n.opset() < 10) {
    starts = n.attrInts("starts");
    ends = n.attrInts("ends");
    axes = n.attrInts("axes");
  } else {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(1), e = n.constantInts(2);
    if (failed(s) || failed(e))
      return failure();
    starts = *s;
    ends = *e;
    for (auto [index, out] : {std::pair<unsigned, SmallVector<int64_t> *>{
                                  3, &axes},
                              {4, &steps}})
      if (n.hasInput(index)) {
        FailureOr<SmallVector<int64_t>> v = n.constantInts(index);
        if (failed(v))
          return failure();
        *out = *v;
      }
  }
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  if (failed(record))
    return failure();
  // 1-D integer constants: a shape being cut.
  if (DenseElementsAttr c = (*record)->constant;
      c && isa<IntegerType>(c.getElementType()) && c.getType().getRank() == 1) {
    FailureOr<SliceBounds> b =
        resolveSlice(n, c.getType().getShape(), starts, ends, axes, steps);
    if (failed(b))
      return failure();
    SmallVector<APInt> all = intValues(c), cut;
    for (int64_t i = 0; i < b->sizes[0]; ++i)
      cut.push_back(all[b->offsets[0] + i * b->strides[0]]);
    n.setOutputConstant(0, DenseElementsAttr::get(
                               RankedTensorType::get(b->sizes,
                                                     c.getElementType()),
                               cut));
    return success();
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  FailureOr<SliceBounds> b =
      resolveSlice(n, cast<RankedTensorType>(x->getType()).getShape(), starts,
                   ends, axes, steps);
  if (failed(b))
    return failure();
  n.setOutput(0, sliceOf(n, *x, *b));
  return success();
}

LogicalResult convertSplit(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  ArrayRef<int64_t> shape = cast<RankedTensorType>(x->getType()).getShape();
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", 0), shape.size());
  if (failed(axis))
    return failure();
  SmallVector<int64_t> sizes;
  if (n.opset() < 13) {
    sizes = n.attrInts("split");
  } else if (n.hasInput(1)) {
    FailureOr<SmallVector<int64_t>> s = n.constantInts(1);
    if (failed(s))
      return failure();
    sizes = *s;
  }
  if (sizes.empty()) {
    int64_t parts = n.numOutputs();
    if (shape[*axis] % parts != 0)
      return n.error() << "dimension " << shape[*axis]
                       << " does not split evenly into " << parts;
    sizes.assign(parts, shape[*axis] / parts);
  }
  if (sizes.size() != n.numOutputs())
    return n.error() << "expects " << n.numOutputs() << " split sizes but got "
                     << sizes.size();
  int64_t total = 0;
  for (int64_t size : sizes) {
    if (size < 1)
      return n.error() << "split sizes must be positive but got " << size;
    total += size;
  }
  if (total != shape[*axis])
    return n.error() << "split sizes add up to " << total
                     << " but the dimension is " << shape[*axis];
  int64_t offset = 0;
  for (unsigned i = 0; i < n.numOutputs(); ++i) {
    SliceBounds b = wholeTensor(shape);
    b.offsets[*axis] = offset;
    b.sizes[*axis] = sizes[i];
    offset += sizes[i];
    n.setOutput(i, sliceOf(n, *x, b));
  }
  return success();
}

} // namespace

void registerShapeOps(ConverterTable &table) {
  table["Reshape"] = convertReshapeLike;
  table["Flatten"] = convertReshapeLike;
  table["Squeeze"] = convertReshapeLike;
  table["Unsqueeze"] = convertReshapeLike;
  table["Expand"] = convertExpand;
  table["Transpose"] = convertTranspose;
  table["Concat"] = convertConcat;
  table["Shape"] = convertShape;
  table["Gather"] = convertGather;
  table["Constant"] = convertConstant;
  table["ConstantOfShape"] = convertConstantOfShape;
  table["Pad"] = convertPad;
  table["Slice"] = convertSlice;
  table["Split"] = convertSplit;
}

} // namespace qcc::onnx_import
