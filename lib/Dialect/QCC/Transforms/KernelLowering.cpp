//===- KernelLowering.cpp - one integer op to one kernel call -------------===//
//
// This file builds the `qcc.kernel` call of each integer-level op: the
// descriptor fields in the order of runtime/include/qcc/kernels.h, and the
// constants packed for the kernel. Every quantity is moved to the int8
// storage form first: a uint8 value q of zero point Z is stored as
// q - 128 with zero point Z - 128, which keeps q - Z, hence every integer
// the op computes, unchanged.
//
//===----------------------------------------------------------------------===//

#include "KernelLowering.h"

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/fixedpoint.h"
#include "qcc/kernels.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace qcc::kernels {

//===----------------------------------------------------------------------===//
// Int8 storage form
//===----------------------------------------------------------------------===//

namespace {

quant::QuantizedType quantizedOf(Type type) {
  return dyn_cast<quant::QuantizedType>(getElementTypeOrSelf(type));
}

/// What is subtracted from stored values to reach the int8 form.
int32_t storageOffset(Type type) {
  quant::QuantizedType q = quantizedOf(type);
  return q && !q.isSigned() ? 128 : 0;
}

/// The per-tensor zero point of `type` in int8 form.
int32_t zeroPoint(Type type) {
  auto uniform = cast<quant::UniformQuantizedType>(quantizedOf(type));
  return static_cast<int32_t>(uniform.getZeroPoint()) - storageOffset(type);
}

ArrayRef<int64_t> shapeOf(Value value) {
  return cast<ShapedType>(value.getType()).getShape();
}

int32_t i32(int64_t v) { return static_cast<int32_t>(v); }

int32_t roundingOf(RequantAttr requant) {
  return requant.getRounding() == RoundingMode::Single ? QCC_ROUND_SINGLE
                                                       : QCC_ROUND_DOUBLE;
}

/// qcc_requant_desc of channel 0 of `requant`, for an output of `type`.
SmallVector<int32_t> requantFields(RequantAttr requant, Type type) {
  int32_t offset = storageOffset(type);
  return {requant.getMultiplier()[0], requant.getShift()[0],
          requant.getZeroPoint() - offset, requant.getMin() - offset,
          requant.getMax() - offset, roundingOf(requant)};
}

/// The trailing output-stage fields of the conv and fully-connected
/// descriptors: zero point, min, max, rounding.
SmallVector<int32_t> outputStageFields(RequantAttr requant, Type type) {
  SmallVector<int32_t> fields = requantFields(requant, type);
  return {fields[2], fields[3], fields[4], fields[5]};
}

/// Row-major element strides of `shape`.
SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape) {
  SmallVector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

DenseIntElementsAttr int8Array(MLIRContext *context, ArrayRef<int8_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(context, 8));
  return DenseIntElementsAttr::get(type, values);
}

DenseIntElementsAttr int32Array(MLIRContext *context,
                                ArrayRef<int32_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    IntegerType::get(context, 32));
  return DenseIntElementsAttr::get(type, values);
}

/// A multi-index walk for the layout and broadcasting kernels: output
/// dimensions with one stride per operand, size-1 dimensions dropped.
struct Walk {
  SmallVector<int32_t> dims;
  SmallVector<SmallVector<int32_t>> strides;

  Walk(ArrayRef<int64_t> shape, ArrayRef<SmallVector<int64_t>> operandStrides)
      : strides(operandStrides.size()) {
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] == 1)
        continue;
      dims.push_back(i32(shape[d]));
      for (size_t k = 0; k < operandStrides.size(); ++k)
        strides[k].push_back(i32(operandStrides[k][d]));
    }
  }

  /// Appends rank, then the dims and each operand's strides padded to
  /// QCC_MAX_RANK; fails when the walk has more dimensions.
  LogicalResult append(Operation *op, SmallVectorImpl<int32_t> &fields,
                       bool rankFirst = true) const {
    if (dims.size() > QCC_MAX_RANK)
      return op->emitError("has ")
             << dims.size() << " non-unit dimensions; kernels take at most "
             << QCC_MAX_RANK;
    if (rankFirst)
      fields.push_back(i32(dims.size()));
    appendPadded(fields, dims);
    for (const SmallVector<int32_t> &s : strides)
      appendPadded(fields, s);
    return success();
  }

  static void appendPadded(SmallVectorImpl<int32_t> &fields,
                           ArrayRef<int32_t> values) {
    fields.append(values.begin(), values.end());
    fields.append(QCC_MAX_RANK - values.size(), 0);
  }
};

/// The strides with which an operand of `shape` is read while walking
/// `outShape` (numpy broadcasting: missing or size-1 dimensions stride 0).
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> outShape) {
  SmallVector<int64_t> own = rowMajorStrides(shape);
  SmallVector<int64_t> strides(outShape.size(), 0);
  size_t lead = outShape.size() - shape.size();
  for (size_t d = 0; d < shape.size(); ++d)
    strides[lead + d] = shape[d] == 1 ? 0 : own[d];
  return strides;
}

/// The stored weights of `weight` in int8 form and their zero point (one
/// for all channels).
struct Weights {
  std::vector<int8_t> values;
  int32_t zeroPoint;
};

FailureOr<Weights> int8Weights(Operation *op, Value weight) {
  auto constant = weight.getDefiningOp<QConstantOp>();
  if (!constant)
    return op->emitError("has no kernel for weights computed at run time");
  Weights result;
  int32_t offset = storageOffset(weight.getType());
  for (const APInt &v : constant.getValue().getValues<APInt>())
    result.values.push_back(
        static_cast<int8_t>((offset ? v.getZExtValue() : v.getSExtValue()) -
                            offset));
  quant::QuantizedType q = quantizedOf(weight.getType());
  SmallVector<int64_t> zeroPoints;
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(q))
    zeroPoints.assign(perAxis.getZeroPoints().begin(),
                      perAxis.getZeroPoints().end());
  else
    zeroPoints.push_back(cast<quant::UniformQuantizedType>(q).getZeroPoint());
  if (!llvm::all_equal(zeroPoints))
    return op->emitError("has no kernel for per-channel weight zero points "
                         "that differ");
  result.zeroPoint = static_cast<int32_t>(zeroPoints[0]) - offset;
  return result;
}

/// The int32 bias of `count` channels (zeros without one).
FailureOr<std::vector<int64_t>> biasValues(Operation *op, Value bias,
                                           int64_t count) {
  std::vector<int64_t> values(count, 0);
  if (!bias)
    return values;
  DenseIntElementsAttr attr;
  if (!matchPattern(bias, m_Constant(&attr)))
    return op->emitError("has no kernel for a bias computed at run time");
  int64_t i = 0;
  for (const APInt &v : attr.getValues<APInt>())
    values[i++] = v.getSExtValue();
  return values;
}

/// The conv/fully-connected constants: packed weights, the bias with the
/// constant zero-point terms folded in, per-channel multipliers and shifts.
/// `weights` is [channels][depth] in the order the bias folding reads it.
SmallVector<Attribute> gemmConstants(MLIRContext *context,
                                     ArrayRef<int8_t> packed,
                                     const Weights &weights,
                                     ArrayRef<int64_t> bias, int32_t inputZero,
                                     RequantAttr requant) {
  int64_t channels = static_cast<int64_t>(bias.size());
  int64_t depth = static_cast<int64_t>(weights.values.size()) / channels;
  SmallVector<int32_t> folded, multipliers, shifts;
  for (int64_t o = 0; o < channels; ++o) {
    int64_t sum = 0;
    for (int64_t k = 0; k < depth; ++k)
      sum += weights.values[o * depth + k];
    folded.push_back(qcc_wrap_s32(bias[o] - inputZero * sum +
                                  depth * inputZero * weights.zeroPoint));
    size_t c = requant.getNumChannels() == 1 ? 0 : o;
    multipliers.push_back(requant.getMultiplier()[c]);
    shifts.push_back(requant.getShift()[c]);
  }
  return {int8Array(context, packed), int32Array(context, folded),
          int32Array(context, multipliers), int32Array(context, shifts)};
}

/// Fails on an accumulator (no requant) output, which no kernel writes.
LogicalResult requireRequant(Operation *op, RequantAttr requant) {
  if (requant)
    return success();
  return op->emitError("has no kernel: its output is the 32-bit accumulator "
                       "(ConvInteger/MatMulInteger), not a requantized tensor");
}

} // namespace

RankedTensorType int8Like(Type type) {
  return RankedTensorType::get(cast<ShapedType>(type).getShape(),
                               IntegerType::get(type.getContext(), 8));
}

LogicalResult checkBoundaryType(Operation *op, Type type) {
  auto uniform = dyn_cast_or_null<quant::UniformQuantizedType>(quantizedOf(type));
  if (uniform && uniform.getStorageTypeIntegralWidth() == 8)
    return success();
  return op->emitError("has a boundary tensor of type ")
         << type << "; compiled models take and return per-tensor 8-bit "
         << "quantized tensors";
}

//===----------------------------------------------------------------------===//
// Lowering
//===----------------------------------------------------------------------===//

Value Lowering::emit(Location loc, StringRef symbol,
                     ArrayRef<int32_t> descriptor,
                     ArrayRef<Attribute> constants, ValueRange inputs,
                     Type resultType, bool inPlace, Value tied, int64_t macs) {
  SmallVector<Value> operands(inputs.begin(), inputs.end());
  if (tied)
    operands.push_back(tied);
  NamedAttrList attrs;
  attrs.set("callee", builder.getStringAttr(symbol));
  attrs.set("descriptor", builder.getDenseI32ArrayAttr(descriptor));
  if (!constants.empty())
    attrs.set("constants", builder.getArrayAttr(constants));
  if (tied)
    attrs.set("tied", builder.getUnitAttr());
  if (inPlace)
    attrs.set("in_place", builder.getUnitAttr());
  if (macs)
    attrs.set("qcc.macs", builder.getI64IntegerAttr(macs));
  auto kernel = KernelOp::create(builder, loc, TypeRange{int8Like(resultType)},
                                 operands, attrs.getAttrs());
  created.insert(kernel);
  return kernel.getResult();
}

FailureOr<Value> Lowering::call(Operation *op, StringRef operation,
                                ArrayRef<int32_t> descriptor,
                                ArrayRef<Attribute> constants,
                                ValueRange inputs, Type resultType,
                                bool inPlace, Value tied, int64_t macs) {
  const KernelInfo *kernel = selectKernel(operation, features);
  if (!kernel)
    return op->emitError("no runtime kernel computes '")
           << operation << "' for the enabled target features";
  return emit(op->getLoc(), kernel->symbol, descriptor, constants, inputs,
              resultType, inPlace, tied, macs);
}

Value Lowering::callPortable(Location loc, StringRef operation,
                             ArrayRef<int32_t> descriptor, Value input,
                             Type resultType, bool inPlace) {
  // Every operation has a portable kernel, which needs no feature.
  const KernelInfo *kernel = selectKernel(operation, features);
  assert(kernel && "every operation has a portable kernel");
  return emit(loc, kernel->symbol, descriptor, {}, input, resultType, inPlace);
}

Value Lowering::fromStorage(Location loc, Value input, Type quantizedType) {
  if (!storageOffset(quantizedType))
    return input;
  int32_t count = i32(cast<ShapedType>(input.getType()).getNumElements());
  return callPortable(loc, "flip_sign", {count}, input, input.getType(),
                      /*inPlace=*/true);
}

Value Lowering::toStorage(Location loc, Value value, Type quantizedType) {
  return fromStorage(loc, value, quantizedType); // the flip is an involution
}

Value Lowering::copy(Location loc, Value value) {
  // A one-dimensional gather with stride 1.
  int32_t count = i32(cast<ShapedType>(value.getType()).getNumElements());
  return callPortable(loc, "gather",
                      {1, 0, count, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0}, value,
                      value.getType());
}

Value Lowering::input(Value old) {
  if (Value value = mapping.lookupOrNull(old))
    return value;
  // A quantized constant operand (a factor of qcc.qmul): its int8 form as a
  // constant tensor, which the emitters place in read-only data.
  auto constant = old.getDefiningOp<QConstantOp>();
  assert(constant && "operands are lowered before their users");
  FailureOr<Weights> values = int8Weights(constant, old);
  OpBuilder::InsertionGuard guard(builder);
  builder.setInsertionPoint(constant);
  auto type = int8Like(old.getType());
  Value value = arith::ConstantOp::create(
      builder, constant.getLoc(), type,
      DenseIntElementsAttr::get(type, ArrayRef(values->values)));
  created.insert(value.getDefiningOp());
  mapping.map(old, value);
  return value;
}

LogicalResult Lowering::lower(Operation *op) {
  builder.setInsertionPoint(op);
  FailureOr<Value> value = lowerOp(op);
  if (failed(value))
    return failure();
  map(op, *value);
  return success();
}

FailureOr<Value> Lowering::lowerOp(Operation *op) {
  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
      .Case([&](QConv2DOp o) { return lowerConv(o); })
      .Case([&](QFullyConnectedOp o) { return lowerFullyConnected(o); })
      .Case([&](QMatMulOp o) { return lowerMatMul(o); })
      .Case([&](QAddOp o) { return lowerAdd(o); })
      .Case([&](QMulOp o) { return lowerMul(o); })
      .Case([&](RequantizeOp o) { return lowerRequantize(o); })
      .Case([&](QLookupOp o) { return lowerLookup(o); })
      .Case([&](QSoftmaxOp o) { return lowerSoftmax(o); })
      .Case([&](QLayerNormOp o) { return lowerLayerNorm(o); })
      .Case<QMaxPoolOp, QAvgPoolOp>([&](Operation *o) { return lowerPool(o); })
      .Case([&](QGlobalAvgPoolOp o) { return lowerGlobalAvgPool(o); })
      .Case([&](QConcatOp o) { return lowerConcat(o); })
      .Case([&](QPadOp o) { return lowerPad(o); })
      .Case([&](TransposeOp o) { return lowerTranspose(o); })
      .Case([&](SliceOp o) { return lowerSlice(o); })
      .Case([&](ReshapeOp o) { return lowerReshape(o); })
      .Default([&](Operation *o) -> FailureOr<Value> {
        return o->emitError("'")
               << o->getName() << "' has no runtime kernel";
      });
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

FailureOr<Value> Lowering::lowerConv(QConv2DOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  FailureOr<Weights> weights = int8Weights(op, op.getWeight());
  if (failed(weights))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput());
  int64_t channels = w[0], kh = w[1], kw = w[2], groupIn = w[3];
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), channels);
  if (failed(bias))
    return failure();
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                    dilations = op.getDilations();
  int64_t group = op.getGroup();
  bool depthwise = group > 1 && group == in[3];
  bool pointwise = kh == 1 && kw == 1 && group == 1 &&
                   llvm::all_of(pads, [](int64_t p) { return p == 0; });
  StringRef operation =
      depthwise ? "depthwise_conv2d" : pointwise ? "conv2d_1x1" : "conv2d";

  // OHWI is what the general and 1x1 kernels read; depthwise reads
  // [kh][kw][out_c].
  std::vector<int8_t> packed = weights->values;
  if (depthwise)
    for (int64_t o = 0; o < channels; ++o)
      for (int64_t k = 0; k < kh * kw; ++k)
        packed[k * channels + o] = weights->values[o * kh * kw + k];

  int32_t inputZero = zeroPoint(op.getInput().getType());
  SmallVector<int32_t> desc = {
      i32(in[0]),        i32(in[1]),        i32(in[2]),      i32(in[3]),
      i32(out[1]),       i32(out[2]),       i32(channels),   i32(kh),
      i32(kw),           i32(strides[0]),   i32(strides[1]), i32(pads[0]),
      i32(pads[1]),      i32(dilations[0]), i32(dilations[1]),
      i32(group),        inputZero,         weights->zeroPoint};
  desc.append(outputStageFields(op.getRequantAttr(), op.getType()));
  int64_t macs = cast<ShapedType>(op.getType()).getNumElements() * kh * kw *
                 groupIn;
  return call(op, operation, desc,
              gemmConstants(op.getContext(), packed, *weights, *bias,
                            inputZero, op.getRequantAttr()),
              input(op.getInput()), op.getType(), false, nullptr,
              macs);
}

FailureOr<Value> Lowering::lowerFullyConnected(QFullyConnectedOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  FailureOr<Weights> weights = int8Weights(op, op.getWeight());
  if (failed(weights))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight());
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), w[0]);
  if (failed(bias))
    return failure();
  int32_t inputZero = zeroPoint(op.getInput().getType());
  SmallVector<int32_t> desc = {i32(in[0]), i32(in[1]), i32(w[0]), inputZero,
                               weights->zeroPoint};
  desc.append(outputStageFields(op.getRequantAttr(), op.getType()));
  return call(op, "fully_connected", desc,
              gemmConstants(op.getContext(), weights->values, *weights, *bias,
                            inputZero, op.getRequantAttr()),
              input(op.getInput()), op.getType(), false, nullptr,
              in[0] * in[1] * w[0]);
}

FailureOr<Value> Lowering::lowerMatMul(QMatMulOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  ArrayRef<int64_t> a = shapeOf(op.getLhs()), b = shapeOf(op.getRhs());
  int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
  int64_t batch = cast<ShapedType>(op.getType()).getNumElements() / (m * n);
  // Each operand is one matrix per batch, or one matrix for all of them.
  auto batchStride = [&](ArrayRef<int64_t> shape) -> std::optional<int32_t> {
    int64_t count = 1;
    for (int64_t d : shape.drop_back(2))
      count *= d;
    if (count == batch)
      return i32(shape[shape.size() - 2] * shape.back());
    if (count == 1)
      return 0;
    return std::nullopt;
  };
  std::optional<int32_t> lhsStride = batchStride(a), rhsStride = batchStride(b);
  if (!lhsStride || !rhsStride)
    return op->emitError("has no kernel for partially broadcast batch "
                         "dimensions");
  SmallVector<int32_t> desc = {i32(batch),
                               i32(m),
                               i32(k),
                               i32(n),
                               *lhsStride,
                               *rhsStride,
                               zeroPoint(op.getLhs().getType()),
                               zeroPoint(op.getRhs().getType())};
  desc.append(requantFields(op.getRequantAttr(), op.getType()));
  return call(op, "matmul", desc, {},
              {input(op.getLhs()), input(op.getRhs())},
              op.getType(), false, nullptr, batch * m * n * k);
}

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
  SmallVector<int32_t> desc;
  Walk walk(out, {broadcastStrides(shapeOf(lhs), out),
                  broadcastStrides(shapeOf(rhs), out)});
  if (failed(walk.append(op, desc)))
    return failure();
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

FailureOr<Value> Lowering::lowerLayerNorm(QLayerNormOp op) {
  auto type = cast<ShapedType>(op.getType());
  int64_t n = type.getShape().back();
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), n);
  if (failed(bias))
    return failure();
  RequantAttr requant = op.getRequant();
  SmallVector<int8_t> signs;
  SmallVector<int32_t> biases, multipliers, shifts;
  for (int64_t i = 0; i < n; ++i) {
    size_t c = requant.getNumChannels() == 1 ? 0 : i;
    signs.push_back(static_cast<int8_t>(op.getSigns()[i]));
    biases.push_back(i32((*bias)[i]));
    multipliers.push_back(requant.getMultiplier()[c]);
    shifts.push_back(requant.getShift()[c]);
  }
  // The int64 epsilon as two int32 fields, low word first.
  uint64_t epsilon = static_cast<uint64_t>(op.getEpsilonAttr().getInt());
  SmallVector<int32_t> desc = {
      i32(type.getNumElements() / n), i32(n),
      zeroPoint(op.getInput().getType()),
      static_cast<int32_t>(static_cast<uint32_t>(epsilon)),
      static_cast<int32_t>(epsilon >> 32)};
  desc.append(outputStageFields(requant, type));
  MLIRContext *context = op.getContext();
  return call(op, "layer_norm", desc,
              {int8Array(context, signs), int32Array(context, biases),
               int32Array(context, multipliers), int32Array(context, shifts)},
              input(op.getInput()), type, /*inPlace=*/true);
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
  SmallVector<int32_t> desc = {
      i32(cast<ShapedType>(op.getType()).getNumElements()),
      zeroPoint(op.getType()), 0, i32(offset)};
  Walk walk(in, {outStrides});
  if (failed(walk.append(op, desc, /*rankFirst=*/false)))
    return failure();
  desc[2] = i32(walk.dims.size());
  return call(op, "pad", desc, {}, input(op.getInput()),
              op.getType());
}

/// A gather of `input` into `outShape` whose output dimension d steps
/// through the input by `strides[d]` from `offset`.
static SmallVector<int32_t> gatherFields(ArrayRef<int64_t> outShape,
                                         ArrayRef<int64_t> strides,
                                         int64_t offset, Operation *op,
                                         bool &ok) {
  SmallVector<int32_t> desc = {0, i32(offset)};
  Walk walk(outShape, {SmallVector<int64_t>(strides)});
  ok = succeeded(walk.append(op, desc, /*rankFirst=*/false));
  desc[0] = i32(walk.dims.size());
  return desc;
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
  bool ok;
  SmallVector<int32_t> desc = gatherFields(
      shapeOf(op.getOutput()),
      transposeStrides(shapeOf(op.getInput()), op.getPerm()), 0, op, ok);
  if (!ok)
    return failure();
  return call(op, "gather", desc, {}, input(op.getInput()),
              op.getType());
}

Value Lowering::transpose(Location loc, Value value, ArrayRef<int64_t> perm) {
  RankedTensorType type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  bool ok;
  // Rank 4 (the boundary's NCHW/NHWC), so the walk always fits.
  SmallVector<int32_t> desc = gatherFields(
      shape, transposeStrides(type.getShape(), perm), 0, nullptr, ok);
  return callPortable(loc, "gather", desc, value,
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
  bool ok;
  SmallVector<int32_t> desc =
      gatherFields(shapeOf(op.getOutput()), strides, offset, op, ok);
  if (!ok)
    return failure();
  return call(op, "gather", desc, {}, input(op.getInput()),
              op.getType());
}

FailureOr<Value> Lowering::lowerReshape(ReshapeOp op) {
  auto view = ReshapeOp::create(builder, op.getLoc(), int8Like(op.getType()),
                                input(op.getInput()));
  created.insert(view);
  return view.getResult();
}

} // namespace qcc::kernels
