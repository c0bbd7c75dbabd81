//===- OpsQuantization.cpp - QuantizeLinear and DequantizeLinear ----------===//
//
// This file converts ONNX's Q/DQ ops. A QuantizeLinear output is held back
// until its consumer is known: the DequantizeLinear that follows turns the
// pair into one qcc.fake_quant (with any Clip between them narrowing the
// storage range, PyTorch's reduce_range). A DequantizeLinear of stored
// integers (weights, int32 biases) becomes qcc.qconstant + qcc.dequantize,
// which keeps the exact integers.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <cmath>

using namespace mlir;

namespace qcc::onnx_import {
namespace {

/// Builds the quantized type of a Q/DQ node from its scale (input 1) and
/// optional zero point (input 2). Without a zero point the storage type is
/// `defaultStorage`. One scale means per tensor; a vector means per axis
/// along the `axis` attribute of a tensor of rank `rank`.
FailureOr<quant::QuantizedType> readQuantType(NodeImporter &n, int64_t rank,
                                              IntegerType defaultStorage) {
  FailureOr<DenseElementsAttr> scaleAttr = n.constantInput(1);
  if (failed(scaleAttr))
    return failure();
  if (!scaleAttr->getElementType().isF32())
    return n.error() << "the scale must be float";
  SmallVector<double> scales;
  for (const APFloat &s : scaleAttr->getValues<APFloat>()) {
    double v = s.convertToDouble();
    if (!(v > 0.0) || !std::isfinite(v))
      return n.error() << "scale " << v << " is not positive and finite";
    scales.push_back(v);
  }
  IntegerType storage = defaultStorage;
  SmallVector<int64_t> zeroPoints(scales.size(), 0);
  if (n.hasInput(2)) {
    FailureOr<DenseElementsAttr> zp = n.constantInput(2);
    if (failed(zp))
      return failure();
    storage = dyn_cast<IntegerType>(zp->getElementType());
    if (!storage || zp->getNumElements() != static_cast<int64_t>(scales.size()))
      return n.error() << "the zero point must be an integer tensor shaped "
                          "like the scale";
    zeroPoints.clear();
    for (const APInt &v : zp->getValues<APInt>())
      zeroPoints.push_back(storage.isUnsigned() ? v.getZExtValue()
                                                : v.getSExtValue());
  }
  unsigned width = storage.getWidth();
  if (width != 8 && width != 32)
    return n.error() << "unsupported quantized storage of " << width
                     << " bits";
  bool isSigned = !storage.isUnsigned();
  unsigned flags = isSigned ? quant::QuantizationFlags::Signed : 0;
  Type signless = IntegerType::get(n.context(), width);
  Type f32 = Float32Type::get(n.context());
  int64_t qmin = quant::QuantizedType::getDefaultMinimumForInteger(isSigned,
                                                                   width);
  int64_t qmax = quant::QuantizedType::getDefaultMaximumForInteger(isSigned,
                                                                   width);
  bool perTensor = scaleAttr->getType().getRank() == 0 || scales.size() == 1;
  if (perTensor)
    return cast<quant::QuantizedType>(quant::UniformQuantizedType::get(
        flags, signless, f32, scales[0], zeroPoints[0], qmin, qmax));
  if (n.opset() < 13)
    return n.error() << "per-axis quantization needs opset 13 or later";
  FailureOr<int64_t> axis = normalizeAxis(n, n.attrInt("axis", 1), rank);
  if (failed(axis))
    return failure();
  return cast<quant::QuantizedType>(quant::UniformQuantizedPerAxisType::get(
      flags, signless, f32, scales, zeroPoints, *axis, qmin, qmax));
}

IntegerType uint8Type(NodeImporter &n) {
  return IntegerType::get(n.context(), 8, IntegerType::Unsigned);
}

LogicalResult convertQuantizeLinear(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  if (failed(x))
    return failure();
  auto rank = cast<RankedTensorType>(x->getType()).getRank();
  FailureOr<quant::QuantizedType> type = readQuantType(n, rank, uint8Type(n));
  if (failed(type))
    return failure();
  if (type->getStorageTypeIntegralWidth() != 8)
    return n.error() << "QuantizeLinear to 32 bits is not supported";
  n.setOutputRecord(0, ImportedValue{{}, {}, *x, *type});
  return success();
}

/// The grid of a quantized type, ignoring its storage range (which a Clip
/// between Q and DQ may have narrowed).
bool sameGrid(quant::QuantizedType a, quant::QuantizedType b) {
  auto ua = dyn_cast<quant::UniformQuantizedType>(a);
  auto ub = dyn_cast<quant::UniformQuantizedType>(b);
  if (ua && ub)
    return ua.getScale() == ub.getScale() &&
           ua.getZeroPoint() == ub.getZeroPoint() &&
           ua.getStorageTypeIntegralWidth() ==
               ub.getStorageTypeIntegralWidth() &&
           ua.isSigned() == ub.isSigned();
  auto pa = dyn_cast<quant::UniformQuantizedPerAxisType>(a);
  auto pb = dyn_cast<quant::UniformQuantizedPerAxisType>(b);
  return pa && pb && pa.getScales() == pb.getScales() &&
         pa.getZeroPoints() == pb.getZeroPoints() &&
         pa.getQuantizedDimension() == pb.getQuantizedDimension() &&
         pa.isSigned() == pb.isSigned();
}

LogicalResult convertDequantizeLinear(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(record) || failed(type))
    return failure();

  if (Value source = (*record)->quantizedFrom) {
    auto pending = cast<quant::QuantizedType>((*record)->quantType);
    IntegerType storage = IntegerType::get(
        n.context(), pending.getStorageTypeIntegralWidth(),
        pending.isSigned() ? IntegerType::Signless : IntegerType::Unsigned);
    FailureOr<quant::QuantizedType> own =
        readQuantType(n, type->getRank(), storage);
    if (failed(own))
      return failure();
    if (!sameGrid(*own, pending))
      return n.error() << "DequantizeLinear uses other scales or zero points "
                          "than the QuantizeLinear it follows; such a pair "
                          "cannot be represented";
    n.setOutput(0, FakeQuantOp::create(n.builder(), n.loc(), source,
                                       TypeAttr::get(pending)));
    return success();
  }

  DenseElementsAttr stored = (*record)->constant;
  if (!stored || !isa<IntegerType>(stored.getElementType()))
    return n.error() << "DequantizeLinear is supported after QuantizeLinear "
                        "or on stored integers, not on '"
                     << n.node().input(0) << "'";
  auto storage = cast<IntegerType>(stored.getElementType());
  FailureOr<quant::QuantizedType> qtype =
      readQuantType(n, type->getRank(), storage);
  if (failed(qtype))
    return failure();
  if (qtype->getStorageTypeIntegralWidth() != storage.getWidth() ||
      qtype->isSigned() == storage.isUnsigned())
    return n.error() << "the zero point's type differs from the input's";
  auto signless = IntegerType::get(n.context(), storage.getWidth());
  auto value = cast<DenseIntElementsAttr>(stored.bitcast(signless));
  auto qtensor = RankedTensorType::get(type->getShape(), *qtype);
  Value constant = QConstantOp::create(n.builder(), n.loc(), qtensor, value);
  n.setOutput(0, DequantizeOp::create(n.builder(), n.loc(), *type, constant));
  return success();
}

} // namespace

void registerQuantizationOps(ConverterTable &table) {
  table["QuantizeLinear"] = convertQuantizeLinear;
  table["DequantizeLinear"] = convertDequantizeLinear;
}

} // namespace qcc::onnx_import
