//===- RaiseComposites.cpp - decomposed layers back into single ops -------===//
//
// This file implements qcc-raise-composites. Exporters spell some layers
// as chains of elementwise ops (PyTorch's LayerNorm and exact GELU at opset
// 13, and a linear layer on a 3-D input as MatMul + Add); quantization
// gives each op of a chain its own 8-bit grid, which ruins them, while the
// whole layer quantizes well. The patterns here find the chains and put
// the single op back:
//
//   add(mul(div(sub(x, mean(x)), sqrt(add(mean(pow(sub, 2)), eps))), g), b)
//       -> layer_norm(x, g, b)
//   mul(mul(x, add(erf(div(x, sqrt 2)), 1)), 0.5)    -> gelu(x)
//   [fake_quant](add(matmul(x, transpose(W)), b))    -> reshape(
//       [fake_quant](fully_connected(reshape(x), W, b)))
//
// Each pattern matches only when the chain's intermediate values have no
// other reader, and only with the constants the layer implies.
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
#define GEN_PASS_DEF_RAISECOMPOSITES
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

/// The value of a float constant holding one number (any shape, splat).
std::optional<float> scalarConstant(Value value) {
  DenseFPElementsAttr attr;
  if (!matchPattern(value, m_Constant(&attr)) || !attr.isSplat())
    return std::nullopt;
  return attr.getSplatValue<float>();
}

bool isScalar(Value value, float expected) {
  std::optional<float> v = scalarConstant(value);
  return v && std::abs(*v - expected) <= 1e-6f * std::abs(expected);
}

template <typename OpTy> OpTy definedBy(Value value) {
  return value ? value.getDefiningOp<OpTy>() : OpTy();
}

bool isConstant(Value value) { return matchPattern(value, m_Constant()); }

/// A mean over the last dimension only, keeping it.
bool isLastAxisMean(ReduceMeanOp mean) {
  if (!mean)
    return false;
  auto type = cast<RankedTensorType>(mean.getInput().getType());
  return mean.getAxes() == ArrayRef<int64_t>{type.getRank() - 1} &&
         cast<RankedTensorType>(mean.getType()).getRank() == type.getRank();
}

/// add(mul(normalized, gamma), beta) with `normalized` the decomposed
/// standardization of x over its last dimension.
struct RaiseLayerNorm : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [scaled, beta] : {std::pair(add.getLhs(), add.getRhs()),
                                std::pair(add.getRhs(), add.getLhs())}) {
      auto mul = definedBy<MulOp>(scaled);
      if (!mul || !isConstant(beta) || !mul->hasOneUse())
        continue;
      for (auto [normalized, gamma] : {std::pair(mul.getLhs(), mul.getRhs()),
                                       std::pair(mul.getRhs(), mul.getLhs())}) {
        auto div = definedBy<DivOp>(normalized);
        if (!div || !isConstant(gamma))
          continue;
        auto sub = definedBy<SubOp>(div.getLhs());
        auto sqrt = definedBy<SqrtOp>(div.getRhs());
        auto plusEps = definedBy<AddOp>(sqrt ? sqrt.getInput() : Value());
        if (!sub || !sqrt || !plusEps)
          continue;
        auto mean = definedBy<ReduceMeanOp>(sub.getRhs());
        if (!isLastAxisMean(mean) || mean.getInput() != sub.getLhs())
          continue;
        auto variance = definedBy<ReduceMeanOp>(plusEps.getLhs());
        std::optional<float> eps = scalarConstant(plusEps.getRhs());
        auto square = definedBy<PowOp>(variance ? variance.getInput() : Value());
        if (!isLastAxisMean(variance) || !eps || !square ||
            square.getLhs() != sub.getResult() ||
            !isScalar(square.getRhs(), 2.0f))
          continue;
        Value x = sub.getLhs();
        int64_t axis = cast<RankedTensorType>(x.getType()).getRank() - 1;
        // layer_norm wants γ and β shaped like the normalized dimension.
        int64_t size = cast<RankedTensorType>(x.getType()).getDimSize(axis);
        auto isVector = [&](Value v) {
          return cast<RankedTensorType>(v.getType()).getShape() ==
                 ArrayRef<int64_t>(size);
        };
        if (!isVector(gamma) || !isVector(beta))
          continue;
        rewriter.replaceOpWithNewOp<LayerNormOp>(
            add, add.getType(), x, gamma, beta,
            rewriter.getI64IntegerAttr(axis), rewriter.getF32FloatAttr(*eps));
        return success();
      }
    }
    return failure();
  }
};

/// mul(mul(x, add(erf(div(x, sqrt 2)), 1)), 0.5), in any operand order.
struct RaiseGelu : OpRewritePattern<MulOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(MulOp half,
                                PatternRewriter &rewriter) const override {
    for (auto [product, constant] : {std::pair(half.getLhs(), half.getRhs()),
                                     std::pair(half.getRhs(), half.getLhs())}) {
      auto mul = definedBy<MulOp>(product);
      if (!mul || !isScalar(constant, 0.5f))
        continue;
      for (auto [x, factor] : {std::pair(mul.getLhs(), mul.getRhs()),
                               std::pair(mul.getRhs(), mul.getLhs())}) {
        auto onePlus = definedBy<AddOp>(factor);
        if (!onePlus)
          continue;
        Value erfValue = isScalar(onePlus.getRhs(), 1.0f)   ? onePlus.getLhs()
                         : isScalar(onePlus.getLhs(), 1.0f) ? onePlus.getRhs()
                                                            : Value();
        auto erf = definedBy<ErfOp>(erfValue);
        auto div = definedBy<DivOp>(erf ? erf.getInput() : Value());
        if (!div || div.getLhs() != x ||
            !isScalar(div.getRhs(), static_cast<float>(M_SQRT2)))
          continue;
        rewriter.replaceOpWithNewOp<GeluOp>(half, half.getType(), x);
        return success();
      }
    }
    return failure();
  }
};

/// [fake_quant](add(matmul(x, transpose(W)), b)) with constant-derived W
/// (N x K) and b (N): a fully-connected layer on the rows of x.
struct RaiseLinear : OpRewritePattern<AddOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(AddOp add,
                                PatternRewriter &rewriter) const override {
    for (auto [product, bias] : {std::pair(add.getLhs(), add.getRhs()),
                                 std::pair(add.getRhs(), add.getLhs())}) {
      auto matmul = definedBy<MatMulOp>(product);
      if (!matmul || !matmul->hasOneUse() || !isWeight(bias))
        continue;
      // The weight as fully_connected takes it, N x K: PyTorch's W under a
      // transpose, or a float model's folded W^T (K x N) transposed here.
      auto transpose = definedBy<TransposeOp>(matmul.getRhs());
      DenseElementsAttr folded;
      if (transpose ? transpose.getPerm() != ArrayRef<int64_t>{1, 0} ||
                          !isWeight(transpose.getInput())
                    : !matchPattern(matmul.getRhs(), m_Constant(&folded)) ||
                          !folded.getElementType().isF32())
        continue;
      auto x = cast<RankedTensorType>(matmul.getLhs().getType());
      auto rhs = cast<RankedTensorType>(matmul.getRhs().getType());
      auto biasType = cast<RankedTensorType>(bias.getType());
      if (rhs.getRank() != 2)
        continue;
      int64_t k = rhs.getDimSize(0), n = rhs.getDimSize(1);
      if (x.getRank() < 2 || biasType.getRank() != 1 ||
          biasType.getDimSize(0) != n)
        continue;
      Location loc = add.getLoc();
      Value w = transpose ? transpose.getInput()
                          : transposed(rewriter, loc, folded);
      Type f32 = rewriter.getF32Type();
      int64_t rows = x.getNumElements() / k;
      Value flat = ReshapeOp::create(rewriter, loc,
                                     RankedTensorType::get({rows, k}, f32),
                                     matmul.getLhs());
      Value fc = FullyConnectedOp::create(
          rewriter, loc, RankedTensorType::get({rows, n}, f32), flat, w, bias,
          /*clamp_min=*/nullptr,
          /*clamp_max=*/nullptr);
      // The layer's quantizer moves onto the fully-connected output, where
      // quantization expects it.
      Operation *root = add;
      if (add->hasOneUse())
        if (auto fq = dyn_cast<FakeQuantOp>(*add->getUsers().begin());
            fq && !isa<quant::UniformQuantizedPerAxisType>(fq.getQuant())) {
          fc = FakeQuantOp::create(rewriter, fq.getLoc(), fc, fq.getQuant());
          root = fq;
        }
      rewriter.replaceOpWithNewOp<ReshapeOp>(root, add.getType(), fc);
      return success();
    }
    return failure();
  }

  /// The 2-D float constant `values` transposed.
  static Value transposed(PatternRewriter &rewriter, Location loc,
                          DenseElementsAttr values) {
    auto type = cast<RankedTensorType>(values.getType());
    int64_t rows = type.getDimSize(0), cols = type.getDimSize(1);
    std::vector<float> in(values.getValues<float>().begin(),
                          values.getValues<float>().end());
    std::vector<float> out(in.size());
    for (int64_t i = 0; i < rows; ++i)
      for (int64_t j = 0; j < cols; ++j)
        out[j * rows + i] = in[i * cols + j];
    auto result = RankedTensorType::get({cols, rows}, type.getElementType());
    return arith::ConstantOp::create(
        rewriter, loc, result, DenseElementsAttr::get(result, ArrayRef(out)));
  }

  /// A constant, a fake_quant of one, or the dequantized stored integers
  /// of a convert()ed model.
  static bool isWeight(Value value) {
    if (auto dq = value.getDefiningOp<DequantizeOp>())
      return isConstant(dq.getInput());
    if (auto fq = value.getDefiningOp<FakeQuantOp>())
      value = fq.getInput();
    return isConstant(value);
  }
};

struct RaiseComposites : qcc::impl::RaiseCompositesBase<RaiseComposites> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RaiseLayerNorm, RaiseGelu, RaiseLinear>(&getContext());
    if (failed(applyPatternsGreedily(getOperation(), std::move(patterns))))
      signalPassFailure();
  }
};

} // namespace
