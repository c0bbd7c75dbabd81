//===- Verification.cpp - checks shared by qcc op verifiers ---------------===//
//
// This file implements the shape and quantization checks shared by the
// verifiers of the float and integer levels.
//
//===----------------------------------------------------------------------===//

#include "Verification.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/ADT/STLExtras.h"

#include <cmath>

using namespace mlir;

namespace qcc::detail {

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string s = "[";
  llvm::raw_string_ostream os(s);
  llvm::interleaveComma(shape, os);
  os << "]";
  return s;
}

LogicalResult expectShape(Operation *op, StringRef what,
                          ArrayRef<int64_t> expected,
                          ArrayRef<int64_t> actual) {
  if (expected == actual)
    return success();
  return op->emitOpError("expects ")
         << what << " shape " << formatShape(expected) << " but got "
         << formatShape(actual);
}

LogicalResult
verifyMultiplier(llvm::function_ref<InFlightDiagnostic()> emitError,
                 int64_t m0, int64_t n) {
  constexpr int64_t lo = int64_t(1) << 30, hi = int64_t(1) << 31;
  if (m0 == 0) {
    if (n != 0)
      return emitError() << "expects shift 0 with a zero multiplier but got "
                         << n;
    return success();
  }
  if (m0 < lo || m0 >= hi)
    return emitError() << "expects multiplier in [2^30, 2^31) or 0 but got "
                       << m0;
  if (n < -31 || n > 31)
    return emitError() << "expects shift in [-31, 31] but got " << n;
  return success();
}

/// Checks one (scale, zero point) pair against the storage range.
static LogicalResult verifyScaleAndZeroPoint(Operation *op, StringRef what,
                                             quant::QuantizedType type,
                                             double scale, int64_t zeroPoint) {
  if (!(scale > 0.0) || !std::isfinite(scale))
    return op->emitOpError("expects ")
           << what << " scales to be positive and finite but got " << scale;
  if (zeroPoint < type.getStorageTypeMin() ||
      zeroPoint > type.getStorageTypeMax())
    return op->emitOpError("expects ")
           << what << " zero point in the storage range ["
           << type.getStorageTypeMin() << ", " << type.getStorageTypeMax()
           << "] but got " << zeroPoint;
  return success();
}

LogicalResult verifyQuantizedTensor(Operation *op, StringRef what,
                                    ShapedType type) {
  // ODS type constraints guarantee a quantized element type.
  auto qtype = cast<quant::QuantizedType>(type.getElementType());
  if (!qtype.getExpressedType().isF32())
    return op->emitOpError("expects ")
           << what << " to be expressed in f32 but got "
           << qtype.getExpressedType();
  unsigned width = qtype.getStorageTypeIntegralWidth();
  if (width != 8 && width != 32)
    return op->emitOpError("expects ")
           << what << " storage of 8 or 32 bits but got " << width;
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(qtype))
    return verifyScaleAndZeroPoint(op, what, qtype, uniform.getScale(),
                                   uniform.getZeroPoint());
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(qtype);
  if (!perAxis)
    return op->emitOpError("expects ")
           << what << " to be uniform per tensor or per axis but got "
           << qtype;
  int64_t axis = perAxis.getQuantizedDimension();
  if (axis < 0 || axis >= type.getRank())
    return op->emitOpError("expects ")
           << what << " quantized dimension in [0, " << type.getRank()
           << ") but got " << axis;
  int64_t size = type.getDimSize(axis);
  if (static_cast<int64_t>(perAxis.getScales().size()) != size)
    return op->emitOpError("expects ")
           << what << " to have " << size << " scales along dimension "
           << axis << " but got " << perAxis.getScales().size();
  for (auto [scale, zeroPoint] :
       llvm::zip(perAxis.getScales(), perAxis.getZeroPoints()))
    if (failed(verifyScaleAndZeroPoint(op, what, qtype, scale, zeroPoint)))
      return failure();
  return success();
}

FailureOr<quant::UniformQuantizedType>
verifyActivation(Operation *op, StringRef what, ShapedType type) {
  if (failed(verifyQuantizedTensor(op, what, type)))
    return failure();
  auto uniform = dyn_cast<quant::UniformQuantizedType>(type.getElementType());
  if (!uniform)
    return op->emitOpError("expects ")
           << what << " to be quantized per tensor but got "
           << type.getElementType();
  if (uniform.getStorageTypeIntegralWidth() != 8)
    return op->emitOpError("expects ")
           << what << " to have 8-bit storage but got "
           << uniform.getStorageTypeIntegralWidth() << " bits";
  return uniform;
}

LogicalResult verifyRealMultiplier(Operation *op, StringRef what, int64_t m0,
                                   int64_t n, double expected) {
  // M0 is rounded to 31 bits, so it is within 2^-31 relative of the ideal
  // value; allow a little more for the double arithmetic of the scales.
  constexpr double tolerance = 0x1p-28;
  double actual = m0 == 0 ? 0.0 : std::ldexp(static_cast<double>(m0), -31 - n);
  bool ok = m0 == 0 ? expected <= 0x1p-32 * (1 + tolerance)
                    : std::abs(actual - expected) <= expected * tolerance;
  if (ok)
    return success();
  return op->emitOpError("expects ")
         << what << " to encode the multiplier " << expected
         << " its types imply but got " << actual << " (" << m0 << " * 2^-"
         << 31 + n << ")";
}

LogicalResult verifyRequant(Operation *op, StringRef what,
                            RequantAttr requant, ArrayRef<double> expected,
                            quant::UniformQuantizedType output) {
  int64_t n = requant.getNumChannels();
  int64_t channels = expected.size();
  if (n != 1 && n != channels)
    return op->emitOpError("expects ")
           << what << " to have 1 or " << channels << " channels but got "
           << n;
  for (int64_t c = 0; c < channels; ++c) {
    int64_t i = n == 1 ? 0 : c;
    std::string name = what.str();
    if (channels > 1)
      name += " channel " + std::to_string(c);
    if (failed(verifyRealMultiplier(op, name, requant.getMultiplier()[i],
                                    requant.getShift()[i], expected[c])))
      return failure();
  }
  if (requant.getZeroPoint() != output.getZeroPoint())
    return op->emitOpError("expects ")
           << what << " zero point " << output.getZeroPoint()
           << " (the output's) but got " << requant.getZeroPoint();
  if (requant.getMin() < output.getStorageTypeMin() ||
      requant.getMax() > output.getStorageTypeMax())
    return op->emitOpError("expects ")
           << what << " clamp inside the output storage range ["
           << output.getStorageTypeMin() << ", "
           << output.getStorageTypeMax() << "] but got [" << requant.getMin()
           << ", " << requant.getMax() << "]";
  return success();
}

LogicalResult verifyLayoutElementTypes(
    Operation *op, ShapedType input, ShapedType output,
    function_ref<std::optional<int64_t>(int64_t)> mapAxis) {
  auto perAxis =
      dyn_cast<quant::UniformQuantizedPerAxisType>(input.getElementType());
  if (!perAxis) {
    if (isa<quant::QuantizedType>(input.getElementType()) &&
        failed(verifyQuantizedTensor(op, "input", input)))
      return failure();
    return verifySameElementType(op, input, output);
  }
  if (failed(verifyQuantizedTensor(op, "input", input)))
    return failure();
  int32_t axis = perAxis.getQuantizedDimension();
  std::optional<int64_t> moved = mapAxis(axis);
  if (!moved)
    return op->emitOpError("expects quantized dimension ")
           << axis << " to stay whole, but the op splits, merges or cuts it";
  auto expected = quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(),
      perAxis.getExpressedType(), perAxis.getScales(),
      perAxis.getZeroPoints(), *moved, perAxis.getStorageTypeMin(),
      perAxis.getStorageTypeMax());
  if (output.getElementType() != expected)
    return op->emitOpError("expects output element type ")
           << expected << " (quantized dimension " << axis << " moved to "
           << *moved << ") but got " << output.getElementType();
  return success();
}

int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padBefore, int64_t padAfter,
                         int64_t dilation) {
  int64_t span = dilation * (kernel - 1) + 1;
  int64_t padded = in + padBefore + padAfter;
  if (padded < span)
    return 0;
  return (padded - span) / stride + 1;
}

static LogicalResult expectCount(Operation *op, StringRef name,
                                 ArrayRef<int64_t> values, size_t count,
                                 int64_t minimum) {
  if (values.size() != count)
    return op->emitOpError("expects ")
           << count << " " << name << " but got " << values.size();
  for (int64_t v : values)
    if (v < minimum)
      return op->emitOpError("expects ")
             << name << " >= " << minimum << " but got " << v;
  return success();
}

LogicalResult verifyWindowAttrs(Operation *op, ArrayRef<int64_t> kernel,
                                ArrayRef<int64_t> strides,
                                ArrayRef<int64_t> pads,
                                ArrayRef<int64_t> dilations) {
  if (!kernel.empty() && failed(expectCount(op, "kernel", kernel, 2, 1)))
    return failure();
  if (failed(expectCount(op, "strides", strides, 2, 1)) ||
      failed(expectCount(op, "pads", pads, 4, 0)) ||
      failed(expectCount(op, "dilations", dilations, 2, 1)))
    return failure();
  return success();
}

static LogicalResult expectRank(Operation *op, StringRef what,
                                ArrayRef<int64_t> shape, int64_t rank) {
  if (static_cast<int64_t>(shape.size()) == rank)
    return success();
  return op->emitOpError("expects ")
         << what << " of rank " << rank << " but got rank " << shape.size();
}

LogicalResult verifyConvShapes(Operation *op, ArrayRef<int64_t> input,
                               ArrayRef<int64_t> weight,
                               std::optional<int64_t> biasSize,
                               ArrayRef<int64_t> output,
                               ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> pads,
                               ArrayRef<int64_t> dilations, int64_t group) {
  if (failed(expectRank(op, "input", input, 4)) ||
      failed(expectRank(op, "weight", weight, 4)) ||
      failed(expectRank(op, "output", output, 4)) ||
      failed(verifyWindowAttrs(op, {}, strides, pads, dilations)))
    return failure();
  int64_t channels = input[1], outChannels = weight[0];
  if (group < 1 || channels % group != 0 || outChannels % group != 0)
    return op->emitOpError("expects group to divide the ")
           << channels << " input and " << outChannels
           << " output channels but got " << group;
  if (weight[1] != channels / group)
    return op->emitOpError("expects weight input channels ")
           << channels / group << " (channels / group) but got " << weight[1];
  if (biasSize && *biasSize != outChannels)
    return op->emitOpError("expects bias of size ")
           << outChannels << " but got " << *biasSize;
  int64_t expected[] = {
      input[0], outChannels,
      windowOutputSize(input[2], weight[2], strides[0], pads[0], pads[2],
                       dilations[0]),
      windowOutputSize(input[3], weight[3], strides[1], pads[1], pads[3],
                       dilations[1])};
  if (expected[2] < 1 || expected[3] < 1)
    return op->emitOpError("expects the kernel to fit in the padded input");
  return expectShape(op, "output", expected, output);
}

LogicalResult verifyPoolShapes(Operation *op, ArrayRef<int64_t> input,
                               ArrayRef<int64_t> output,
                               ArrayRef<int64_t> kernel,
                               ArrayRef<int64_t> strides,
                               ArrayRef<int64_t> pads) {
  int64_t dilations[] = {1, 1};
  if (failed(expectRank(op, "input", input, 4)) ||
      failed(verifyWindowAttrs(op, kernel, strides, pads, dilations)))
    return failure();
  for (int d = 0; d < 2; ++d)
    if (pads[d] >= kernel[d] || pads[d + 2] >= kernel[d])
      return op->emitOpError("expects pads smaller than the kernel, so that "
                             "no window lies entirely in padding");
  int64_t expected[] = {
      input[0], input[1],
      windowOutputSize(input[2], kernel[0], strides[0], pads[0], pads[2], 1),
      windowOutputSize(input[3], kernel[1], strides[1], pads[1], pads[3], 1)};
  if (expected[2] < 1 || expected[3] < 1)
    return op->emitOpError("expects the kernel to fit in the padded input");
  return expectShape(op, "output", expected, output);
}

LogicalResult verifyFullyConnectedShapes(Operation *op, ShapedType input,
                                         ShapedType weight,
                                         std::optional<int64_t> biasSize,
                                         ShapedType output) {
  if (failed(expectRank(op, "input", input.getShape(), 2)) ||
      failed(expectRank(op, "weight", weight.getShape(), 2)))
    return failure();
  if (input.getDimSize(1) != weight.getDimSize(1))
    return op->emitOpError("expects weight of ")
           << input.getDimSize(1) << " columns (the input features) but got "
           << weight.getDimSize(1);
  if (biasSize && *biasSize != weight.getDimSize(0))
    return op->emitOpError("expects bias of size ")
           << weight.getDimSize(0) << " but got " << *biasSize;
  int64_t expected[] = {input.getDimSize(0), weight.getDimSize(0)};
  return expectShape(op, "output", expected, output.getShape());
}

LogicalResult verifyMatMulShapes(Operation *op, ShapedType lhs, ShapedType rhs,
                                 ShapedType output) {
  if (lhs.getRank() < 2 || rhs.getRank() < 2)
    return op->emitOpError("expects operands of rank >= 2 but got ")
           << lhs.getRank() << " and " << rhs.getRank();
  int64_t k = lhs.getShape().back();
  if (rhs.getDimSize(rhs.getRank() - 2) != k)
    return op->emitOpError("expects rhs rows ")
           << k << " (the lhs columns) but got "
           << rhs.getDimSize(rhs.getRank() - 2);
  SmallVector<int64_t> batch;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape().drop_back(2),
                                          rhs.getShape().drop_back(2), batch))
    return op->emitOpError("expects broadcastable batch dimensions but got ")
           << formatShape(lhs.getShape()) << " and "
           << formatShape(rhs.getShape());
  batch.push_back(lhs.getDimSize(lhs.getRank() - 2));
  batch.push_back(rhs.getShape().back());
  return expectShape(op, "output", batch, output.getShape());
}

LogicalResult verifyBroadcastShapes(Operation *op, ShapedType lhs,
                                    ShapedType rhs, ShapedType output) {
  SmallVector<int64_t> shape;
  if (!OpTrait::util::getBroadcastedShape(lhs.getShape(), rhs.getShape(),
                                          shape))
    return op->emitOpError("expects broadcastable operands but got ")
           << formatShape(lhs.getShape()) << " and "
           << formatShape(rhs.getShape());
  return expectShape(op, "output", shape, output.getShape());
}

LogicalResult verifyConcatShapes(Operation *op, TypeRange inputs, int64_t axis,
                                 ShapedType output) {
  if (inputs.empty())
    return op->emitOpError("expects at least one input");
  int64_t rank = output.getRank();
  if (axis < 0 || axis >= rank)
    return op->emitOpError("expects axis in [0, ")
           << rank << ") but got " << axis;
  SmallVector<int64_t> expected(output.getShape());
  expected[axis] = 0;
  for (Type type : inputs) {
    auto shaped = cast<ShapedType>(type);
    if (shaped.getRank() != rank)
      return op->emitOpError("expects inputs of rank ")
             << rank << " but got rank " << shaped.getRank();
    for (int64_t d = 0; d < rank; ++d)
      if (d != axis && shaped.getDimSize(d) != output.getDimSize(d))
        return op->emitOpError("expects input shape ")
               << formatShape(shaped.getShape())
               << " to match the output outside axis " << axis;
    expected[axis] += shaped.getDimSize(axis);
  }
  return expectShape(op, "output", expected, output.getShape());
}

LogicalResult verifyPadShapes(Operation *op, ShapedType input,
                              ArrayRef<int64_t> pads, ShapedType output) {
  int64_t rank = input.getRank();
  if (failed(expectCount(op, "pads", pads, 2 * rank, 0)))
    return failure();
  SmallVector<int64_t> expected(input.getShape());
  for (int64_t d = 0; d < rank; ++d)
    expected[d] += pads[d] + pads[rank + d];
  return expectShape(op, "output", expected, output.getShape());
}

LogicalResult verifySameElementType(Operation *op, ShapedType input,
                                    ShapedType output) {
  if (input.getElementType() == output.getElementType())
    return success();
  return op->emitOpError("expects the input element type ")
         << input.getElementType() << " to be kept but got "
         << output.getElementType();
}

} // namespace qcc::detail
