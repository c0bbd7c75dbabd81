//===- WeightGrids.cpp - grids for constant weights -----------------------===//
//
// This file gives constant weights their per-channel symmetric int8 grid.
//
//===----------------------------------------------------------------------===//

#include "WeightGrids.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/Matchers.h"

#include <cmath>

using namespace mlir;

namespace qcc {
namespace {

/// Per-output-channel symmetric int8 for constant weights, [-127, 127].
quant::QuantizedType weightType(DenseElementsAttr weights) {
  auto type = cast<RankedTensorType>(weights.getType());
  int64_t channels = type.getDimSize(0);
  int64_t inner = type.getNumElements() / channels;
  SmallVector<double> scales(channels, 0.0);
  int64_t i = 0;
  for (float w : weights.getValues<float>()) {
    double &s = scales[i++ / inner];
    s = std::max<double>(s, std::fabs(w));
  }
  for (double &s : scales)
    s = s > 0 ? static_cast<float>(s / 127) : 1.0;
  SmallVector<int64_t> zeroPoints(channels, 0);
  MLIRContext *context = weights.getContext();
  return quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(context, 8),
      Float32Type::get(context), scales, zeroPoints, /*quantizedDimension=*/0,
      -127, 127);
}

} // namespace

void quantizeConstantWeights(Operation *root) {
  OpBuilder builder(root->getContext());
  root->walk([&](Operation *op) {
    if (!isa<Conv2DOp, FullyConnectedOp>(op))
      return;
    OpOperand &weight = op->getOpOperand(1);
    DenseElementsAttr values;
    if (!matchPattern(weight.get(), m_Constant(&values)) ||
        !values.getElementType().isF32())
      return;
    builder.setInsertionPoint(op);
    weight.set(FakeQuantOp::create(builder, op->getLoc(), weight.get(),
                                   weightType(values)));
  });
}

} // namespace qcc
