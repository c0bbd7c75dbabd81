//===- LowerComputeOps.cpp - kernel calls of the arithmetic-heavy ops -----===//
//
// This file lowers convolutions, fully-connected layers, matmuls and layer
// norms: weights packed for the chosen kernel, zero-point terms folded into
// the bias, output stages spread per channel.
//
//===----------------------------------------------------------------------===//

#include "KernelDescriptors.h"
#include "KernelLowering.h"

namespace qcc::kernels {

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

FailureOr<Value> Lowering::lowerConv(QConv2DOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  FailureOr<Weights> weights = int8Weights(op, op.getWeight());
  if (failed(weights))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight()),
                    out = shapeOf(op.getOutput());
  int64_t channels = w[0], kh = w[1], kw = w[2], groupIn = w[3];
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), channels);
  if (failed(bias))
    return failure();
  ArrayRef<int64_t> strides = op.getStrides(), pads = op.getPads(),
                    dilations = op.getDilations();
  int64_t group = op.getGroup();
  bool depthwise = group > 1 && group == in[3];
  auto operation = [&]() -> StringRef {
    bool pointwise = kh == 1 && kw == 1 && group == 1 &&
                     llvm::all_of(pads, [](int64_t p) { return p == 0; });
    return depthwise   ? "depthwise_conv2d"
           : pointwise ? "conv2d_1x1"
                       : "conv2d";
  };

  const KernelInfo *kernel =
      select(op, operation(), weights->values, channels);
  if (!kernel)
    return failure();
  int64_t macs = cast<ShapedType>(op.getType()).getNumElements() * kh * kw *
                 groupIn;
  // The vectorized kernels run each group on panels of 16 output channels:
  // groups of fewer share a panel where the group count allows, as one group
  // of block-diagonal weights (as many multiplies as their partial panels
  // took, in fuller panels; a 1x1 convolution merged into one group becomes
  // a GEMM read in place).
  int64_t perPanel = kernel->weightLayout == WeightLayout::Rows || depthwise
                         ? 1
                         : groupsPerPanel(group, channels / group);
  if (perPanel > 1) {
    *weights = mergeGroups(*weights, channels, kh * kw, group, perPanel);
    group /= perPanel;
    groupIn *= perPanel;
    kernel = select(op, operation(), weights->values, channels);
    if (!kernel)
      return failure();
  }
  int32_t inputZero = zeroPoint(op.getInput().getType());
  SmallVector<int32_t> desc = {
      i32(in[0]),        i32(in[1]),        i32(in[2]),      i32(in[3]),
      i32(out[1]),       i32(out[2]),       i32(channels),   i32(kh),
      i32(kw),           i32(strides[0]),   i32(strides[1]), i32(pads[0]),
      i32(pads[1]),      i32(dilations[0]), i32(dilations[1]),
      i32(group),        inputZero,         weights->zeroPoint};
  desc.append(outputStageFields(op.getRequantAttr(), op.getType()));
  int64_t scratch = scratchBytes(*kernel, kh * kw * groupIn);
  return emit(op.getLoc(), kernel->symbol, desc,
              gemmConstants(op.getContext(), *kernel, *weights, *bias,
                            inputZero, op.getRequantAttr(), group),
              input(op.getInput()), op.getType(), false, nullptr, macs,
              scratch);
}

FailureOr<Value> Lowering::lowerFullyConnected(QFullyConnectedOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  FailureOr<Weights> weights = int8Weights(op, op.getWeight());
  if (failed(weights))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.getInput()), w = shapeOf(op.getWeight());
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), w[0]);
  if (failed(bias))
    return failure();
  const KernelInfo *kernel =
      select(op, "fully_connected", weights->values, w[0]);
  if (!kernel)
    return failure();
  int32_t inputZero = zeroPoint(op.getInput().getType());
  SmallVector<int32_t> desc = {i32(in[0]), i32(in[1]), i32(w[0]), inputZero,
                               weights->zeroPoint};
  desc.append(outputStageFields(op.getRequantAttr(), op.getType()));
  return emit(op.getLoc(), kernel->symbol, desc,
              gemmConstants(op.getContext(), *kernel, *weights, *bias,
                            inputZero, op.getRequantAttr()),
              input(op.getInput()), op.getType(), false, nullptr,
              in[0] * in[1] * w[0], scratchBytes(*kernel, in[1]));
}

FailureOr<Value> Lowering::lowerMatMul(QMatMulOp op) {
  if (failed(requireRequant(op, op.getRequantAttr())))
    return failure();
  ArrayRef<int64_t> a = shapeOf(op.getLhs()), b = shapeOf(op.getRhs());
  int64_t m = a[a.size() - 2], k = a.back(), n = b.back();
  int64_t batch = cast<ShapedType>(op.getType()).getNumElements() / (m * n);
  // Each operand is one matrix per batch, or one matrix for all of them.
  auto batchStride = [&](ArrayRef<int64_t> shape) -> std::optional<int32_t> {
    int64_t count = 1;
    for (int64_t d : shape.drop_back(2))
      count *= d;
    if (count == batch)
      return i32(shape[shape.size() - 2] * shape.back());
    if (count == 1)
      return 0;
    return std::nullopt;
  };
  std::optional<int32_t> lhsStride = batchStride(a), rhsStride = batchStride(b);
  if (!lhsStride || !rhsStride)
    return op->emitError("has no kernel for partially broadcast batch "
                         "dimensions");
  SmallVector<int32_t> desc = {i32(batch),
                               i32(m),
                               i32(k),
                               i32(n),
                               *lhsStride,
                               *rhsStride,
                               zeroPoint(op.getLhs().getType()),
                               zeroPoint(op.getRhs().getType())};
  desc.append(requantFields(op.getRequantAttr(), op.getType()));
  return call(op, "matmul", desc, {},
              {input(op.getLhs()), input(op.getRhs())},
              op.getType(), false, nullptr, batch * m * n * k);
}

FailureOr<Value> Lowering::lowerLayerNorm(QLayerNormOp op) {
  auto type = cast<ShapedType>(op.getType());
  int64_t n = type.getShape().back();
  FailureOr<std::vector<int64_t>> bias = biasValues(op, op.getBias(), n);
  if (failed(bias))
    return failure();
  RequantAttr requant = op.getRequant();
  SmallVector<int8_t> signs;
  SmallVector<int32_t> biases, multipliers, shifts;
  for (int64_t i = 0; i < n; ++i) {
    size_t c = requant.getNumChannels() == 1 ? 0 : i;
    signs.push_back(static_cast<int8_t>(op.getSigns()[i]));
    biases.push_back(i32((*bias)[i]));
    multipliers.push_back(requant.getMultiplier()[c]);
    shifts.push_back(requant.getShift()[c]);
  }
  // The int64 epsilon as two int32 fields, low word first.
  uint64_t epsilon = static_cast<uint64_t>(op.getEpsilonAttr().getInt());
  SmallVector<int32_t> desc = {
      i32(type.getNumElements() / n), i32(n),
      zeroPoint(op.getInput().getType()),
      static_cast<int32_t>(static_cast<uint32_t>(epsilon)),
      static_cast<int32_t>(epsilon >> 32)};
  desc.append(outputStageFields(requant, type));
  MLIRContext *context = op.getContext();
  return call(op, "layer_norm", desc,
              {int8Array(context, signs), int32Array(context, biases),
               int32Array(context, multipliers), int32Array(context, shifts)},
              input(op.getInput()), type, /*inPlace=*/true);
}

} // namespace qcc::kernels
