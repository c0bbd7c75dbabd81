//===- QuantOps.cpp - verifiers of the integer-level qcc ops --------------===//
//
// This file implements the verifiers of the quantized ops (NHWC tensors of
// `!quant.uniform` types). Shape rules are shared with the float ops through
// Verification.h; the NHWC/OHWI shapes are permuted to NCHW/OIHW for that.
//
//===----------------------------------------------------------------------===//

#include "Verification.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::detail;

using UniformType = quant::UniformQuantizedType;

/// NHWC (or OHWI) to NCHW (or OIHW).
static SmallVector<int64_t> toChannelsFirst(ArrayRef<int64_t> shape) {
  if (shape.size() != 4)
    return SmallVector<int64_t>(shape);
  return {shape[0], shape[3], shape[1], shape[2]};
}

/// Verifies a bias operand (int32, rank 1) and returns its size.
static FailureOr<std::optional<int64_t>> biasSize(Operation *op, Value bias) {
  if (!bias)
    return std::optional<int64_t>();
  auto type = cast<ShapedType>(bias.getType());
  if (type.getRank() != 1)
    return op->emitOpError("expects bias of rank 1 but got rank ")
           << type.getRank();
  return std::optional<int64_t>(type.getDimSize(0));
}

/// Verifies a weight tensor: quantized per tensor or along dimension 0, with
/// 8-bit storage.
static LogicalResult verifyWeight(Operation *op, ShapedType weight) {
  if (failed(verifyQuantizedTensor(op, "weight", weight)))
    return failure();
  auto qtype = cast<quant::QuantizedType>(weight.getElementType());
  if (qtype.getStorageTypeIntegralWidth() != 8)
    return op->emitOpError("expects weight to have 8-bit storage but got ")
           << qtype.getStorageTypeIntegralWidth() << " bits";
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype))
    if (perAxis.getQuantizedDimension() != 0)
      return op->emitOpError("expects weight quantized along dimension 0 "
                             "(output channels) but got dimension ")
             << perAxis.getQuantizedDimension();
  return success();
}

/// The per-output-channel scales of a weight (per tensor: repeated).
static SmallVector<double> weightScales(ShapedType weight) {
  Type element = weight.getElementType();
  if (auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(element))
    return SmallVector<double>(perAxis.getScales());
  return SmallVector<double>(weight.getDimSize(0),
                             cast<UniformType>(element).getScale());
}

/// The activation types of a binary op (lhs, rhs, output).
struct BinaryTypes {
  UniformType lhs, rhs, output;
};
static FailureOr<BinaryTypes> verifyBinary(Operation *op, ShapedType lhs,
                                           ShapedType rhs,
                                           ShapedType output) {
  auto l = verifyActivation(op, "lhs", lhs);
  auto r = verifyActivation(op, "rhs", rhs);
  auto out = verifyActivation(op, "output", output);
  if (failed(l) || failed(r) || failed(out))
    return failure();
  return BinaryTypes{*l, *r, *out};
}

/// A binary op whose accumulator is (a - Za)·(b - Zb), of scale Sa·Sb.
static LogicalResult verifyProduct(Operation *op, ShapedType lhs,
                                   ShapedType rhs, ShapedType output,
                                   RequantAttr requant) {
  auto types = verifyBinary(op, lhs, rhs, output);
  if (failed(types))
    return failure();
  double m = types->lhs.getScale() * types->rhs.getScale() /
             types->output.getScale();
  return verifyRequant(op, "requant", requant, {m}, types->output);
}

/// Verifies input and output of a unary op whose shape does not change.
static FailureOr<std::pair<UniformType, UniformType>>
verifyUnary(Operation *op, ShapedType input, ShapedType output) {
  auto in = verifyActivation(op, "input", input);
  auto out = verifyActivation(op, "output", output);
  if (failed(in) || failed(out))
    return failure();
  if (failed(expectShape(op, "output", input.getShape(), output.getShape())))
    return failure();
  return std::make_pair(*in, *out);
}

/// Input and output must carry the same quantized type (value-preserving ops).
static LogicalResult verifySameActivation(Operation *op, ShapedType input,
                                          ShapedType output) {
  auto in = verifyActivation(op, "input", input);
  if (failed(in) || failed(verifyActivation(op, "output", output)))
    return failure();
  return verifySameElementType(op, input, output);
}

LogicalResult QuantizeOp::verify() {
  // Per tensor (activations) or per axis (ONNX allows it at the boundary),
  // to 8-bit storage.
  ShapedType out = getOutput().getType();
  if (failed(verifyQuantizedTensor(*this, "output", out)))
    return failure();
  auto qtype = cast<quant::QuantizedType>(out.getElementType());
  if (qtype.getStorageTypeIntegralWidth() != 8)
    return emitOpError("expects output to have 8-bit storage but got ")
           << qtype.getStorageTypeIntegralWidth() << " bits";
  return expectShape(*this, "output", getInput().getType().getShape(),
                     out.getShape());
}

LogicalResult DequantizeOp::verify() {
  // Besides activations, the float level dequantizes stored weights (per
  // axis) and int32 biases, so any valid quantized tensor is accepted.
  ShapedType in = getInput().getType();
  if (failed(verifyQuantizedTensor(*this, "input", in)))
    return failure();
  return expectShape(*this, "output", in.getShape(),
                     getOutput().getType().getShape());
}

LogicalResult QConstantOp::verify() {
  ShapedType type = getOutput().getType();
  if (failed(verifyQuantizedTensor(*this, "result", type)))
    return failure();
  auto qtype = cast<quant::QuantizedType>(type.getElementType());
  DenseIntElementsAttr value = getValue();
  auto valueType = cast<ShapedType>(value.getType());
  if (valueType.getElementType() != qtype.getStorageType())
    return emitOpError("expects value elements of the storage type ")
           << qtype.getStorageType() << " but got "
           << valueType.getElementType();
  if (failed(expectShape(*this, "value", type.getShape(),
                         valueType.getShape())))
    return failure();
  for (const APInt &v : value.getValues<APInt>()) {
    int64_t stored = qtype.isSigned() ? v.getSExtValue() : v.getZExtValue();
    if (stored < qtype.getStorageTypeMin() ||
        stored > qtype.getStorageTypeMax())
      return emitOpError("expects values in the storage range [")
             << qtype.getStorageTypeMin() << ", "
             << qtype.getStorageTypeMax() << "] but got " << stored;
  }
  return success();
}

LogicalResult RequantizeOp::verify() {
  auto types = verifyUnary(*this, getInput().getType(), getOutput().getType());
  if (failed(types))
    return failure();
  double m = types->first.getScale() / types->second.getScale();
  return verifyRequant(*this, "requant", getRequant(), {m}, types->second);
}

/// Verifies the output stage of an op whose int32 accumulator has scale
/// `accScales[c]` in output channel c (dimension `channelDim`): with a
/// requant, an 8-bit activation whose multipliers are accScales / S_out;
/// without, the accumulator itself, a 32-bit tensor of those scales and zero
/// point 0.
static LogicalResult verifyOutputStage(Operation *op, RequantAttr requant,
                                       ArrayRef<double> accScales,
                                       ShapedType output, int64_t channelDim) {
  auto qtype = cast<quant::QuantizedType>(output.getElementType());
  if (qtype.getStorageTypeIntegralWidth() == 32) {
    if (requant)
      return op->emitOpError("expects no requant with a 32-bit (accumulator) "
                             "output");
    if (failed(verifyQuantizedTensor(op, "output", output)))
      return failure();
    auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype);
    if (perAxis && perAxis.getQuantizedDimension() != channelDim)
      return op->emitOpError("expects the accumulator output quantized along "
                             "dimension ")
             << channelDim << " but got "
             << perAxis.getQuantizedDimension();
    for (size_t c = 0; c < accScales.size(); ++c) {
      double scale = perAxis ? perAxis.getScales()[c]
                             : cast<UniformType>(qtype).getScale();
      int64_t zeroPoint = perAxis ? perAxis.getZeroPoints()[c]
                                  : cast<UniformType>(qtype).getZeroPoint();
      if (zeroPoint != 0)
        return op->emitOpError("expects accumulator output zero point 0 but "
                               "got ")
               << zeroPoint;
      if (std::abs(scale - accScales[c]) > accScales[c] * 0x1p-20)
        return op->emitOpError("expects accumulator output scale ")
               << accScales[c] << " (input times weight scale) in channel "
               << c << " but got " << scale;
    }
    return success();
  }
  if (!requant)
    return op->emitOpError("expects a requant for an 8-bit output");
  auto out = verifyActivation(op, "output", output);
  if (failed(out))
    return failure();
  SmallVector<double> multipliers(accScales);
  for (double &m : multipliers)
    m /= out->getScale();
  return verifyRequant(op, "requant", requant, multipliers, *out);
}

/// Verifies the inputs of an op with weights (convolution, fully connected):
/// an activation, an 8-bit weight, an optional rank-1 bias. Returns the bias
/// size and the accumulator scale S_in·S_w[o] of every output channel.
struct WeightedOperands {
  std::optional<int64_t> biasSize;
  SmallVector<double> accScales;
};
static FailureOr<WeightedOperands>
verifyWeightedOperands(Operation *op, ShapedType input, ShapedType weight,
                       Value bias) {
  auto in = verifyActivation(op, "input", input);
  auto size = biasSize(op, bias);
  if (failed(in) || failed(verifyWeight(op, weight)) || failed(size))
    return failure();
  SmallVector<double> accScales = weightScales(weight);
  for (double &s : accScales)
    s *= in->getScale();
  return WeightedOperands{*size, accScales};
}

LogicalResult QConv2DOp::verify() {
  ShapedType weight = getWeight().getType();
  auto operands = verifyWeightedOperands(*this, getInput().getType(), weight,
                                         getBias());
  if (failed(operands) ||
      failed(verifyConvShapes(
          *this, toChannelsFirst(getInput().getType().getShape()),
          toChannelsFirst(weight.getShape()), operands->biasSize,
          toChannelsFirst(getOutput().getType().getShape()), getStrides(),
          getPads(), getDilations(), getGroup())))
    return failure();
  return verifyOutputStage(*this, getRequantAttr(), operands->accScales,
                           getOutput().getType(), 3);
}

LogicalResult QFullyConnectedOp::verify() {
  ShapedType weight = getWeight().getType();
  auto operands = verifyWeightedOperands(*this, getInput().getType(), weight,
                                         getBias());
  if (failed(operands) ||
      failed(verifyFullyConnectedShapes(*this, getInput().getType(), weight,
                                        operands->biasSize,
                                        getOutput().getType())))
    return failure();
  return verifyOutputStage(*this, getRequantAttr(), operands->accScales,
                           getOutput().getType(), 1);
}

LogicalResult QMatMulOp::verify() {
  auto lhs = verifyActivation(*this, "lhs", getLhs().getType());
  auto rhs = verifyActivation(*this, "rhs", getRhs().getType());
  if (failed(lhs) || failed(rhs) ||
      failed(verifyMatMulShapes(*this, getLhs().getType(), getRhs().getType(),
                                getOutput().getType())))
    return failure();
  ShapedType out = getOutput().getType();
  return verifyOutputStage(*this, getRequantAttr(),
                           {lhs->getScale() * rhs->getScale()}, out,
                           out.getRank() - 1);
}

LogicalResult QAddOp::verify() {
  auto types = verifyBinary(*this, getLhs().getType(), getRhs().getType(),
                            getOutput().getType());
  if (failed(types))
    return failure();
  // I32Attr getters return uint32_t; shifts may be negative, so read the
  // attributes as signed.
  int64_t leftShift = getLeftShiftAttr().getInt();
  if (leftShift < 0 || leftShift > 24)
    return emitOpError("expects left_shift in [0, 24] but got ") << leftShift;
  int64_t lhsM0 = getLhsMultiplierAttr().getInt();
  int64_t lhsN = getLhsShiftAttr().getInt();
  int64_t rhsM0 = getRhsMultiplierAttr().getInt();
  int64_t rhsN = getRhsShiftAttr().getInt();
  auto emit = [&] { return emitOpError(); };
  if (failed(verifyMultiplier(emit, lhsM0, lhsN)) ||
      failed(verifyMultiplier(emit, rhsM0, rhsN)))
    return failure();
  // Both inputs are brought to the scale 2·max(Sa, Sb) / 2^left_shift.
  double twiceMax = 2 * std::max(types->lhs.getScale(), types->rhs.getScale());
  double common = std::ldexp(twiceMax, -leftShift);
  if (failed(verifyRealMultiplier(*this, "lhs multiplier", lhsM0, lhsN,
                                  types->lhs.getScale() / twiceMax)) ||
      failed(verifyRealMultiplier(*this, "rhs multiplier", rhsM0, rhsN,
                                  types->rhs.getScale() / twiceMax)) ||
      failed(verifyRequant(*this, "requant", getRequant(),
                           {common / types->output.getScale()},
                           types->output)))
    return failure();
  return verifyBroadcastShapes(*this, getLhs().getType(), getRhs().getType(),
                               getOutput().getType());
}

LogicalResult QMulOp::verify() {
  if (failed(verifyProduct(*this, getLhs().getType(), getRhs().getType(),
                           getOutput().getType(), getRequant())))
    return failure();
  return verifyBroadcastShapes(*this, getLhs().getType(), getRhs().getType(),
                               getOutput().getType());
}

LogicalResult QLookupOp::verify() {
  auto types = verifyUnary(*this, getInput().getType(), getOutput().getType());
  if (failed(types))
    return failure();
  ArrayRef<int32_t> table = getTable();
  if (table.size() != 256)
    return emitOpError("expects a table of 256 entries but got ")
           << table.size();
  UniformType out = types->second;
  for (int32_t v : table)
    if (v < out.getStorageTypeMin() || v > out.getStorageTypeMax())
      return emitOpError("expects table entries in the output storage range [")
             << out.getStorageTypeMin() << ", " << out.getStorageTypeMax()
             << "] but got " << v;
  return success();
}

LogicalResult QLayerNormOp::verify() {
  auto types = verifyUnary(*this, getInput().getType(), getOutput().getType());
  if (failed(types))
    return failure();
  ArrayRef<int64_t> shape = getInput().getType().getShape();
  int64_t row = shape.empty() ? 1 : shape.back();
  if (row > 4096)
    return emitOpError("expects rows of at most 4096 elements, so that the "
                       "sum of squares fits 64 bits, but got ")
           << row;
  auto bias = cast<ShapedType>(getBias().getType());
  if (bias.getRank() != 1 || bias.getDimSize(0) != row)
    return emitOpError("expects a bias of ") << row << " elements but got "
                                             << bias;
  if (static_cast<int64_t>(getSigns().size()) != row ||
      !llvm::all_of(getSigns(), [](int32_t s) { return s >= -1 && s <= 1; }))
    return emitOpError("expects ") << row << " signs in {-1, 0, 1}";
  if (getEpsilonAttr().getInt() < 0)
    return emitOpError("expects a non-negative epsilon but got ")
           << getEpsilonAttr().getInt();
  size_t channels = getRequant().getNumChannels();
  if (channels != 1 && static_cast<int64_t>(channels) != row)
    return emitOpError("expects a requant of 1 or ")
           << row << " channels but got " << channels;
  return success();
}

LogicalResult QSoftmaxOp::verify() {
  auto types = verifyUnary(*this, getInput().getType(), getOutput().getType());
  if (failed(types))
    return failure();
  ArrayRef<int32_t> table = getExpTable();
  if (table.size() != 256)
    return emitOpError("expects an exp table of 256 entries but got ")
           << table.size();
  for (int32_t v : table)
    if (v < 0 || v > 65536)
      return emitOpError("expects exp table entries in [0, 65536] but got ")
             << v;
  // The row maximum reads entry 255 = exp(0), so the row sum is at least
  // 2^16 (never zero) and at most 2^16 per element.
  if (table[255] != 65536)
    return emitOpError("expects exp table entry 255 (exp(0)) to be 65536 "
                       "but got ")
           << table[255];
  int64_t row = getInput().getType().getShape().empty()
                    ? 1
                    : getInput().getType().getShape().back();
  if (row > 32767)
    return emitOpError("expects rows of at most 32767 elements, so that the "
                       "int32 sum of exp values cannot overflow, but got ")
           << row;
  UniformType out = types->second;
  if (out.getScale() != 1.0 / 256.0 ||
      out.getZeroPoint() != out.getStorageTypeMin())
    return emitOpError("expects output scale 1/256 and zero point ")
           << out.getStorageTypeMin() << " but got " << out.getScale()
           << " and " << out.getZeroPoint();
  return success();
}

LogicalResult QMaxPoolOp::verify() {
  if (failed(verifySameActivation(*this, getInput().getType(),
                                  getOutput().getType())))
    return failure();
  return verifyPoolShapes(*this, toChannelsFirst(getInput().getType().getShape()),
                          toChannelsFirst(getOutput().getType().getShape()),
                          getKernel(), getStrides(), getPads());
}

LogicalResult QAvgPoolOp::verify() {
  auto out = verifyActivation(*this, "output", getOutput().getType());
  if (failed(verifyActivation(*this, "input", getInput().getType())) ||
      failed(out))
    return failure();
  if (failed(verifyPoolShapes(
          *this, toChannelsFirst(getInput().getType().getShape()),
          toChannelsFirst(getOutput().getType().getShape()), getKernel(),
          getStrides(), getPads())))
    return failure();
  auto in = cast<UniformType>(getInput().getType().getElementType());
  return verifyRequant(*this, "requant", getRequant(),
                       {in.getScale() / out->getScale()}, *out);
}

LogicalResult QGlobalAvgPoolOp::verify() {
  auto out = verifyActivation(*this, "output", getOutput().getType());
  if (failed(verifyActivation(*this, "input", getInput().getType())) ||
      failed(out))
    return failure();
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() != 4)
    return emitOpError("expects input of rank 4 but got rank ") << in.size();
  int64_t expected[] = {in[0], 1, 1, in[3]};
  if (failed(expectShape(*this, "output", expected,
                         getOutput().getType().getShape())))
    return failure();
  // The divisor H·W is folded into the multiplier.
  auto inType = cast<UniformType>(getInput().getType().getElementType());
  double m = inType.getScale() / (out->getScale() * in[1] * in[2]);
  return verifyRequant(*this, "requant", getRequant(), {m}, *out);
}

LogicalResult QConcatOp::verify() {
  auto out = verifyActivation(*this, "output", getOutput().getType());
  if (failed(out))
    return failure();
  for (Value input : getInputs())
    if (failed(verifyActivation(*this, "input",
                                cast<ShapedType>(input.getType()))))
      return failure();
  if (getRequants().size() != getInputs().size())
    return emitOpError("expects one requant per input (")
           << getInputs().size() << ") but got " << getRequants().size();
  for (auto [input, requant] : llvm::zip(getInputs(), getRequants())) {
    auto in = cast<UniformType>(
        cast<ShapedType>(input.getType()).getElementType());
    if (failed(verifyRequant(*this, "requant", cast<RequantAttr>(requant),
                             {in.getScale() / out->getScale()}, *out)))
      return failure();
  }
  return verifyConcatShapes(*this, getInputs().getTypes(), getAxis(),
                            getOutput().getType());
}

LogicalResult QPadOp::verify() {
  if (failed(verifySameActivation(*this, getInput().getType(),
                                  getOutput().getType())))
    return failure();
  return verifyPadShapes(*this, getInput().getType(), getPads(),
                         getOutput().getType());
}
