//===- OpsQOperator.cpp - QLinearConv, QLinearMatMul, ConvInteger, … ------===//
//
// This file converts ONNX's QOperator ops, which already compute in integers,
// straight to the integer level: NCHW tensors are transposed to NHWC around
// qcc.qconv2d, weights become qcc.qconstants, and the output scale becomes a
// #qcc.requant built from the scales (qcc::buildRequant). ConvInteger and
// MatMulInteger keep their int32 accumulators (no requant).
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

RankedTensorType withElement(RankedTensorType type, Type element) {
  return RankedTensorType::get(type.getShape(), element);
}

/// Transposes a rank-4 tensor by `perm`, whatever its element type; a
/// per-axis type's quantized dimension follows its dimension.
Value transpose4D(NodeImporter &n, Value v, ArrayRef<int64_t> perm) {
  auto type = cast<RankedTensorType>(v.getType());
  SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(type.getDimSize(p));
  Type element = type.getElementType();
  if (auto axis = dyn_cast<quant::UniformQuantizedPerAxisType>(element))
    element = quant::UniformQuantizedPerAxisType::get(
        axis.getFlags(), axis.getStorageType(), axis.getExpressedType(),
        axis.getScales(), axis.getZeroPoints(),
        llvm::find(perm, axis.getQuantizedDimension()) - perm.begin(),
        axis.getStorageTypeMin(), axis.getStorageTypeMax());
  return TransposeOp::create(n.builder(), n.loc(),
                             RankedTensorType::get(shape, element), v, perm);
}

constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// The per-channel scales of a quantized type (one for per tensor).
SmallVector<double> scalesOf(quant::QuantizedType type) {
  if (auto axis = dyn_cast<quant::UniformQuantizedPerAxisType>(type))
    return SmallVector<double>(axis.getScales());
  return {cast<quant::UniformQuantizedType>(type).getScale()};
}

/// The output stage for accumulators of scale `input`·`weight[c]` written
/// to `output`: M[c] = S_in·S_w[c] / S_out as fixed-point multipliers.
FailureOr<RequantAttr> requantFor(NodeImporter &n, double input,
                                  ArrayRef<double> weight,
                                  quant::UniformQuantizedType output) {
  SmallVector<double> multipliers;
  for (double w : weight)
    multipliers.push_back(input * w / output.getScale());
  return buildRequant(n.context(), multipliers, output.getZeroPoint(),
                      output.getStorageTypeMin(), output.getStorageTypeMax(),
                      RoundingMode::Double, [&] { return n.error(); });
}

IntegerType storageOf(NodeImporter &n, unsigned input) {
  FailureOr<ImportedValue *> record = n.inputRecord(input);
  Type element;
  if (succeeded(record)) {
    if ((*record)->constant)
      element = (*record)->constant.getElementType();
    else if ((*record)->value)
      element = cast<ShapedType>((*record)->value.getType()).getElementType();
  }
  if (auto q = dyn_cast_if_present<quant::QuantizedType>(element))
    return IntegerType::get(n.context(), q.getStorageTypeIntegralWidth(),
                            q.isSigned() ? IntegerType::Signless
                                         : IntegerType::Unsigned);
  if (auto i = dyn_cast_if_present<IntegerType>(element))
    return i;
  return IntegerType::get(n.context(), 8, IntegerType::Unsigned);
}

/// An int32 accumulator type of scale `scales` (per axis along `axis` when
/// they differ) and zero point 0.
Type accumulatorType(NodeImporter &n, ArrayRef<double> scales, int64_t axis) {
  Type i32 = IntegerType::get(n.context(), 32);
  Type f32 = Float32Type::get(n.context());
  unsigned flags = quant::QuantizationFlags::Signed;
  int64_t lo = INT32_MIN, hi = INT32_MAX;
  if (llvm::all_equal(scales))
    return quant::UniformQuantizedType::get(flags, i32, f32, scales[0], 0, lo,
                                            hi);
  SmallVector<int64_t> zeros(scales.size(), 0);
  return quant::UniformQuantizedPerAxisType::get(flags, i32, f32, scales,
                                                 zeros, axis, lo, hi);
}

/// Shared by QLinearConv and ConvInteger: x, w as quantized NCHW/OIHW
/// inputs, optional int32 bias, and either a requantized output type or
/// none (the accumulator).
LogicalResult emitConv(NodeImporter &n, quant::QuantizedType xType,
                       unsigned xInput, quant::QuantizedType wType,
                       unsigned wInput, std::optional<unsigned> biasInput,
                       quant::UniformQuantizedType yType) {
  FailureOr<Value> x, w;
  FailureOr<RankedTensorType> type;
  if (failed(x = n.quantizedInput(xInput, xType)) ||
      failed(w = n.quantizedInput(wInput, wType)) ||
      failed(type = n.outputType(0)))
    return failure();
  auto xt = cast<RankedTensorType>(x->getType());
  auto wt = cast<RankedTensorType>(w->getType());
  if (xt.getRank() != 4 || wt.getRank() != 4)
    return n.error() << "only 2-D convolutions (rank-4 tensors) are "
                        "supported";
  FailureOr<Window> window =
      readWindow(n, xt.getShape().drop_front(2), wt.getShape().drop_front(2));
  if (failed(window))
    return failure();
  Value bias;
  if (biasInput && n.hasInput(*biasInput)) {
    FailureOr<DenseElementsAttr> b = n.constantInput(*biasInput);
    if (failed(b))
      return failure();
    if (!b->getElementType().isInteger(32))
      return n.error() << "the bias must be int32";
    bias = n.materialize(*b);
  }
  SmallVector<double> accScales = scalesOf(wType);
  double inScale = scalesOf(xType)[0];
  for (double &s : accScales)
    s *= inScale;
  if (accScales.size() == 1)
    accScales.resize(wt.getDimSize(0), accScales[0]);

  Type outElement;
  RequantAttr requant;
  if (yType) {
    FailureOr<RequantAttr> r =
        requantFor(n, inScale, scalesOf(wType), yType);
    if (failed(r))
      return failure();
    requant = *r;
    outElement = yType;
  } else {
    outElement = accumulatorType(n, accScales, 3);
  }
  Value xNHWC = transpose4D(n, *x, kToNHWC);
  Value wOHWI = transpose4D(n, *w, kToNHWC);
  auto nchw = withElement(*type, outElement);
  SmallVector<int64_t> nhwcShape;
  for (int64_t p : kToNHWC)
    nhwcShape.push_back(nchw.getDimSize(p));
  // A per-axis accumulator type is built along dimension 3, the NHWC
  // channels; transposing back to NCHW moves it to dimension 1.
  auto conv = QConv2DOp::create(
      n.builder(), n.loc(), RankedTensorType::get(nhwcShape, outElement),
      xNHWC, wOHWI, bias, window->strides, window->pads, window->dilations,
      n.attrInt("group", 1), requant);
  n.setOutput(0, transpose4D(n, conv, kToNCHW));
  return success();
}

/// QLinearConv(x, x_scale, x_zp, w, w_scale, w_zp, y_scale, y_zp, B).
LogicalResult convertQLinearConv(NodeImporter &n) {
  FailureOr<quant::QuantizedType> x, w, y;
  if (failed(x = readQuantType(n, 1u, 2, 4, storageOf(n, 0), 1)) ||
      failed(w = readQuantType(n, 4u, 5, 4, storageOf(n, 3), 0)) ||
      failed(y = readQuantType(n, 6u, 7, 4, n.uint8Type(), 1)))
    return failure();
  auto yUniform = dyn_cast<quant::UniformQuantizedType>(*y);
  if (!isa<quant::UniformQuantizedType>(*x) || !yUniform)
    return n.error() << "the input and output must be quantized per tensor";
  return emitConv(n, *x, 0, *w, 3, 8u, yUniform);
}

/// The type ConvInteger and MatMulInteger read operand `input` with: they
/// compute on stored integers only, so an operand that is already quantized
/// keeps its type (its zero point must be the node's); any other is read
/// with scale 1 and the node's zero point (input `zeroPoint`).
FailureOr<quant::QuantizedType> integerOperandType(NodeImporter &n,
                                                   unsigned input,
                                                   unsigned zeroPoint,
                                                   int64_t rank,
                                                   int64_t axis) {
  FailureOr<quant::QuantizedType> unit =
      readQuantType(n, std::nullopt, zeroPoint, rank, storageOf(n, input),
                    axis);
  FailureOr<ImportedValue *> record = n.inputRecord(input);
  if (failed(unit) || failed(record))
    return failure();
  Type existing = (*record)->quantizedFrom ? (*record)->quantType
                  : (*record)->value
                      ? cast<ShapedType>((*record)->value.getType())
                            .getElementType()
                      : Type();
  auto uniform = dyn_cast_if_present<quant::UniformQuantizedType>(existing);
  if (!uniform)
    return unit;
  auto expected = dyn_cast<quant::UniformQuantizedType>(*unit);
  if (!expected || expected.getZeroPoint() != uniform.getZeroPoint() ||
      expected.isSigned() != uniform.isSigned())
    return n.error() << "input '" << n.node().input(input) << "' is "
                     << existing << " but the node reads it with zero point "
                     << (expected ? expected.getZeroPoint() : 0);
  return cast<quant::QuantizedType>(uniform);
}

/// ConvInteger(x, w, x_zp, w_zp): the int32 accumulator.
LogicalResult convertConvInteger(NodeImporter &n) {
  FailureOr<quant::QuantizedType> x, w;
  if (failed(x = integerOperandType(n, 0, 2, 4, 1)) ||
      failed(w = integerOperandType(n, 1, 3, 4, 0)))
    return failure();
  if (!isa<quant::UniformQuantizedType>(*x))
    return n.error() << "the input zero point must be a single value";
  return emitConv(n, *x, 0, *w, 1, std::nullopt, {});
}

/// Shared by QLinearMatMul and MatMulInteger: both operands per tensor.
LogicalResult emitMatMul(NodeImporter &n, quant::QuantizedType aType,
                         unsigned aInput, quant::QuantizedType bType,
                         unsigned bInput, quant::UniformQuantizedType yType) {
  auto a = dyn_cast<quant::UniformQuantizedType>(aType);
  auto b = dyn_cast<quant::UniformQuantizedType>(bType);
  if (!a || !b)
    return n.error() << "per-axis quantized matrix products are not "
                        "supported";
  FailureOr<Value> lhs, rhs;
  FailureOr<RankedTensorType> type;
  if (failed(lhs = n.quantizedInput(aInput, a)) ||
      failed(rhs = n.quantizedInput(bInput, b)) ||
      failed(type = n.outputType(0)))
    return failure();
  if (cast<RankedTensorType>(lhs->getType()).getRank() < 2 ||
      cast<RankedTensorType>(rhs->getType()).getRank() < 2)
    return n.error() << "1-D operands are not supported";
  RequantAttr requant;
  Type element;
  if (yType) {
    FailureOr<RequantAttr> r =
        requantFor(n, a.getScale(), {b.getScale()}, yType);
    if (failed(r))
      return failure();
    requant = *r;
    element = yType;
  } else {
    element = accumulatorType(n, {a.getScale() * b.getScale()},
                              type->getRank() - 1);
  }
  n.setOutput(0, QMatMulOp::create(n.builder(), n.loc(),
                                   withElement(*type, element), *lhs, *rhs,
                                   requant));
  return success();
}

/// QLinearMatMul(a, a_scale, a_zp, b, b_scale, b_zp, y_scale, y_zp).
LogicalResult convertQLinearMatMul(NodeImporter &n) {
  FailureOr<quant::QuantizedType> a, b, y;
  if (failed(a = readQuantType(n, 1u, 2, 2, storageOf(n, 0), 1)) ||
      failed(b = readQuantType(n, 4u, 5, 2, storageOf(n, 3), 1)) ||
      failed(y = readQuantType(n, 6u, 7, 2, n.uint8Type(), 1)))
    return failure();
  auto yUniform = dyn_cast<quant::UniformQuantizedType>(*y);
  if (!yUniform)
    return n.error() << "the output must be quantized per tensor";
  return emitMatMul(n, *a, 0, *b, 3, yUniform);
}

/// MatMulInteger(A, B, a_zp, b_zp): the int32 accumulator.
LogicalResult convertMatMulInteger(NodeImporter &n) {
  FailureOr<quant::QuantizedType> a, b;
  if (failed(a = integerOperandType(n, 0, 2, 2, 1)) ||
      failed(b = integerOperandType(n, 1, 3, 2, 1)))
    return failure();
  return emitMatMul(n, *a, 0, *b, 1, {});
}

} // namespace

void registerQOperatorOps(ConverterTable &table) {
  table["QLinearConv"] = convertQLinearConv;
  table["ConvInteger"] = convertConvInteger;
  table["QLinearMatMul"] = convertQLinearMatMul;
  table["MatMulInteger"] = convertMatMulInteger;
}

} // namespace qcc::onnx_import
