//===- OpsElementwise.cpp - elementwise ONNX ops --------------------------===//
//
// This file converts ONNX's elementwise ops (arithmetic with broadcasting,
// activations, Clip, Softmax) and the ops that pass values through
// (Identity, Dropout at inference, no-op Casts). Integer arithmetic on
// compile-time constants (shape computations) is folded (Folding.cpp).
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <cfloat>

using namespace mlir;

namespace qcc::onnx_import {
namespace {

template <typename OpTy>
LogicalResult convertBinary(NodeImporter &n) {
  FailureOr<bool> folded = foldIntegerBinary(n);
  if (failed(folded))
    return failure();
  if (*folded)
    return success();
  FailureOr<Value> lhs = n.input(0), rhs = n.input(1);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(lhs) || failed(rhs) || failed(type))
    return failure();
  n.setOutput(0, OpTy::create(n.builder(), n.loc(), TypeRange{*type},
                              ValueRange{*lhs, *rhs}));
  return success();
}

template <typename OpTy>
LogicalResult convertUnary(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  n.setOutput(0, OpTy::create(n.builder(), n.loc(), *x));
  return success();
}

LogicalResult convertLeakyRelu(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  n.setOutput(0, LeakyReluOp::create(
                     n.builder(), n.loc(), *x,
                     n.builder().getF32FloatAttr(n.attrFloat("alpha", 0.01f))));
  return success();
}

/// PRelu: a LeakyRelu when there is one slope (nn.PReLU()'s default);
/// with slopes that vary along one axis (nn.PReLU(C): a [C, 1, 1] slope),
/// a LeakyRelu of each slice along that axis, concatenated. Each slice's
/// LeakyRelu quantizes as a table from the input's grid to the output's
/// (the concatenation's grid, qcc-propagate-ranges), so the result is
/// rounded once, as ONNX Runtime's QDQ emulation rounds it.
LogicalResult convertPRelu(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<DenseElementsAttr> slope = n.constantInput(1);
  if (failed(x) || failed(slope))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> shape = type.getShape();
  ArrayRef<int64_t> slopeShape = slope->getType().getShape();
  FailureOr<SmallVector<int64_t>> joint = broadcastShapes(shape, slopeShape);
  if (!slope->getElementType().isF32() || failed(joint) || *joint != shape)
    return n.error() << "the slope must be float and broadcast to the input";
  SmallVector<float> slopes(slope->getValues<float>());
  auto leaky = [&](Value v, float alpha) -> Value {
    return LeakyReluOp::create(n.builder(), n.loc(), v,
                               n.builder().getF32FloatAttr(alpha));
  };
  if (llvm::all_equal(slopes)) {
    n.setOutput(0, leaky(*x, slopes.front()));
    return success();
  }
  // The one axis of the input along which the slope varies.
  int64_t offset = type.getRank() - slopeShape.size(), axis = -1;
  for (auto [i, size] : llvm::enumerate(slopeShape))
    if (size > 1) {
      if (axis >= 0)
        return n.error() << "slopes that vary along more than one axis are "
                            "not supported";
      axis = offset + i;
    }
  SmallVector<int64_t> sliceShape(shape), offsets(shape.size(), 0);
  sliceShape[axis] = 1;
  auto sliceType = RankedTensorType::get(sliceShape, type.getElementType());
  SmallVector<Value> parts;
  for (auto [i, alpha] : llvm::enumerate(slopes)) {
    offsets[axis] = i;
    Value part = SliceOp::create(n.builder(), n.loc(), sliceType, *x, offsets,
                                 sliceShape,
                                 SmallVector<int64_t>(shape.size(), 1));
    parts.push_back(leaky(part, alpha));
  }
  n.setOutput(0, ConcatOp::create(n.builder(), n.loc(), type, parts, axis));
  return success();
}

/// HardSigmoid, whose ONNX defaults (alpha 0.2, beta 0.5) are not
/// PyTorch's (alpha 1/6): both are read from the node.
LogicalResult convertHardSigmoid(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  n.setOutput(0, HardSigmoidOp::create(
                     n.builder(), n.loc(), *x,
                     n.builder().getF32FloatAttr(n.attrFloat("alpha", 0.2f)),
                     n.builder().getF32FloatAttr(n.attrFloat("beta", 0.5f))));
  return success();
}

/// Reads a Clip bound: an attribute before opset 11, an optional scalar
/// constant input from then on.
FailureOr<float> clipBound(NodeImporter &n, StringRef attrName, unsigned input,
                           float fallback) {
  if (n.opset() < 11)
    return n.attrFloat(attrName, fallback);
  if (!n.hasInput(input))
    return fallback;
  FailureOr<double> bound = n.constantScalar(input);
  if (failed(bound))
    return failure();
  return static_cast<float>(*bound);
}

LogicalResult convertClip(NodeImporter &n) {
  FailureOr<float> lo = clipBound(n, "min", 1, -FLT_MAX);
  FailureOr<float> hi = clipBound(n, "max", 2, FLT_MAX);
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  if (failed(lo) || failed(hi) || failed(record))
    return failure();
  // Q -> Clip -> DQ (PyTorch's reduce_range) narrows the storage range of
  // the pending quantization instead of clipping floats.
  if ((*record)->quantizedFrom) {
    auto q = cast<quant::QuantizedType>((*record)->quantType);
    int64_t qmin = std::max<int64_t>(q.getStorageTypeMin(), std::lround(*lo));
    int64_t qmax = std::min<int64_t>(q.getStorageTypeMax(), std::lround(*hi));
    auto uniform = dyn_cast<quant::UniformQuantizedType>(q);
    auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(q);
    SmallVector<int64_t> zeroPoints;
    if (uniform)
      zeroPoints.push_back(uniform.getZeroPoint());
    else
      llvm::append_range(zeroPoints, perAxis.getZeroPoints());
    for (int64_t zp : zeroPoints)
      if (qmin > qmax || zp < qmin || zp > qmax)
        return n.error() << "Clip of a quantized tensor to [" << qmin << ", "
                         << qmax << "] must keep the zero point " << zp;
    ImportedValue narrowed = **record;
    if (uniform)
      narrowed.quantType = quant::UniformQuantizedType::get(
          q.getFlags(), q.getStorageType(), q.getExpressedType(),
          uniform.getScale(), uniform.getZeroPoint(), qmin, qmax);
    else
      narrowed.quantType = quant::UniformQuantizedPerAxisType::get(
          q.getFlags(), q.getStorageType(), q.getExpressedType(),
          perAxis.getScales(), perAxis.getZeroPoints(),
          perAxis.getQuantizedDimension(), qmin, qmax);
    n.setOutputRecord(0, narrowed);
    return success();
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (*lo > *hi)
    return n.error() << "Clip min " << *lo << " exceeds max " << *hi;
  n.setOutput(0, ClampOp::create(n.builder(), n.loc(), *x,
                                 n.builder().getF32FloatAttr(*lo),
                                 n.builder().getF32FloatAttr(*hi)));
  return success();
}

/// Identity, and Dropout at inference: the output is the input, whatever it
/// is (value, constant or pending quantization), and Dropout's mask all
/// true.
LogicalResult convertPassThrough(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  if (failed(record))
    return failure();
  if (n.node().op_type() == "Dropout") {
    // The mask keeps every element at inference.
    if (n.numOutputs() > 1 && !n.node().output(1).empty()) {
      FailureOr<RankedTensorType> maskType = n.outputType(1);
      if (failed(maskType))
        return failure();
      n.setOutputConstant(1, DenseElementsAttr::get(*maskType, true));
    }
    // Opset 12 made training mode an input: only a constant false is
    // inference.
    if (n.hasInput(2)) {
      FailureOr<double> training = n.constantScalar(2);
      if (failed(training))
        return failure();
      // A training-mode export (torch.onnx.TrainingMode.TRAINING) of a
      // model meant for inference: dropout drops nothing at inference.
      if (*training != 0)
        mlir::emitRemark(n.loc())
            << "Dropout exported in training mode is compiled as at "
               "inference, the identity";
    }
  }
  n.setOutputRecord(0, **record);
  return success();
}

/// Cast: folded on constants; a no-op when the type does not change
/// (including PyTorch's uint8 -> uint8 Casts between Q and DQ).
LogicalResult convertCast(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  if (failed(record))
    return failure();
  Type to = elementTypeFromONNX(n.attrInt("to", 0), n.context());
  if (!to)
    return n.error() << "unsupported target type " << n.attrInt("to", 0);
  if ((*record)->quantizedFrom) {
    auto q = cast<quant::QuantizedType>((*record)->quantType);
    bool same = to.isInteger(q.getStorageTypeIntegralWidth()) &&
                cast<IntegerType>(to).isUnsigned() == !q.isSigned();
    if (!same)
      return n.error() << "Cast of a quantized tensor to " << to
                       << " is not supported";
    n.setOutputRecord(0, **record);
    return success();
  }
  if (DenseElementsAttr c = (*record)->constant) {
    Type from = c.getElementType();
    if (from == to || !isa<IntegerType>(from)) {
      if (from != to)
        return n.error() << "Cast of a constant from " << from << " to " << to
                         << " is not supported";
      n.setOutputRecord(0, **record);
      return success();
    }
    // Unsigned and bool sources extend with zeros; a cast to bool is v != 0.
    bool zeroExtend = from.isInteger(1) || cast<IntegerType>(from).isUnsigned();
    auto extend = [&](const APInt &v, unsigned width) {
      return zeroExtend ? v.zextOrTrunc(width) : v.sextOrTrunc(width);
    };
    if (isa<IntegerType>(from) && isa<IntegerType>(to)) {
      unsigned width = to.getIntOrFloatBitWidth();
      n.setOutputConstant(0, c.mapValues(to, [&](const APInt &v) {
        return width == 1 ? APInt(1, !v.isZero()) : extend(v, width);
      }));
      return success();
    }
    if (isa<IntegerType>(from) && to.isF32()) {
      SmallVector<float> values;
      for (const APInt &v : c.getValues<APInt>())
        values.push_back(static_cast<float>(extend(v, 64).getSExtValue()));
      auto type = RankedTensorType::get(c.getType().getShape(), to);
      n.setOutputConstant(0, DenseElementsAttr::get(type,
                                                    ArrayRef<float>(values)));
      return success();
    }
    return n.error() << "Cast of a constant from " << from << " to " << to
                     << " is not supported";
  }
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  if (!to.isF32())
    return n.error() << "Cast to " << to << " is not supported";
  n.setOutput(0, *x);
  return success();
}

LogicalResult convertSoftmax(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto type = cast<RankedTensorType>(x->getType());
  int64_t rank = type.getRank();
  // Before opset 13 Softmax flattens to 2-D at `axis` (default 1); that is a
  // softmax over the last axis of the flattened tensor.
  bool coerced = n.opset() < 13;
  FailureOr<int64_t> axis =
      normalizeAxis(n, n.attrInt("axis", coerced ? 1 : -1), rank);
  if (failed(axis))
    return failure();
  if (!coerced || *axis == rank - 1) {
    n.setOutput(0, SoftmaxOp::create(n.builder(), n.loc(), *x, *axis));
    return success();
  }
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < rank; ++d)
    (d < *axis ? outer : inner) *= type.getDimSize(d);
  auto flat = RankedTensorType::get({outer, inner}, type.getElementType());
  Value reshaped = ReshapeOp::create(n.builder(), n.loc(), flat, *x);
  Value softmax = SoftmaxOp::create(n.builder(), n.loc(), reshaped, 1);
  n.setOutput(0, ReshapeOp::create(n.builder(), n.loc(), type, softmax));
  return success();
}

} // namespace

void registerElementwiseOps(ConverterTable &table) {
  table["Add"] = convertBinary<AddOp>;
  table["Sub"] = convertBinary<SubOp>;
  table["Mul"] = convertBinary<MulOp>;
  table["Div"] = convertBinary<DivOp>;
  table["Pow"] = convertBinary<PowOp>;
  table["Relu"] = convertUnary<ReluOp>;
  table["Sigmoid"] = convertUnary<SigmoidOp>;
  table["Erf"] = convertUnary<ErfOp>;
  table["Sqrt"] = convertUnary<SqrtOp>;
  table["Tanh"] = convertUnary<TanhOp>;
  table["LeakyRelu"] = convertLeakyRelu;
  table["HardSigmoid"] = convertHardSigmoid;
  table["PRelu"] = convertPRelu;
  table["HardSwish"] = convertUnary<HardSwishOp>;
  table["Clip"] = convertClip;
  table["Identity"] = convertPassThrough;
  table["Dropout"] = convertPassThrough;
  table["Cast"] = convertCast;
  table["Softmax"] = convertSoftmax;
}

} // namespace qcc::onnx_import
