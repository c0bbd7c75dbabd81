//===- Canonicalization.cpp - rewrite patterns of the integer ops ---------===//
//
// This file holds the canonicalization patterns of the integer level. An
// elementwise op computes the same integers in any layout, so
//
//   op(transpose(a, p), transpose(b, p))  ->  transpose(op(a, b), p)
//
// for requantize, qadd and qmul whose operands are transposed alike (same
// permutation, same shape: no broadcasting). Quantization puts NHWC/NCHW
// transposes around every convolution; moving them past the residual adds
// and requantizations between convolutions lets them cancel.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;
using namespace qcc;

namespace {

template <typename OpTy>
struct SinkTranspose : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;

  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    // The tensor operands (all operands of these ops) must be transposes of
    // one shape by one permutation.
    SmallVector<Value> inputs;
    ArrayRef<int64_t> perm, shape;
    for (Value operand : op->getOperands()) {
      auto transpose = operand.template getDefiningOp<TransposeOp>();
      if (!transpose)
        return failure();
      ArrayRef<int64_t> inputShape =
          cast<ShapedType>(transpose.getInput().getType()).getShape();
      if (inputs.empty()) {
        perm = transpose.getPerm();
        shape = inputShape;
      } else if (transpose.getPerm() != perm || inputShape != shape) {
        return failure();
      }
      inputs.push_back(transpose.getInput());
    }
    auto resultType = cast<RankedTensorType>(op.getType());
    auto inner = RankedTensorType::get(shape, resultType.getElementType());
    Operation *moved = rewriter.clone(*op.getOperation());
    moved->setOperands(inputs);
    moved->getResult(0).setType(inner);
    rewriter.replaceOpWithNewOp<TransposeOp>(op, resultType,
                                             moved->getResult(0), perm);
    return success();
  }
};

} // namespace

void RequantizeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                               MLIRContext *context) {
  patterns.add<SinkTranspose<RequantizeOp>>(context);
}

void QAddOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<SinkTranspose<QAddOp>>(context);
}

void QMulOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                         MLIRContext *context) {
  patterns.add<SinkTranspose<QMulOp>>(context);
}
