//===- LowerDataOps.cpp - kernel calls of elementwise, pooling, layout ----===//
//
// This file lowers the ops whose kernels walk their data once: add and mul
// with broadcasting, requantize, lookup, softmax, pools, concatenation,
// padding, transpose, slice and reshape.
//
//===----------------------------------------------------------------------===//

#include "KernelDescriptors.h"
#include "KernelLowering.h"

namespace qcc::kernels {

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Whether an elementwise op can write over its first input: same shape.
static bool sameShape(Value input, Value output) {
  return shapeOf(input) == shapeOf(output);
}

FailureOr<Value> Lowering::lowerBinary(Operation *op, StringRef operation,
                                       ArrayRef<int32_t> parameters,
                                       RequantAttr requant) {
  Value lhs = op->getOperand(0), rhs = op->getOperand(1),
        output = op->getResult(0);
  ArrayRef<int64_t> out = shapeOf(output);
  Walk walk(out, {broadcastStrides(shapeOf(lhs), out),
                  broadcastStrides(shapeOf(rhs), out)});
  if (failed(walk.fits(op)))
    return failure();
  SmallVector<int32_t> desc = {walk.rank()};
  walk.appendTo(desc);
  desc.append({zeroPoint(lhs.getType()), zeroPoint(rhs.getType())});
  desc.append(parameters.begin(), parameters.end());
  desc.append(requantFields(requant, output.getType()));
  return call(op, operation, desc, {},
              {input(lhs), input(rhs)}, output.getType(),
              sameShape(lhs, output));
}

FailureOr<Value> Lowering::lowerAdd(QAddOp op) {
  // The I32Attr getters return unsigned values; the attributes are signed.
  auto field = [](IntegerAttr attr) { return i32(attr.getInt()); };
  return lowerBinary(op, "add",
                     {field(op.getLeftShiftAttr()),
                      field(op.getLhsMultiplierAttr()),
                      field(op.getLhsShiftAttr()),
                      field(op.getRhsMultiplierAttr()),
                      field(op.getRhsShiftAttr())},
                     op.getRequant());
}

FailureOr<Value> Lowering::lowerMul(QMulOp op) {
  return lowerBinary(op, "mul", {}, op.getRequant());
}

FailureOr<Value> Lowering::lowerRequantize(RequantizeOp op) {
  SmallVector<int32_t> desc = {
      i32(cast<ShapedType>(op.getType()).getNumElements()),
      zeroPoint(op.getInput().getType())};
  desc.append(requantFields(op.getRequant(), op.getType()));
  return call(op, "requantize", desc, {}, input(op.getInput()),
              op.getType(), true);
}

FailureOr<Value> Lowering::lowerLookup(QLookupOp op) {
  int32_t offset = storageOffset(op.getType());
  std::vector<int8_t> table;
  for (int32_t v : op.getTable())
    table.push_back(static_cast<int8_t>(v - offset));
  return call(op, "lookup",
              {i32(cast<ShapedType>(op.getType()).getNumElements())},
              {int8Array(op.getContext(), table)},
              input(op.getInput()), op.getType(), true);
}

FailureOr<Value> Lowering::lowerSoftmax(QSoftmaxOp op) {
  auto type = cast<ShapedType>(op.getType());
  int64_t row = type.getRank() ? type.getShape().back() : 1;
  quant::QuantizedType q = quantizedOf(type);
  int32_t offset = storageOffset(type);
  SmallVector<int32_t> desc = {i32(type.getNumElements() / row), i32(row),
                               i32(q.getStorageTypeMin()) - offset,
                               i32(q.getStorageTypeMax()) - offset};
  return call(op, "softmax", desc,
              {int32Array(op.getContext(), op.getExpTable())},
              input(op.getInput()), op.getType(), true);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

FailureOr<Value> Lowering::lowerPool(Operation *op) {
  auto max = dyn_cast<QMaxPoolOp>(op);
  auto avg = dyn_cast<QAvgPoolOp>(op);
  Value source = op->getOperand(0);
  ArrayRef<int64_t> in = shapeOf(source), out = shapeOf(op->getResult(0));
  ArrayRef<int64_t> kernel = max ? max.getKernel() : avg.getKernel();
  ArrayRef<int64_t> strides = max ? max.getStrides() : avg.getStrides();
  ArrayRef<int64_t> pads = max ? max.getPads() : avg.getPads();
  SmallVector<int32_t> desc = {
      i32(in[0]),      i32(in[1]),      i32(in[2]),      i32(in[3]),
      i32(out[1]),     i32(out[2]),     i32(kernel[0]),  i32(kernel[1]),
      i32(strides[0]), i32(strides[1]), i32(pads[0]),    i32(pads[1]),
      avg && avg.getCountIncludePad() ? 1 : 0,
      avg ? zeroPoint(source.getType()) : 0};
  if (avg)
    desc.append(requantFields(avg.getRequant(), avg.getType()));
  else
    desc.append(6, 0);
  return call(op, max ? "max_pool" : "avg_pool", desc, {},
              input(source), op->getResult(0).getType());
}

FailureOr<Value> Lowering::lowerGlobalAvgPool(QGlobalAvgPoolOp op) {
  ArrayRef<int64_t> in = shapeOf(op.getInput());
  SmallVector<int32_t> desc = {i32(in[0]), i32(in[1] * in[2]), i32(in[3]),
                               zeroPoint(op.getInput().getType())};
  desc.append(requantFields(op.getRequant(), op.getType()));
  return call(op, "global_avg_pool", desc, {}, input(op.getInput()),
              op.getType());
}

//===----------------------------------------------------------------------===//
// Layout
//===----------------------------------------------------------------------===//

FailureOr<Value> Lowering::lowerConcat(QConcatOp op) {
  ArrayRef<int64_t> out = shapeOf(op.getOutput());
  int64_t axis = op.getAxis();
  int64_t outer = 1, after = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= out[d];
  for (size_t d = axis + 1; d < out.size(); ++d)
    after *= out[d];
  Value buffer;
  int64_t position = 0;
  for (auto [part, attr] : llvm::zip(op.getInputs(), op.getRequants())) {
    auto requant = cast<RequantAttr>(attr);
    int64_t length = shapeOf(part)[axis];
    int32_t inputZero = zeroPoint(part.getType());
    quant::QuantizedType q = quantizedOf(part.getType());
    int32_t offset = storageOffset(part.getType());
    SmallVector<int32_t> stage = requantFields(requant, op.getType());
    // M = 1 exactly, the same zero point and a clamp that cuts nothing.
    bool identity = requant.getMultiplier()[0] == (1 << 30) &&
                    requant.getShift()[0] == -1 && stage[2] == inputZero &&
                    stage[3] <= q.getStorageTypeMin() - offset &&
                    stage[4] >= q.getStorageTypeMax() - offset;
    SmallVector<int32_t> desc = {i32(outer),         i32(length * after),
                                 i32(out[axis] * after),
                                 i32(position * after), identity ? 1 : 0,
                                 inputZero};
    desc.append(stage);
    FailureOr<Value> written = call(op, "concat", desc, {}, input(part),
                                    op.getType(), false, buffer);
    if (failed(written))
      return failure();
    buffer = *written;
    position += length;
  }
  return buffer;
}

FailureOr<Value> Lowering::lowerPad(QPadOp op) {
  ArrayRef<int64_t> in = shapeOf(op.getInput()), out = shapeOf(op.getOutput());
  ArrayRef<int64_t> pads = op.getPads();
  SmallVector<int64_t> outStrides = rowMajorStrides(out);
  int64_t offset = 0;
  for (size_t d = 0; d < in.size(); ++d)
    offset += pads[d] * outStrides[d];
  Walk walk(in, {outStrides});
  if (failed(walk.fits(op)))
    return failure();
  SmallVector<int32_t> desc = {
      i32(cast<ShapedType>(op.getType()).getNumElements()),
      zeroPoint(op.getType()), walk.rank(), i32(offset)};
  walk.appendTo(desc);
  return call(op, "pad", desc, {}, input(op.getInput()),
              op.getType());
}

/// The gather descriptor of a transpose of a tensor of `shape` by `perm`.
static SmallVector<int64_t> transposeStrides(ArrayRef<int64_t> shape,
                                             ArrayRef<int64_t> perm) {
  SmallVector<int64_t> inStrides = rowMajorStrides(shape);
  SmallVector<int64_t> strides;
  for (int64_t p : perm)
    strides.push_back(inStrides[p]);
  return strides;
}

FailureOr<Value> Lowering::lowerTranspose(TransposeOp op) {
  Walk walk(shapeOf(op.getOutput()),
            {transposeStrides(shapeOf(op.getInput()), op.getPerm())});
  if (failed(walk.fits(op)))
    return failure();
  return call(op, "gather", gatherFields(walk, 0), {}, input(op.getInput()),
              op.getType());
}

Value Lowering::transpose(Location loc, Value value, ArrayRef<int64_t> perm) {
  RankedTensorType type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  // Rank 4 (the boundary's NCHW/NHWC), so the walk always fits.
  Walk walk(shape, {transposeStrides(type.getShape(), perm)});
  return callPortable(loc, "gather", gatherFields(walk, 0), value,
                      RankedTensorType::get(shape, type.getElementType()));
}

FailureOr<Value> Lowering::lowerSlice(SliceOp op) {
  SmallVector<int64_t> inStrides = rowMajorStrides(shapeOf(op.getInput()));
  SmallVector<int64_t> strides;
  int64_t offset = 0;
  for (size_t d = 0; d < inStrides.size(); ++d) {
    strides.push_back(inStrides[d] * op.getStrides()[d]);
    offset += inStrides[d] * op.getOffsets()[d];
  }
  Walk walk(shapeOf(op.getOutput()), {strides});
  if (failed(walk.fits(op)))
    return failure();
  return call(op, "gather", gatherFields(walk, offset), {},
              input(op.getInput()), op.getType());
}

FailureOr<Value> Lowering::lowerReshape(ReshapeOp op) {
  auto view = ReshapeOp::create(builder, op.getLoc(), int8Like(op.getType()),
                                input(op.getInput()));
  created.insert(view);
  return view.getResult();
}

} // namespace qcc::kernels
