//===- Verification.h - checks shared by qcc op verifiers -------*- C++ -*-===//
//
// This file declares the shape and quantization checks that the verifiers of
// both dialect levels share: the float and the integer version of an op (e.g.
// conv2d and qconv2d) run the same shape rule on differently laid out
// tensors, so the rule is written once here.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_DIALECT_QCC_IR_VERIFICATION_H
#define QCC_LIB_DIALECT_QCC_IR_VERIFICATION_H

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <string>

namespace qcc::detail {

/// Prints a shape as "[1, 3, 8, 8]" for diagnostics.
std::string formatShape(llvm::ArrayRef<int64_t> shape);

/// Emits "expects <what> shape [expected] but got [actual]" on mismatch.
mlir::LogicalResult expectShape(mlir::Operation *op, llvm::StringRef what,
                                llvm::ArrayRef<int64_t> expected,
                                llvm::ArrayRef<int64_t> actual);

/// Checks a real-multiplier encoding (M0, n): M0 == 0 with n == 0, or M0 in
/// [2^30, 2^31) with n in [-31, 31].
mlir::LogicalResult
verifyMultiplier(llvm::function_ref<mlir::InFlightDiagnostic()> emitError,
                 int64_t m0, int64_t n);

/// Checks a quantized element type against the tensor shape it types: a
/// uniform per-tensor or per-axis type expressed in f32, with 8- or 32-bit
/// storage, positive finite scales, zero points inside the storage range and
/// one scale per index of the quantized dimension.
mlir::LogicalResult verifyQuantizedTensor(mlir::Operation *op,
                                          llvm::StringRef what,
                                          mlir::ShapedType type);

/// Checks an activation: a per-tensor uniform type with 8-bit storage (and
/// everything verifyQuantizedTensor checks). Returns the type on success.
mlir::FailureOr<mlir::quant::UniformQuantizedType>
verifyActivation(mlir::Operation *op, llvm::StringRef what,
                 mlir::ShapedType type);

/// Checks that the fixed-point multiplier (m0, n) encodes the real value
/// `expected` (the scale ratio the op's types imply) up to M0's rounding.
mlir::LogicalResult verifyRealMultiplier(mlir::Operation *op,
                                         llvm::StringRef what, int64_t m0,
                                         int64_t n, double expected);

/// Checks a requantization against the real multipliers its op's types
/// imply, one per output channel (`expected`): it has 1 entry (then every
/// channel's multiplier must be the same) or one per channel, each encoding
/// its channel's multiplier; it produces the zero point of `output` and
/// clamps inside its storage range.
mlir::LogicalResult verifyRequant(mlir::Operation *op, llvm::StringRef what,
                                  RequantAttr requant,
                                  llvm::ArrayRef<double> expected,
                                  mlir::quant::UniformQuantizedType output);

/// Checks the element types of a layout op (reshape, transpose, slice).
/// They are equal, except that a per-axis type's quantized dimension moves
/// to where the op puts that dimension: `mapAxis(inAxis)` gives the output
/// dimension, or nullopt when the op does not keep the dimension whole.
mlir::LogicalResult verifyLayoutElementTypes(
    mlir::Operation *op, mlir::ShapedType input, mlir::ShapedType output,
    llvm::function_ref<std::optional<int64_t>(int64_t)> mapAxis);

/// Size of a convolution or pooling output along one spatial dimension.
int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                         int64_t padBefore, int64_t padAfter,
                         int64_t dilation);

/// Checks strides (2 values > 0), pads (4 values >= 0: top, left, bottom,
/// right), dilations (2 values > 0) and, when given, a kernel (2 values > 0).
mlir::LogicalResult verifyWindowAttrs(mlir::Operation *op,
                                      llvm::ArrayRef<int64_t> kernel,
                                      llvm::ArrayRef<int64_t> strides,
                                      llvm::ArrayRef<int64_t> pads,
                                      llvm::ArrayRef<int64_t> dilations);

/// Shapes of a 2-D convolution in NCHW/OIHW order (callers with NHWC/OHWI
/// tensors permute first). Checks ranks, groups, bias and the output shape.
mlir::LogicalResult verifyConvShapes(
    mlir::Operation *op, llvm::ArrayRef<int64_t> input,
    llvm::ArrayRef<int64_t> weight, std::optional<int64_t> biasSize,
    llvm::ArrayRef<int64_t> output, llvm::ArrayRef<int64_t> strides,
    llvm::ArrayRef<int64_t> pads, llvm::ArrayRef<int64_t> dilations,
    int64_t group);

/// Shapes of a 2-D pooling in NCHW order.
mlir::LogicalResult verifyPoolShapes(mlir::Operation *op,
                                     llvm::ArrayRef<int64_t> input,
                                     llvm::ArrayRef<int64_t> output,
                                     llvm::ArrayRef<int64_t> kernel,
                                     llvm::ArrayRef<int64_t> strides,
                                     llvm::ArrayRef<int64_t> pads);

/// Shapes of x[M,K] · W[N,K]ᵀ + b[N].
mlir::LogicalResult verifyFullyConnectedShapes(mlir::Operation *op,
                                               mlir::ShapedType input,
                                               mlir::ShapedType weight,
                                               std::optional<int64_t> biasSize,
                                               mlir::ShapedType output);

/// Shapes of a batched matrix product with NumPy batch broadcasting.
mlir::LogicalResult verifyMatMulShapes(mlir::Operation *op,
                                       mlir::ShapedType lhs,
                                       mlir::ShapedType rhs,
                                       mlir::ShapedType output);

/// The result shape of an elementwise op is the broadcast of its operands.
mlir::LogicalResult verifyBroadcastShapes(mlir::Operation *op,
                                          mlir::ShapedType lhs,
                                          mlir::ShapedType rhs,
                                          mlir::ShapedType output);

/// Shapes of a concatenation along `axis`.
mlir::LogicalResult verifyConcatShapes(mlir::Operation *op,
                                       mlir::TypeRange inputs, int64_t axis,
                                       mlir::ShapedType output);

/// Shapes of a constant padding with ONNX-ordered `pads` (all begins, then
/// all ends).
mlir::LogicalResult verifyPadShapes(mlir::Operation *op,
                                    mlir::ShapedType input,
                                    llvm::ArrayRef<int64_t> pads,
                                    mlir::ShapedType output);

/// Both tensors must have the same element type (layout ops move values
/// without changing them).
mlir::LogicalResult verifySameElementType(mlir::Operation *op,
                                          mlir::ShapedType input,
                                          mlir::ShapedType output);

} // namespace qcc::detail

#endif // QCC_LIB_DIALECT_QCC_IR_VERIFICATION_H
