//===- Eval.h - op evaluators of the reference interpreter -------*- C++ -*-===//
//
// This file declares one evaluator per qcc op, grouped by file as the ops
// are (Eval*.cpp), and the index and quantization helpers they share. An
// evaluator gets its operands as tensors and returns the result; an op it
// cannot execute is reported as an error on the op.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_LIB_INTERPRETER_EVAL_H
#define QCC_LIB_INTERPRETER_EVAL_H

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Support/QuantizeLinear.h"

namespace qcc::interp {

using Operands = llvm::ArrayRef<const Tensor *>;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

/// Row-major strides of `shape`.
std::vector<int64_t> stridesOf(llvm::ArrayRef<int64_t> shape);

/// For every element of `out` (row-major), the index of the element of a
/// tensor of shape `in` it reads under NumPy broadcasting.
std::vector<int64_t> broadcastIndex(llvm::ArrayRef<int64_t> in,
                                    llvm::ArrayRef<int64_t> out);

/// The shape of a value's ranked tensor type.
std::vector<int64_t> shapeOf(mlir::Value value);

/// The result tensor of `op` (its single result), zero-filled.
Tensor zerosLike(mlir::Value result);

/// Visits every window of a 2-D pooling over `x` (NCHW, or NHWC when
/// `nhwc`) producing `out`: `visit(out, inside, window)` gets the output
/// index, the indices of the window's elements inside the input, and the
/// window size including padding.
void forEachWindow(
    const Tensor &x, const Tensor &out, llvm::ArrayRef<int64_t> kernel,
    llvm::ArrayRef<int64_t> strides, llvm::ArrayRef<int64_t> pads, bool nhwc,
    llvm::function_ref<void(int64_t, llvm::ArrayRef<int64_t>, int64_t)> visit);

/// Calls `copy(k, from, to)` for every element of a concatenation along
/// `axis` into a result of `outShape`: element `from` of input k lands at
/// `to`.
void forEachConcatElement(
    Operands inputs, llvm::ArrayRef<int64_t> outShape, int64_t axis,
    llvm::function_ref<void(size_t, int64_t, int64_t)> copy);

/// A quantized type's parameters, one entry per channel (one for per
/// tensor) along `axis` (-1 for per tensor).
struct QuantParams {
  std::vector<double> scales;
  std::vector<int64_t> zeroPoints;
  int64_t axis = -1;
  int64_t qmin = 0, qmax = 0;
  /// The channel of element `index` of a tensor of `shape`.
  size_t channel(int64_t index, llvm::ArrayRef<int64_t> shape) const;
};
QuantParams quantParams(mlir::Type quantizedElementType);
/// The element type of a value's tensor type, as quantized parameters.
QuantParams quantParamsOf(mlir::Value value);

/// qcc_requantize with the parameters of channel `c` of `requant`.
int64_t requantize(RequantAttr requant, size_t c, int64_t acc);

//===----------------------------------------------------------------------===//
// Float level
//===----------------------------------------------------------------------===//

/// Any op of qcc/Interpreter/Pointwise.h, operands broadcast to the result.
mlir::FailureOr<Tensor> evalPointwise(mlir::Operation *op, Operands in);
mlir::FailureOr<Tensor> evalConv2D(Conv2DOp op, Operands in);
mlir::FailureOr<Tensor> evalFullyConnected(FullyConnectedOp op, Operands in);
mlir::FailureOr<Tensor> evalMatMul(MatMulOp op, Operands in);
mlir::FailureOr<Tensor> evalBatchNorm(BatchNormOp op, Operands in);
mlir::FailureOr<Tensor> evalLayerNorm(LayerNormOp op, Operands in);
mlir::FailureOr<Tensor> evalSoftmax(SoftmaxOp op, Operands in);
mlir::FailureOr<Tensor> evalReduceMean(ReduceMeanOp op, Operands in);
mlir::FailureOr<Tensor> evalMaxPool(MaxPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalAvgPool(AvgPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalGlobalAvgPool(GlobalAvgPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalPad(PadOp op, Operands in);
mlir::FailureOr<Tensor> evalConcat(ConcatOp op, Operands in);
mlir::FailureOr<Tensor> evalFakeQuant(FakeQuantOp op, Operands in);

//===----------------------------------------------------------------------===//
// Any level (layout)
//===----------------------------------------------------------------------===//

mlir::FailureOr<Tensor> evalReshape(ReshapeOp op, Operands in);
mlir::FailureOr<Tensor> evalTranspose(TransposeOp op, Operands in);
mlir::FailureOr<Tensor> evalSlice(SliceOp op, Operands in);
mlir::FailureOr<Tensor> evalConstant(mlir::Operation *op,
                                     mlir::DenseElementsAttr value);

//===----------------------------------------------------------------------===//
// Integer level
//===----------------------------------------------------------------------===//

mlir::FailureOr<Tensor> evalQuantize(QuantizeOp op, Operands in);
mlir::FailureOr<Tensor> evalDequantize(DequantizeOp op, Operands in);
mlir::FailureOr<Tensor> evalRequantize(RequantizeOp op, Operands in);
mlir::FailureOr<Tensor> evalQConv2D(QConv2DOp op, Operands in);
mlir::FailureOr<Tensor> evalQFullyConnected(QFullyConnectedOp op,
                                            Operands in);
mlir::FailureOr<Tensor> evalQMatMul(QMatMulOp op, Operands in);
mlir::FailureOr<Tensor> evalQAdd(QAddOp op, Operands in);
mlir::FailureOr<Tensor> evalQMul(QMulOp op, Operands in);
mlir::FailureOr<Tensor> evalQLookup(QLookupOp op, Operands in);
mlir::FailureOr<Tensor> evalQSoftmax(QSoftmaxOp op, Operands in);
mlir::FailureOr<Tensor> evalQLayerNorm(QLayerNormOp op, Operands in);
mlir::FailureOr<Tensor> evalQMaxPool(QMaxPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalQAvgPool(QAvgPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalQGlobalAvgPool(QGlobalAvgPoolOp op, Operands in);
mlir::FailureOr<Tensor> evalQConcat(QConcatOp op, Operands in);
mlir::FailureOr<Tensor> evalQPad(QPadOp op, Operands in);

} // namespace qcc::interp

#endif // QCC_LIB_INTERPRETER_EVAL_H
