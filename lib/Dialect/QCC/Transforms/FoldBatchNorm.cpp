//===- FoldBatchNorm.cpp - fold batch norm into convolutions --------------===//
//
// This file implements qcc-fold-batch-norm: inference batch normalization
// after a convolution or fully-connected layer becomes part of that layer's
// weights and bias (float models), or of its bias alone (PyTorch's QAT
// export, whose weights already carry the scale).
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

namespace qcc {
#define GEN_PASS_DEF_FOLDBATCHNORM
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

/// The float elements of a constant value, or nothing.
std::optional<std::vector<float>> constantFloats(Value value) {
  DenseElementsAttr attr;
  if (!value || !matchPattern(value, m_Constant(&attr)) ||
      !attr.getElementType().isF32())
    return std::nullopt;
  return std::vector<float>(attr.getValues<float>().begin(),
                            attr.getValues<float>().end());
}

/// A batch norm's per-channel scale s = γ / sqrt(σ² + ε) and shift
/// β - μ·s, so that batch_norm(z) = s·z + shift.
struct Affine {
  std::vector<double> scale, shift;
};
std::optional<Affine> affineOf(BatchNormOp bn) {
  auto gamma = constantFloats(bn.getScale()), beta = constantFloats(bn.getBias());
  auto mean = constantFloats(bn.getMean()), var = constantFloats(bn.getVariance());
  if (!gamma || !beta || !mean || !var)
    return std::nullopt;
  Affine a;
  double eps = bn.getEpsilon().convertToFloat();
  for (size_t c = 0; c < gamma->size(); ++c) {
    double s = (*gamma)[c] / std::sqrt(static_cast<double>((*var)[c]) + eps);
    a.scale.push_back(s);
    a.shift.push_back((*beta)[c] - (*mean)[c] * s);
  }
  return a;
}

Value floatConstant(PatternRewriter &rewriter, Location loc,
                    ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return arith::ConstantOp::create(rewriter, loc, type,
                                   DenseElementsAttr::get(type, values));
}

/// The bias of a producer (zeros when it has none), or nothing when it is
/// not constant.
std::optional<std::vector<float>> biasOf(Value bias, int64_t channels) {
  if (!bias)
    return std::vector<float>(channels, 0.0f);
  return constantFloats(bias);
}

/// Whether `op` clamps its result: batch norm cannot move across a clamp.
bool hasActivation(FusedActivationOpInterface op) {
  return op.getActivationMin() || op.getActivationMax();
}

/// Float models: conv2d / fully_connected with constant weights, then
/// batch_norm. Output channel c of the weights is scaled by s[c].
template <typename OpTy>
struct FoldIntoWeights : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto producer = bn.getInput().getDefiningOp<OpTy>();
    if (!producer || !producer->hasOneUse() || hasActivation(producer))
      return failure();
    auto weights = constantFloats(producer.getWeight());
    std::optional<Affine> affine = affineOf(bn);
    if (!weights || !affine)
      return failure();
    int64_t channels = affine->scale.size();
    auto bias = biasOf(producer.getBias(), channels);
    if (!bias)
      return failure();
    // Weights are laid out output channel first (OIHW, or N x K).
    int64_t perChannel = weights->size() / channels;
    for (int64_t c = 0; c < channels; ++c) {
      for (int64_t i = 0; i < perChannel; ++i)
        (*weights)[c * perChannel + i] *= affine->scale[c];
      (*bias)[c] = (*bias)[c] * affine->scale[c] + affine->shift[c];
    }
    Location loc = bn.getLoc();
    auto weightType = cast<RankedTensorType>(producer.getWeight().getType());
    Value w = floatConstant(rewriter, loc, weightType.getShape(), *weights);
    Value b = floatConstant(rewriter, loc, {channels}, *bias);
    rewriter.modifyOpInPlace(producer, [&] {
      producer.getWeightMutable().assign(w);
      if (producer.getBias())
        producer.getBiasMutable().assign(b);
      else
        producer.getBiasMutable().append(b);
    });
    rewriter.replaceOp(bn, producer.getResult());
    return success();
  }
};

/// PyTorch's QAT export: conv2d(x, W', b) → div(c) → [add(b0)] → batch_norm,
/// with W' = W·γ/σ already. batch_norm(y / c + b0) = (s/c)·y + s·b0 + shift,
/// and s/c is 1, so only the bias changes. The add is the convolution's own
/// bias (`bias=True`, PyTorch's default), which the QAT module adds after
/// undoing the scale.
struct FoldQatConvBatchNorm : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    int64_t channels = bn.getScale().getType().getNumElements();
    Value input = bn.getInput();
    auto add = input.getDefiningOp<AddOp>();
    std::optional<std::vector<float>> convBias = std::vector<float>(channels);
    if (add) {
      if (!add->hasOneUse() || add.getType() != add.getLhs().getType())
        return failure();
      convBias = constantFloats(add.getRhs());
      input = add.getLhs();
    }
    auto div = input.getDefiningOp<DivOp>();
    if (!div || !div->hasOneUse() || !convBias ||
        static_cast<int64_t>(convBias->size()) != channels)
      return failure();
    auto conv = div.getLhs().getDefiningOp<Conv2DOp>();
    auto divisor = constantFloats(div.getRhs());
    std::optional<Affine> affine = affineOf(bn);
    if (!conv || !conv->hasOneUse() || hasActivation(conv) || !divisor ||
        !affine || div.getType() != conv.getType() ||
        static_cast<int64_t>(divisor->size()) != channels)
      return failure();
    auto bias = biasOf(conv.getBias(), channels);
    if (!bias)
      return failure();
    for (int64_t c = 0; c < channels; ++c) {
      double ratio = affine->scale[c] / (*divisor)[c];
      if (!(std::abs(ratio - 1.0) <= 1e-5))
        return rewriter.notifyMatchFailure(
            bn, "the divisor is not the batch norm's γ/σ");
      (*bias)[c] = (*bias)[c] * ratio + affine->scale[c] * (*convBias)[c] +
                   affine->shift[c];
    }
    Value b = floatConstant(rewriter, bn.getLoc(), {channels}, *bias);
    rewriter.modifyOpInPlace(conv, [&] {
      if (conv.getBias())
        conv.getBiasMutable().assign(b);
      else
        conv.getBiasMutable().append(b);
    });
    rewriter.replaceOp(bn, conv.getResult());
    if (add)
      rewriter.eraseOp(add);
    rewriter.eraseOp(div);
    return success();
  }
};

struct FoldBatchNorm : qcc::impl::FoldBatchNormBase<FoldBatchNorm> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldIntoWeights<Conv2DOp>, FoldIntoWeights<FullyConnectedOp>,
                 FoldQatConvBatchNorm>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
