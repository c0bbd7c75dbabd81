//===- GraphOps.cpp - verifiers of the float-level qcc ops ----------------===//
//
// This file implements the verifiers of the float graph ops (NCHW, f32) and
// of qcc.fake_quant.
//
//===----------------------------------------------------------------------===//

#include "Verification.h"

using namespace mlir;
using namespace qcc;
using namespace qcc::detail;

/// The size of an optional rank-1 operand (bias), checking its rank.
static FailureOr<std::optional<int64_t>> optionalSize(Operation *op,
                                                      Value value) {
  if (!value)
    return std::optional<int64_t>();
  auto type = cast<ShapedType>(value.getType());
  if (type.getRank() != 1)
    return op->emitOpError("expects bias of rank 1 but got rank ")
           << type.getRank();
  return std::optional<int64_t>(type.getDimSize(0));
}

/// Normalizes `axis` from [-rank, rank) to [0, rank), or fails.
static FailureOr<int64_t> normalizeAxis(Operation *op, int64_t axis,
                                        int64_t rank) {
  if (axis < -rank || axis >= rank)
    return op->emitOpError("expects axis in [")
           << -rank << ", " << rank << ") but got " << axis;
  return axis < 0 ? axis + rank : axis;
}

LogicalResult FakeQuantOp::verify() {
  return verifyQuantizedTensor(*this, "fake_quant type",
                               RankedTensorType::get(getInput().getType().getShape(),
                                                     getQuant()));
}

LogicalResult Conv2DOp::verify() {
  auto bias = optionalSize(*this, getBias());
  if (failed(bias))
    return failure();
  return verifyConvShapes(*this, getInput().getType().getShape(),
                          getWeight().getType().getShape(), *bias,
                          getOutput().getType().getShape(), getStrides(),
                          getPads(), getDilations(), getGroup());
}

LogicalResult FullyConnectedOp::verify() {
  auto bias = optionalSize(*this, getBias());
  if (failed(bias))
    return failure();
  return verifyFullyConnectedShapes(*this, getInput().getType(),
                                    getWeight().getType(), *bias,
                                    getOutput().getType());
}

LogicalResult MatMulOp::verify() {
  return verifyMatMulShapes(*this, getLhs().getType(), getRhs().getType(),
                            getOutput().getType());
}

#define QCC_BROADCAST_VERIFIER(OP)                                             \
  LogicalResult OP::verify() {                                                 \
    return verifyBroadcastShapes(*this, getLhs().getType(),                    \
                                 getRhs().getType(), getOutput().getType());   \
  }
QCC_BROADCAST_VERIFIER(AddOp)
QCC_BROADCAST_VERIFIER(SubOp)
QCC_BROADCAST_VERIFIER(MulOp)
QCC_BROADCAST_VERIFIER(DivOp)
QCC_BROADCAST_VERIFIER(PowOp)
#undef QCC_BROADCAST_VERIFIER

LogicalResult ClampOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("expects min <= max but got [")
           << getMin().convertToFloat() << ", " << getMax().convertToFloat()
           << "]";
  return success();
}

LogicalResult BatchNormOp::verify() {
  ShapedType input = getInput().getType();
  if (input.getRank() < 2)
    return emitOpError("expects input of rank >= 2 but got rank ")
           << input.getRank();
  int64_t channels[] = {input.getDimSize(1)};
  for (auto [name, value] :
       {std::pair<StringRef, Value>{"scale", getScale()},
        {"bias", getBias()},
        {"mean", getMean()},
        {"variance", getVariance()}})
    if (failed(expectShape(*this, name,
                           channels,
                           cast<ShapedType>(value.getType()).getShape())))
      return failure();
  return expectShape(*this, "output", input.getShape(),
                     getOutput().getType().getShape());
}

LogicalResult LayerNormOp::verify() {
  ShapedType input = getInput().getType();
  FailureOr<int64_t> axis = normalizeAxis(*this, getAxis(), input.getRank());
  if (failed(axis))
    return failure();
  ArrayRef<int64_t> normalized = input.getShape().drop_front(*axis);
  if (failed(expectShape(*this, "scale", normalized,
                         getScale().getType().getShape())))
    return failure();
  if (getBias() && failed(expectShape(*this, "bias", normalized,
                                      getBias().getType().getShape())))
    return failure();
  return expectShape(*this, "output", input.getShape(),
                     getOutput().getType().getShape());
}

LogicalResult SoftmaxOp::verify() {
  return normalizeAxis(*this, getAxis(), getInput().getType().getRank());
}

LogicalResult ReduceMeanOp::verify() {
  ShapedType input = getInput().getType();
  ArrayRef<int64_t> axes = getAxes();
  if (axes.empty())
    return emitOpError("expects at least one axis");
  for (auto [i, axis] : llvm::enumerate(axes)) {
    if (axis < 0 || axis >= input.getRank())
      return emitOpError("expects axes in [0, ")
             << input.getRank() << ") but got " << axis;
    if (i > 0 && axes[i - 1] >= axis)
      return emitOpError("expects sorted unique axes");
  }
  SmallVector<int64_t> expected;
  for (int64_t d = 0; d < input.getRank(); ++d) {
    if (!llvm::is_contained(axes, d))
      expected.push_back(input.getDimSize(d));
    else if (getKeepdims())
      expected.push_back(1);
  }
  return expectShape(*this, "output", expected,
                     getOutput().getType().getShape());
}

LogicalResult MaxPoolOp::verify() {
  return verifyPoolShapes(*this, getInput().getType().getShape(),
                          getOutput().getType().getShape(), getKernel(),
                          getStrides(), getPads());
}

LogicalResult AvgPoolOp::verify() {
  return verifyPoolShapes(*this, getInput().getType().getShape(),
                          getOutput().getType().getShape(), getKernel(),
                          getStrides(), getPads());
}

LogicalResult GlobalAvgPoolOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() != 4)
    return emitOpError("expects input of rank 4 but got rank ") << in.size();
  int64_t expected[] = {in[0], in[1], 1, 1};
  return expectShape(*this, "output", expected,
                     getOutput().getType().getShape());
}

LogicalResult ReshapeOp::verify() {
  ShapedType in = getInput().getType(), out = getOutput().getType();
  if (in.getNumElements() != out.getNumElements())
    return emitOpError("expects ")
           << in.getNumElements() << " elements in the output but got "
           << out.getNumElements();
  // A dimension survives a reshape when some output dimension has its size
  // and the same number of elements before it.
  return verifyLayoutElementTypes(
      *this, in, out, [&](int64_t axis) -> std::optional<int64_t> {
        int64_t before = 1;
        for (int64_t d = 0; d < axis; ++d)
          before *= in.getDimSize(d);
        int64_t outBefore = 1;
        for (int64_t d = 0; d < out.getRank(); ++d) {
          if (outBefore == before && out.getDimSize(d) == in.getDimSize(axis))
            return d;
          outBefore *= out.getDimSize(d);
        }
        return std::nullopt;
      });
}

LogicalResult TransposeOp::verify() {
  ShapedType in = getInput().getType(), out = getOutput().getType();
  ArrayRef<int64_t> perm = getPerm();
  SmallVector<bool> seen(in.getRank(), false);
  if (static_cast<int64_t>(perm.size()) != in.getRank())
    return emitOpError("expects a permutation of ")
           << in.getRank() << " dimensions but got " << perm.size();
  SmallVector<int64_t> expected;
  for (int64_t p : perm) {
    if (p < 0 || p >= in.getRank() || seen[p])
      return emitOpError("expects perm to be a permutation of [0, ")
             << in.getRank() << ") but got " << formatShape(perm);
    seen[p] = true;
    expected.push_back(in.getDimSize(p));
  }
  if (failed(expectShape(*this, "output", expected, out.getShape())))
    return failure();
  return verifyLayoutElementTypes(
      *this, in, out, [&](int64_t axis) -> std::optional<int64_t> {
        return llvm::find(perm, axis) - perm.begin();
      });
}

LogicalResult SliceOp::verify() {
  ShapedType in = getInput().getType(), out = getOutput().getType();
  int64_t rank = in.getRank();
  ArrayRef<int64_t> offsets = getOffsets(), sizes = getSizes(),
                    strides = getStrides();
  if (static_cast<int64_t>(offsets.size()) != rank ||
      static_cast<int64_t>(sizes.size()) != rank ||
      static_cast<int64_t>(strides.size()) != rank)
    return emitOpError("expects offsets, sizes and strides of length ")
           << rank;
  for (int64_t d = 0; d < rank; ++d) {
    if (strides[d] < 1 || offsets[d] < 0 || sizes[d] < 1)
      return emitOpError("expects positive sizes and strides and "
                         "non-negative offsets in dimension ")
             << d;
    if (offsets[d] + (sizes[d] - 1) * strides[d] >= in.getDimSize(d))
      return emitOpError("expects the slice to stay inside dimension ")
             << d << " of size " << in.getDimSize(d);
  }
  if (failed(expectShape(*this, "output", sizes, out.getShape())))
    return failure();
  return verifyLayoutElementTypes(
      *this, in, out, [&](int64_t axis) -> std::optional<int64_t> {
        if (offsets[axis] == 0 && strides[axis] == 1 &&
            sizes[axis] == in.getDimSize(axis))
          return axis;
        return std::nullopt;
      });
}

LogicalResult ConcatOp::verify() {
  return verifyConcatShapes(*this, getInputs().getTypes(), getAxis(),
                            getOutput().getType());
}

LogicalResult PadOp::verify() {
  return verifyPadShapes(*this, getInput().getType(), getPads(),
                         getOutput().getType());
}
