//===- Quantizer.h - the state of one qcc-quantize run ----------*- C++ -*-===//
//
// This file declares the Quantizer that qcc-quantize runs over a function
// (Quantize.cpp holds the walk and the convolutional anchors,
// QuantizeSequenceOps.cpp those of transformers) and the type helpers both
// use.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_QUANTIZER_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_QUANTIZER_H

#include "PassUtils.h"
#include "PointwiseChain.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Support/QuantizeLinear.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <optional>
#include <vector>

namespace qcc::quantizer {

using namespace mlir;

using UniformType = quant::UniformQuantizedType;
using PerAxisType = quant::UniformQuantizedPerAxisType;

inline RankedTensorType withElement(Type type, Type element) {
  return RankedTensorType::get(cast<RankedTensorType>(type).getShape(),
                               element);
}

inline quant::QuantizedType elementOf(Value v) {
  return cast<quant::QuantizedType>(
      cast<RankedTensorType>(v.getType()).getElementType());
}

/// The float values of a compile-time constant: an arith.constant, or the
/// dequantized values of a dequantize(qconstant).
inline std::optional<std::vector<float>> floatConstant(Value value) {
  DenseElementsAttr attr;
  if (matchPattern(value, m_Constant(&attr)) && attr.getElementType().isF32())
    return std::vector<float>(attr.getValues<float>().begin(),
                              attr.getValues<float>().end());
  auto dq = value.getDefiningOp<DequantizeOp>();
  auto qc = dq ? dq.getInput().getDefiningOp<QConstantOp>() : QConstantOp();
  if (!qc)
    return std::nullopt;
  quant::QuantizedType type = elementOf(qc.getResult());
  Grid grid = gridOf(type);
  ArrayRef<int64_t> shape = qc.getType().getShape();
  int64_t inner = 1;
  if (grid.axis >= 0)
    for (size_t d = grid.axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  std::vector<float> values;
  int64_t i = 0;
  for (const APInt &v : qc.getValue().getValues<APInt>()) {
    size_t c = grid.axis < 0 ? 0 : (i++ / inner) % shape[grid.axis];
    int64_t q = type.isSigned() ? v.getSExtValue() : v.getZExtValue();
    values.push_back(dequantizeLinear(q, grid.scales[c], grid.zeroPoints[c]));
  }
  return values;
}

class Quantizer {
public:
  Quantizer(func::FuncOp func, RoundingMode rounding)
      : func(func), builder(func.getContext()), rounding(rounding) {}

  LogicalResult run();

private:
  LogicalResult visit(Operation *op);
  LogicalResult visitFakeQuant(FakeQuantOp fq);
  FailureOr<Value> lowerAnchor(Operation *anchor,
                               quant::QuantizedType outType);
  /// The anchors of sequence models (QuantizeSequenceOps.cpp): layer norm,
  /// table nonlinearities, softmax, matmul of activations, and products
  /// with a constant or of two activations.
  FailureOr<Value> lowerSequenceAnchor(Operation *anchor, UniformType out,
                                       std::optional<float> lo,
                                       std::optional<float> hi);
  /// Whether a pointwise chain becomes a table rather than the integer op
  /// its single op has.
  static bool tabulates(const PointwiseChain &chain);
  /// A pointwise chain of an 8-bit input as one `qcc.qlookup`.
  FailureOr<Value> lowerTable(const PointwiseChain &chain, UniformType out);
  FailureOr<Value> twinOf(Value value, Operation *user, StringRef role);
  /// twinOf, but a float constant without a twin (a ViT's class token or
  /// position embedding) is quantized: to `grid` when given, else to the
  /// 8-bit grid covering its values, signed like `like`.
  FailureOr<Value> twinOrConstant(Value value, Operation *user,
                                  StringRef role, UniformType like,
                                  UniformType grid = {});
  /// The twin of `value` and its per-tensor type (an error otherwise).
  FailureOr<std::pair<Value, UniformType>> uniformTwinOf(Value value,
                                                         Operation *user);
  FailureOr<Value> biasOf(Operation *op, Value bias, double inScale,
                          ArrayRef<double> weightScales, int64_t channels);
  FailureOr<RequantAttr> requantFor(Operation *op, double inScale,
                                    ArrayRef<double> weightScales,
                                    UniformType out, std::optional<float> lo,
                                    std::optional<float> hi);
  Value transpose(Value v, ArrayRef<int64_t> perm);
  /// Fails, naming `op`, when an output channel's int32 accumulator could
  /// overflow: from the stored weights (or their storage range), the
  /// input's storage range and the bias.
  LogicalResult checkAccumulator(Operation *op, Value x, Value w, Value bias,
                                 int64_t channels);
  /// -v, exactly: the stored values and zero point mirrored in the storage
  /// range (a table lookup).
  Value negate(Value v, Location loc);
  Value quantizedConstant(Location loc, ArrayRef<float> values,
                          RankedTensorType floatType,
                          quant::QuantizedType type);

  func::FuncOp func;
  OpBuilder builder;
  RoundingMode rounding;
  /// Float value -> its integer twin.
  llvm::DenseMap<Value, Value> twins;
};

} // namespace qcc::quantizer

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_QUANTIZER_H
