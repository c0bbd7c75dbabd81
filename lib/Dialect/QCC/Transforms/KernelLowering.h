//===- KernelLowering.h - one integer op to one kernel call -----*- C++ -*-===//
//
// This file declares the translation of integer-level ops into `qcc.kernel`
// calls that qcc-lower-to-kernels drives: the int8 storage form of
// quantized tensors, and a Lowering object that maps old values to new
// int8 ones while it emits calls.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELLOWERING_H
#define QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELLOWERING_H

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/IRMapping.h"

#include <string>

namespace qcc::kernels {

/// The int8 tensor type of the same shape as `type`.
mlir::RankedTensorType int8Like(mlir::Type type);

/// Checks that a boundary tensor has per-tensor 8-bit storage, which the
/// header can describe; reports on `op` otherwise.
mlir::LogicalResult checkBoundaryType(mlir::Operation *op, mlir::Type type);

/// Emits the kernel calls of one function, in program order.
class Lowering {
public:
  Lowering(mlir::OpBuilder &builder, llvm::ArrayRef<std::string> features)
      : builder(builder), features(features) {}

  /// Lowers `op`, whose operands were lowered before, at the insertion
  /// point; reports on `op` and fails when no kernel computes it.
  mlir::LogicalResult lower(mlir::Operation *op);

  /// Records that the results of old op `op` are now `value`.
  void map(mlir::Operation *op, mlir::Value value) {
    mapping.map(op->getResult(0), value);
  }
  /// Records that old value `old` is now `value`.
  void mapValue(mlir::Value old, mlir::Value value) { mapping.map(old, value); }
  /// The new value of an old one.
  mlir::Value lookup(mlir::Value old) { return mapping.lookup(old); }
  /// Whether `op` was created by this lowering.
  bool isNew(mlir::Operation *op) const { return created.contains(op); }

  /// The int8 form of `input`, quantized storage as the caller passes it:
  /// a uint8 tensor is flipped, an int8 one used as is.
  mlir::Value fromStorage(mlir::Location loc, mlir::Value input,
                          mlir::Type quantizedType);
  /// The caller's storage of int8-form `value`: uint8 is flipped back.
  mlir::Value toStorage(mlir::Location loc, mlir::Value value,
                        mlir::Type quantizedType);
  /// The transpose of int8 `value` by `perm`.
  mlir::Value transpose(mlir::Location loc, mlir::Value value,
                        llvm::ArrayRef<int64_t> perm);
  /// A copy of `value` into a buffer of its own.
  mlir::Value copy(mlir::Location loc, mlir::Value value);

private:
  mlir::FailureOr<mlir::Value> lowerOp(mlir::Operation *op);
  /// The new value of operand `old`: its lowering, or for a quantized
  /// constant its int8 form as an arith.constant.
  mlir::Value input(mlir::Value old);

  /// Emits a `qcc.kernel` call of `symbol`.
  mlir::Value emit(mlir::Location loc, llvm::StringRef symbol,
                   llvm::ArrayRef<int32_t> descriptor,
                   llvm::ArrayRef<mlir::Attribute> constants,
                   mlir::ValueRange inputs, mlir::Type resultType,
                   bool inPlace = false, mlir::Value tied = nullptr,
                   int64_t macs = 0, int64_t scratch = 0);
  /// A call of the best kernel of an operation that always has one
  /// (flip_sign, gather), for values the boundary adds.
  mlir::Value callPortable(mlir::Location loc, llvm::StringRef operation,
                           llvm::ArrayRef<int32_t> descriptor,
                           mlir::Value input, mlir::Type resultType,
                           bool inPlace = false);
  /// The best kernel of `operation` for the enabled features (and, for a
  /// kernel with weights [channels][depth], for their values); null (and
  /// reported on `op`) when there is none.
  const KernelInfo *select(mlir::Operation *op, llvm::StringRef operation,
                           llvm::ArrayRef<int8_t> weights = {},
                           int64_t channels = 0);
  /// Emits `qcc.kernel` for the best kernel of `operation`, or reports on
  /// `op` that there is none.
  mlir::FailureOr<mlir::Value>
  call(mlir::Operation *op, llvm::StringRef operation,
       llvm::ArrayRef<int32_t> descriptor,
       llvm::ArrayRef<mlir::Attribute> constants, mlir::ValueRange inputs,
       mlir::Type resultType, bool inPlace = false,
       mlir::Value tied = nullptr, int64_t macs = 0);

  mlir::FailureOr<mlir::Value> lowerConv(QConv2DOp op);
  mlir::FailureOr<mlir::Value> lowerFullyConnected(QFullyConnectedOp op);
  mlir::FailureOr<mlir::Value> lowerMatMul(QMatMulOp op);
  /// add/mul: broadcast walk, both zero points, `parameters`, requant.
  mlir::FailureOr<mlir::Value> lowerBinary(mlir::Operation *op,
                                           llvm::StringRef operation,
                                           llvm::ArrayRef<int32_t> parameters,
                                           RequantAttr requant);
  mlir::FailureOr<mlir::Value> lowerAdd(QAddOp op);
  mlir::FailureOr<mlir::Value> lowerMul(QMulOp op);
  mlir::FailureOr<mlir::Value> lowerRequantize(RequantizeOp op);
  mlir::FailureOr<mlir::Value> lowerLookup(QLookupOp op);
  mlir::FailureOr<mlir::Value> lowerSoftmax(QSoftmaxOp op);
  mlir::FailureOr<mlir::Value> lowerLayerNorm(QLayerNormOp op);
  mlir::FailureOr<mlir::Value> lowerPool(mlir::Operation *op);
  mlir::FailureOr<mlir::Value> lowerGlobalAvgPool(QGlobalAvgPoolOp op);
  mlir::FailureOr<mlir::Value> lowerConcat(QConcatOp op);
  mlir::FailureOr<mlir::Value> lowerPad(QPadOp op);
  mlir::FailureOr<mlir::Value> lowerTranspose(TransposeOp op);
  mlir::FailureOr<mlir::Value> lowerSlice(SliceOp op);
  mlir::FailureOr<mlir::Value> lowerReshape(ReshapeOp op);

  mlir::OpBuilder &builder;
  llvm::ArrayRef<std::string> features;
  mlir::IRMapping mapping;
  llvm::SmallPtrSet<mlir::Operation *, 32> created;
};

} // namespace qcc::kernels

#endif // QCC_LIB_DIALECT_QCC_TRANSFORMS_KERNELLOWERING_H
