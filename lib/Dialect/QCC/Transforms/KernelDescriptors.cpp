//===- KernelDescriptors.cpp - kernel arguments from integer ops ----------===//
//
// This file builds the pieces of kernel calls: every quantity moved to the
// int8 storage form first (a uint8 value q of zero point Z is stored as
// q - 128 with zero point Z - 128, which keeps q - Z, hence every integer
// the op computes, unchanged), then laid out as the kernel's descriptor
// fields and packed constants.
//
//===----------------------------------------------------------------------===//

#include "KernelDescriptors.h"

#include "qcc/fixedpoint.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/TypeUtilities.h"

#include <algorithm>

namespace qcc::kernels {

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

SmallVector<Attribute> gemmConstants(MLIRContext *context,
                                     const KernelInfo &kernel,
                                     const Weights &weights,
                                     ArrayRef<int64_t> bias, int32_t inputZero,
                                     RequantAttr requant, int64_t groups) {
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
  std::vector<int8_t> packed =
      packWeights(kernel.weightLayout, weights.values, channels, groups);
  if (kernel.unsignedWeights)
    for (int8_t &byte : packed)
      byte = static_cast<int8_t>(byte ^ 0x80);
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


SmallVector<int32_t> gatherFields(const Walk &walk, int64_t offset) {
  SmallVector<int32_t> fields = {walk.rank(), i32(offset)};
  walk.appendTo(fields);
  return fields;
}

int64_t groupsPerPanel(int64_t groups, int64_t groupOut) {
  int64_t best = 1;
  for (int64_t m = 2; m * groupOut <= 16; ++m)
    if (groups % m == 0)
      best = m;
  return best;
}

Weights mergeGroups(const Weights &weights, int64_t channels, int64_t window,
                    int64_t groups, int64_t m) {
  int64_t groupOut = channels / groups;
  int64_t groupIn = static_cast<int64_t>(weights.values.size()) /
                    (channels * window);
  Weights merged{std::vector<int8_t>(channels * window * m * groupIn,
                                     static_cast<int8_t>(weights.zeroPoint)),
                 weights.zeroPoint};
  for (int64_t o = 0; o < channels; ++o) {
    int64_t slot = o / groupOut % m; // the group's place among the m
    for (int64_t k = 0; k < window; ++k)
      std::copy_n(&weights.values[(o * window + k) * groupIn], groupIn,
                  &merged.values[(o * window + k) * m * groupIn +
                                 slot * groupIn]);
  }
  return merged;
}

std::vector<int8_t> packWeights(WeightLayout layout, ArrayRef<int8_t> rows,
                                int64_t channels, int64_t groups) {
  int64_t depth = static_cast<int64_t>(rows.size()) / channels;
  switch (layout) {
  case WeightLayout::Rows:
    return std::vector<int8_t>(rows.begin(), rows.end());
  case WeightLayout::DepthwiseHWC: {
    std::vector<int8_t> packed(rows.size());
    for (int64_t o = 0; o < channels; ++o)
      for (int64_t k = 0; k < depth; ++k)
        packed[k * channels + o] = rows[o * depth + k];
    return packed;
  }
  case WeightLayout::Panels16x4:
  case WeightLayout::Panels16x8:
  case WeightLayout::Panels16x16: {
    // packed[((p·G + g)·16 + c)·kr + t] = w[16p + c][kr·g + t], G =
    // ceil(depth / kr) groups per panel, zeros past the edges; each
    // convolution group's channels make panels of their own.
    int64_t kr = layout == WeightLayout::Panels16x4   ? 4
                 : layout == WeightLayout::Panels16x8 ? 8
                                                      : 16;
    int64_t groupChannels = channels / groups;
    int64_t depthGroups = (depth + kr - 1) / kr;
    int64_t panelBytes = depthGroups * 16 * kr;
    int64_t groupBytes = (groupChannels + 15) / 16 * panelBytes;
    std::vector<int8_t> packed(groups * groupBytes, 0);
    for (int64_t o = 0; o < channels; ++o) {
      int64_t c = o % groupChannels;
      int64_t base = o / groupChannels * groupBytes + c / 16 * panelBytes;
      for (int64_t k = 0; k < depth; ++k)
        packed[base + ((k / kr) * 16 + c % 16) * kr + k % kr] =
            rows[o * depth + k];
    }
    return packed;
  }
  }
  llvm_unreachable("unknown weight layout");
}

} // namespace qcc::kernels
