//===- PassUtils.h - helpers shared by the qcc passes -----------*- C++ -*-===//
//
// This file holds the small queries several qcc passes ask of the IR: the
// grid a quantized type describes, whether a value is read by a fake_quant,
// the interval a standalone activation clamps to, and the NCHW/NHWC
// permutations of tensor types.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_PASSUTILS_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_PASSUTILS_H

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/Dialect/Quant/IR/QuantTypes.h"

#include <optional>
#include <vector>

namespace qcc {

/// The permutations between the model's NCHW and the kernels' NHWC.
inline constexpr int64_t kToNHWC[] = {0, 2, 3, 1};
inline constexpr int64_t kToNCHW[] = {0, 3, 1, 2};

/// The type of a tensor of `type` permuted by `perm`: a per-axis element
/// type's quantized dimension follows its dimension.
inline mlir::RankedTensorType permuted(mlir::Type type,
                                      llvm::ArrayRef<int64_t> perm) {
  auto tensor = mlir::cast<mlir::RankedTensorType>(type);
  llvm::SmallVector<int64_t> shape;
  for (int64_t p : perm)
    shape.push_back(tensor.getDimSize(p));
  mlir::Type element = tensor.getElementType();
  using PerAxis = mlir::quant::UniformQuantizedPerAxisType;
  if (auto axis = mlir::dyn_cast<PerAxis>(element))
    element = PerAxis::get(
        axis.getFlags(), axis.getStorageType(), axis.getExpressedType(),
        axis.getScales(), axis.getZeroPoints(),
        llvm::find(perm, axis.getQuantizedDimension()) - perm.begin(),
        axis.getStorageTypeMin(), axis.getStorageTypeMax());
  return mlir::RankedTensorType::get(shape, element);
}

/// Per-channel scales and zero points of a quantized type (one entry per
/// tensor for a per-tensor type, with axis -1).
struct Grid {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1;
};

inline Grid gridOf(mlir::quant::QuantizedType type) {
  if (auto u = mlir::dyn_cast<mlir::quant::UniformQuantizedType>(type))
    return {{u.getScale()}, {u.getZeroPoint()}, -1};
  auto a = mlir::cast<mlir::quant::UniformQuantizedPerAxisType>(type);
  return {std::vector<double>(a.getScales().begin(), a.getScales().end()),
          std::vector<int64_t>(a.getZeroPoints().begin(),
                               a.getZeroPoints().end()),
          a.getQuantizedDimension()};
}

/// Whether a qcc.fake_quant reads `value`.
inline bool hasFakeQuantUser(mlir::Value value) {
  return llvm::any_of(value.getUsers(), [](mlir::Operation *user) {
    return mlir::isa<FakeQuantOp>(user);
  });
}

/// The interval an activation clamps to (a missing bound is unbounded).
struct Bounds {
  std::optional<float> lo, hi;
};

/// The bounds of a standalone `qcc.relu` or `qcc.clamp`; nothing for any
/// other op.
inline std::optional<Bounds> activationBounds(mlir::Operation *op) {
  if (mlir::isa<ReluOp>(op))
    return Bounds{0.0f, std::nullopt};
  if (auto clamp = mlir::dyn_cast<ClampOp>(op))
    return Bounds{clamp.getMin().convertToFloat(),
                  clamp.getMax().convertToFloat()};
  return std::nullopt;
}

} // namespace qcc

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_PASSUTILS_H
