//===- KernelDescriptors.h - kernel arguments from integer ops -*- C++ -*-===//
//
// This file declares what the kernel lowering (KernelLowering.cpp,
// LowerComputeOps.cpp, LowerDataOps.cpp) shares: the int8 storage form of
// quantized types, descriptor fields in the order of qcc/kernels.h, and
// packed constants.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELDESCRIPTORS_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELDESCRIPTORS_H

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/kernels.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include <vector>

namespace qcc::kernels {

using namespace mlir;

/// The stored weights of `weight` in int8 form and their zero point (one
/// for all channels).
struct Weights {
  std::vector<int8_t> values;
  int32_t zeroPoint;
};

/// The quantized element type of `type`, or null.
quant::QuantizedType quantizedOf(Type type);

/// What is subtracted from stored values to reach the int8 form.
int32_t storageOffset(Type type);

/// The per-tensor zero point of `type` in int8 form.
int32_t zeroPoint(Type type);

/// The shape of a tensor value.
ArrayRef<int64_t> shapeOf(Value value);

/// A descriptor field (shapes and parameters fit int32 by construction).
inline int32_t i32(int64_t v) { return static_cast<int32_t>(v); }

/// QCC_ROUND_SINGLE or QCC_ROUND_DOUBLE.
int32_t roundingOf(RequantAttr requant);

/// qcc_requant_desc of channel 0 of `requant`, for an output of `type`.
SmallVector<int32_t> requantFields(RequantAttr requant, Type type);

/// The trailing output-stage fields of the conv and fully-connected
/// descriptors: zero point, min, max, rounding.
SmallVector<int32_t> outputStageFields(RequantAttr requant, Type type);

/// Row-major element strides of `shape`.
SmallVector<int64_t> rowMajorStrides(ArrayRef<int64_t> shape);

/// Rank-1 constants of kernel arguments.
DenseIntElementsAttr int8Array(MLIRContext *context, ArrayRef<int8_t> values);
DenseIntElementsAttr int32Array(MLIRContext *context,
                                ArrayRef<int32_t> values);

/// The strides with which an operand of `shape` is read while walking
/// `outShape` (numpy broadcasting: missing or size-1 dimensions stride 0).
SmallVector<int64_t> broadcastStrides(ArrayRef<int64_t> shape,
                                      ArrayRef<int64_t> outShape);

FailureOr<Weights> int8Weights(Operation *op, Value weight);

/// The int32 bias of `count` channels (zeros without one).
FailureOr<std::vector<int64_t>> biasValues(Operation *op, Value bias,
                                           int64_t count);

/// The conv/fully-connected constants of `kernel`: the weights packed in its
/// layout (as unsigned bytes if it takes them so), the bias with the
/// constant zero-point terms folded in, per-channel multipliers and shifts.
/// `weights` is [channels][depth] in the order the bias folding reads it;
/// with `groups`, the channels of each group are packed on their own.
SmallVector<Attribute> gemmConstants(MLIRContext *context,
                                     const KernelInfo &kernel,
                                     const Weights &weights,
                                     ArrayRef<int64_t> bias, int32_t inputZero,
                                     RequantAttr requant, int64_t groups = 1);

/// Fails on an accumulator (no requant) output, which no kernel writes.
LogicalResult requireRequant(Operation *op, RequantAttr requant);

/// A multi-index walk for the layout and broadcasting kernels: output
/// dimensions with one stride per operand, size-1 dimensions dropped.
struct Walk {
  SmallVector<int32_t> dims;
  SmallVector<SmallVector<int32_t>> strides;

  Walk(ArrayRef<int64_t> shape, ArrayRef<SmallVector<int64_t>> operandStrides)
      : strides(operandStrides.size()) {
    for (size_t d = 0; d < shape.size(); ++d) {
      if (shape[d] == 1)
        continue;
      dims.push_back(i32(shape[d]));
      for (size_t k = 0; k < operandStrides.size(); ++k)
        strides[k].push_back(i32(operandStrides[k][d]));
    }
  }

  /// The number of dimensions walked.
  int32_t rank() const { return i32(dims.size()); }

  /// Whether the walk fits the kernels' QCC_MAX_RANK; reports on `op`
  /// otherwise.
  LogicalResult fits(Operation *op) const {
    if (dims.size() <= QCC_MAX_RANK)
      return success();
    return op->emitError("has ")
           << dims.size() << " non-unit dimensions; kernels take at most "
           << QCC_MAX_RANK;
  }

  /// Appends the dims, then each operand's strides, padded to
  /// QCC_MAX_RANK (the walk must fit).
  void appendTo(SmallVectorImpl<int32_t> &fields) const {
    appendPadded(fields, dims);
    for (const SmallVector<int32_t> &s : strides)
      appendPadded(fields, s);
  }

  static void appendPadded(SmallVectorImpl<int32_t> &fields,
                           ArrayRef<int32_t> values) {
    fields.append(values.begin(), values.end());
    fields.append(QCC_MAX_RANK - values.size(), 0);
  }
};

/// qcc_gather_desc of a one-operand walk: rank, `offset`, dims, strides.
SmallVector<int32_t> gatherFields(const Walk &walk, int64_t offset);

/// How many consecutive groups of a grouped convolution, `groupOut` output
/// channels each, share a panel of 16: the largest divisor m of `groups`
/// with m·groupOut <= 16 (1 when there is none but 1, e.g. for groups of
/// more than 8 channels).
int64_t groupsPerPanel(int64_t groups, int64_t groupOut);

/// The OHWI weights of a convolution of `groups` groups as those of groups/m
/// groups: each m consecutive groups become one of block-diagonal weights,
/// [channels][window][m·groupIn], its other groups' inputs taking the weight
/// zero point (which stands for 0).
Weights mergeGroups(const Weights &weights, int64_t channels, int64_t window,
                    int64_t groups, int64_t m);

/// `rows` ([channels][depth], the op's order) in `layout`; depthwise reads
/// depth as kh·kw window positions. Panel layouts pack the channels of each
/// of `groups` groups as panels of their own, one group after another.
std::vector<int8_t> packWeights(WeightLayout layout, ArrayRef<int8_t> rows,
                                int64_t channels, int64_t groups = 1);

} // namespace qcc::kernels

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELDESCRIPTORS_H
