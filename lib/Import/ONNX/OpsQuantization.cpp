//===- OpsQuantization.cpp - QuantizeLinear and DequantizeLinear ----------===//
//
// This file converts ONNX's Q/DQ ops. A QuantizeLinear output is held back
// until its consumer is known: the DequantizeLinear that follows turns the
// pair into one qcc.fake_quant (with any Clip between them narrowing the
// storage range, PyTorch's reduce_range); any other reader gets a
// qcc.quantize. A DequantizeLinear of stored integers (weights, int32
// biases), of an integer model input or of a QOperator result becomes
// qcc.dequantize, which keeps the integers exact.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <cmath>

using namespace mlir;

namespace qcc::onnx_import {

FailureOr<quant::QuantizedType> readQuantType(NodeImporter &n,
                                              std::optional<unsigned> scale,
                                              unsigned zeroPoint, int64_t rank,
                                              IntegerType defaultStorage,
                                              int64_t axis) {
  // A scale or zero point is a scalar or one value per channel: checked
  // before reading a (possibly huge) tensor value by value.
  // A splat (ConstantOfShape's output) is read as its one value.
  auto checkRank = [&](DenseElementsAttr &attr, StringRef what) {
    if (attr.getType().getRank() > 1)
      return LogicalResult(n.error() << "the " << what
                                     << " must be a scalar or 1-D but has rank "
                                     << attr.getType().getRank());
    if (attr.isSplat())
      attr = attr.resizeSplat(RankedTensorType::get({}, attr.getElementType()));
    return success();
  };
  SmallVector<double> scales;
  if (scale) {
    FailureOr<DenseElementsAttr> scaleAttr = n.constantInput(*scale);
    if (failed(scaleAttr) || failed(checkRank(*scaleAttr, "scale")))
      return failure();
    if (!scaleAttr->getElementType().isF32())
      return n.error() << "the scale must be float";
    for (const APFloat &s : scaleAttr->getValues<APFloat>()) {
      double v = s.convertToDouble();
      if (!(v > 0.0) || !std::isfinite(v))
        return n.error() << "scale " << v << " is not positive and finite";
      scales.push_back(v);
    }
  }
  IntegerType storage = defaultStorage;
  SmallVector<int64_t> zeroPoints;
  if (n.hasInput(zeroPoint)) {
    FailureOr<DenseElementsAttr> zp = n.constantInput(zeroPoint);
    if (failed(zp) || failed(checkRank(*zp, "zero point")))
      return failure();
    storage = dyn_cast<IntegerType>(zp->getElementType());
    if (!storage)
      return n.error() << "the zero point must be an integer tensor";
    for (const APInt &v : zp->getValues<APInt>())
      zeroPoints.push_back(storage.isUnsigned() ? v.getZExtValue()
                                                : v.getSExtValue());
  }
  // Scales and zero points come in equal numbers, or one of them is single.
  size_t count = std::max<size_t>({scales.size(), zeroPoints.size(), 1});
  if ((scales.size() > 1 && scales.size() != count) ||
      (zeroPoints.size() > 1 && zeroPoints.size() != count))
    return n.error() << "the scale and zero point have different sizes";
  scales.resize(count, scales.empty() ? 1.0 : scales[0]);
  zeroPoints.resize(count, zeroPoints.empty() ? 0 : zeroPoints[0]);

  unsigned width = storage.getWidth();
  if (width != 8 && width != 32)
    return n.error() << "unsupported quantized storage of " << width
                     << " bits";
  bool isSigned = !storage.isUnsigned();
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  Type signless = IntegerType::get(n.context(), width);
  Type f32 = Float32Type::get(n.context());
  int64_t qmin =
      quant::QuantizedType::getDefaultMinimumForInteger(isSigned, width);
  int64_t qmax =
      quant::QuantizedType::getDefaultMaximumForInteger(isSigned, width);
  if (count == 1)
    return cast<quant::QuantizedType>(quant::UniformQuantizedType::get(
        flags, signless, f32, scales[0], zeroPoints[0], qmin, qmax));
  FailureOr<int64_t> dim = normalizeAxis(n, axis, rank);
  if (failed(dim))
    return failure();
  return cast<quant::QuantizedType>(quant::UniformQuantizedPerAxisType::get(
      flags, signless, f32, scales, zeroPoints, *dim, qmin, qmax));
}

bool sameGrid(quant::QuantizedType a, quant::QuantizedType b) {
  if (a.getStorageTypeIntegralWidth() != b.getStorageTypeIntegralWidth() ||
      a.isSigned() != b.isSigned())
    return false;
  auto ua = dyn_cast<quant::UniformQuantizedType>(a);
  auto ub = dyn_cast<quant::UniformQuantizedType>(b);
  if (ua && ub)
    return ua.getScale() == ub.getScale() &&
           ua.getZeroPoint() == ub.getZeroPoint();
  auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(a);
  auto pb = dyn_cast<quant::UniformQuantizedPerAxisType>(b);
  return pa && pb && pa.getScales() == pb.getScales() &&
         pa.getZeroPoints() == pb.getZeroPoints() &&
         pa.getQuantizedDimension() == pb.getQuantizedDimension();
}

namespace {

/// QuantizeLinear and DequantizeLinear gained per-axis scales in opset 13.
LogicalResult checkPerAxisOpset(NodeImporter &n, quant::QuantizedType type) {
  if (n.opset() < 13 && isa<quant::UniformQuantizedPerAxisType>(type))
    return n.error() << "per-axis quantization needs opset 13 or later";
  return success();
}

LogicalResult convertQuantizeLinear(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto rank = cast<RankedTensorType>(x->getType()).getRank();
  FailureOr<quant::QuantizedType> type =
      readQuantType(n, 1u, 2, rank, n.uint8Type(), n.attrInt("axis", 1));
  if (failed(type) || failed(checkPerAxisOpset(n, *type)))
    return failure();
  if (type->getStorageTypeIntegralWidth() != 8)
    return n.error() << "QuantizeLinear to 32 bits is not supported";
  n.setOutputRecord(0, ImportedValue{{}, {}, *x, *type});
  return success();
}

/// The storage type a DequantizeLinear input has: that of the pending
/// quantization, or the integer element type of its value or constant.
FailureOr<IntegerType> inputStorage(NodeImporter &n, ImportedValue &r) {
  auto build = [&](unsigned width, bool isSigned) {
    return IntegerType::get(n.context(), width,
                            isSigned ? IntegerType::Signless
                                     : IntegerType::Unsigned);
  };
  if (r.quantizedFrom) {
    auto q = cast<quant::QuantizedType>(r.quantType);
    return build(q.getStorageTypeIntegralWidth(), q.isSigned());
  }
  Type element = r.constant ? r.constant.getElementType()
                 : r.value  ? cast<ShapedType>(r.value.getType())
                                 .getElementType()
                            : Type();
  if (auto q = dyn_cast_if_present<quant::QuantizedType>(element))
    return build(q.getStorageTypeIntegralWidth(), q.isSigned());
  if (auto i = dyn_cast_if_present<IntegerType>(element))
    return i;
  return n.error() << "DequantizeLinear needs an integer input";
}

LogicalResult convertDequantizeLinear(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(record) || failed(type))
    return failure();
  FailureOr<IntegerType> storage = inputStorage(n, **record);
  if (failed(storage))
    return failure();
  FailureOr<quant::QuantizedType> qtype = readQuantType(
      n, 1u, 2, type->getRank(), *storage, n.attrInt("axis", 1));
  if (failed(qtype) || failed(checkPerAxisOpset(n, *qtype)))
    return failure();
  if (qtype->getStorageTypeIntegralWidth() != storage->getWidth() ||
      qtype->isSigned() == storage->isUnsigned())
    return n.error() << "the zero point's type differs from the input's";

  if (Value source = (*record)->quantizedFrom) {
    auto pending = cast<quant::QuantizedType>((*record)->quantType);
    if (!sameGrid(*qtype, pending))
      return n.error() << "DequantizeLinear uses other scales or zero points "
                          "than the QuantizeLinear it follows; such a pair "
                          "cannot be represented";
    // The pending type may carry a range narrowed by a Clip.
    n.setOutput(0, FakeQuantOp::create(n.builder(), n.loc(), source,
                                       TypeAttr::get(pending)));
    return success();
  }
  FailureOr<Value> q = n.quantizedInput(0, *qtype);
  if (failed(q))
    return failure();
  n.setOutput(0, DequantizeOp::create(n.builder(), n.loc(), *type, *q));
  return success();
}

} // namespace

void registerQuantizationOps(ConverterTable &table) {
  table["QuantizeLinear"] = convertQuantizeLinear;
  table["DequantizeLinear"] = convertDequantizeLinear;
}

} // namespace qcc::onnx_import
