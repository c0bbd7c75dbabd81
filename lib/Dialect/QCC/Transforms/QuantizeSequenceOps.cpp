//===- QuantizeSequenceOps.cpp - transformer anchors of qcc-quantize ------===//
//
// This file lowers the anchors sequence models add to qcc-quantize:
//
// - layer_norm: `qcc.qlayer_norm`, with γ and β folded into its per-channel
//   output stage and ε into integer units;
// - a pointwise chain (gelu, sigmoid, tanh, hardswish, x·sigmoid(x), ...):
//   `qcc.qlookup`, the chain evaluated at each of the 256 input values and
//   quantized to the output grid;
// - softmax over the last axis: `qcc.qsoftmax` (output scale 1/256), then a
//   requantize to the fake_quant's grid if it differs;
// - matmul of two quantized activations: `qcc.qmatmul`;
// - mul or div: by a positive constant, a `qcc.qmul` by that constant as a
//   one-element qconstant (stored 1 with the constant as its scale), so the
//   factor joins the multiplier; of two activations, `qcc.qmul`.
//
//===----------------------------------------------------------------------===//

#include "Quantizer.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <cstdio>

namespace qcc::quantizer {

namespace {

/// The one value of a float constant holding a single number (any shape).
std::optional<float> scalarOf(Value value) {
  std::optional<std::vector<float>> values = floatConstant(value);
  if (!values || values->empty() ||
      !llvm::all_equal(*values))
    return std::nullopt;
  return values->front();
}

/// The 8-bit storage range of `type` (not a narrower declared one).
std::pair<int64_t, int64_t> storageTypeRange(UniformType type) {
  return type.isSigned() ? std::pair<int64_t, int64_t>(-128, 127)
                         : std::pair<int64_t, int64_t>(0, 255);
}

} // namespace

bool Quantizer::tabulates(const PointwiseChain &chain) {
  if (chain.ops.size() > 1)
    return true;
  Operation *op = chain.ops.front();
  // A relu or clamp is a requantization; a product with a positive
  // constant a qmul.
  if (isa<ReluOp, ClampOp>(op))
    return false;
  if (isa<MulOp, DivOp>(op)) {
    std::optional<float> factor = scalarOf(op->getOperand(1));
    if (!factor && isa<MulOp>(op))
      factor = scalarOf(op->getOperand(0));
    return !(factor && *factor > 0.0f);
  }
  return true;
}

FailureOr<Value> Quantizer::lowerTable(const PointwiseChain &chain,
                                       UniformType out) {
  Operation *root = chain.ops.back();
  auto twin = uniformTwinOf(chain.source, root);
  if (failed(twin))
    return failure();
  auto [x, in] = *twin;
  if (in.getStorageTypeIntegralWidth() != 8)
    return root->emitError("cannot quantize: a table needs an 8-bit input");
  int64_t base = storageTypeRange(in).first;
  int64_t qmin = out.getStorageTypeMin(), qmax = out.getStorageTypeMax();
  SmallVector<int32_t> table;
  for (int64_t i = 0; i < 256; ++i) {
    double real = dequantizeLinear(base + i, in.getScale(), in.getZeroPoint());
    double y = evaluate(chain, real);
    if (std::isnan(y)) {
      char at[32];
      std::snprintf(at, sizeof(at), "%g", real);
      return root->emitError("cannot quantize: its value at ")
             << at << ", which the input grid holds, is not a number";
    }
    table.push_back(static_cast<int32_t>(quantizeLinear(
        static_cast<float>(y), out.getScale(), out.getZeroPoint(), qmin,
        qmax)));
  }
  builder.setInsertionPointAfter(root);
  return QLookupOp::create(builder, root->getLoc(),
                           withElement(root->getResult(0).getType(), out), x,
                           table)
      .getResult();
}

FailureOr<Value> Quantizer::lowerSequenceAnchor(Operation *anchor,
                                                UniformType out,
                                                std::optional<float> lo,
                                                std::optional<float> hi) {
  Type resultType = withElement(anchor->getResult(0).getType(), out);
  Location loc = anchor->getLoc();
  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(anchor)
      .Case([&](LayerNormOp op) -> FailureOr<Value> {
        auto twin = uniformTwinOf(op.getInput(), op);
        if (failed(twin))
          return failure();
        auto [x, in] = *twin;
        auto type = cast<RankedTensorType>(op.getInput().getType());
        int64_t n = type.getShape().back();
        int64_t axis = op.getAxisAttr().getInt();
        if (axis < 0)
          axis += type.getRank();
        std::optional<std::vector<float>> gamma = floatConstant(op.getScale());
        std::optional<std::vector<float>> beta =
            op.getBias() ? floatConstant(op.getBias())
                         : std::vector<float>(n, 0.0f);
        if (axis != type.getRank() - 1)
          return op.emitError("cannot quantize: it normalizes more than the "
                              "last dimension");
        if (!gamma || !beta || static_cast<int64_t>(gamma->size()) != n ||
            static_cast<int64_t>(beta->size()) != n)
          return op.emitError("cannot quantize: its scale and bias must be "
                              "constants of the normalized size");
        // y = d·√N / s with s = isqrt(Σd² + ε·N³/S²); t = d·2^16/s.
        double rootN = std::sqrt(static_cast<double>(n));
        double epsilon = op.getEpsilon().convertToDouble() * std::pow(n, 3) /
                         (in.getScale() * in.getScale());
        int64_t eps = static_cast<int64_t>(
            std::llround(std::min(epsilon, std::ldexp(1.0, 62))));
        SmallVector<int32_t> signs, bias;
        SmallVector<double> magnitudes;
        for (int64_t i = 0; i < n; ++i) {
          double g = (*gamma)[i];
          double magnitude = g == 0.0 ? 1.0 : std::abs(g);
          signs.push_back(g > 0 ? 1 : g < 0 ? -1 : 0);
          magnitudes.push_back(magnitude);
          double b = std::nearbyint((*beta)[i] * 65536.0 / (magnitude * rootN));
          bias.push_back(static_cast<int32_t>(
              std::clamp<double>(b, INT32_MIN, INT32_MAX)));
        }
        FailureOr<RequantAttr> requant =
            requantFor(op, rootN / 65536.0, magnitudes, out, lo, hi);
        if (failed(requant))
          return failure();
        auto biasType = RankedTensorType::get({n}, builder.getI32Type());
        Value biasValue = arith::ConstantOp::create(
            builder, loc, biasType,
            DenseElementsAttr::get(biasType, ArrayRef(bias)));
        return QLayerNormOp::create(builder, loc, resultType, x, biasValue,
                                    eps, signs, *requant)
            .getResult();
      })
      .Case([&](SoftmaxOp op) -> FailureOr<Value> {
        auto twin = uniformTwinOf(op.getInput(), op);
        if (failed(twin))
          return failure();
        auto [x, in] = *twin;
        int64_t rank = op.getType().getRank();
        int64_t axis = op.getAxisAttr().getInt();
        if (axis != -1 && axis != rank - 1)
          return op.emitError("cannot quantize: softmax over an axis other "
                              "than the last");
        SmallVector<int32_t> expTable;
        for (int64_t i = 0; i < 256; ++i)
          expTable.push_back(static_cast<int32_t>(std::llround(
              std::exp(in.getScale() * static_cast<double>(i - 255)) *
              65536.0)));
        auto [smin, smax] = storageTypeRange(out);
        auto probabilities = UniformType::get(
            out.getFlags(), out.getStorageType(), out.getExpressedType(),
            1.0 / 256.0, smin, smin, smax);
        Value softmax =
            QSoftmaxOp::create(builder, loc,
                               withElement(op.getType(), probabilities), x,
                               expTable)
                .getResult();
        if (probabilities == out && !lo && !hi)
          return softmax;
        FailureOr<RequantAttr> requant =
            requantFor(op, 1.0 / 256.0, {1.0}, out, lo, hi);
        if (failed(requant))
          return failure();
        return RequantizeOp::create(builder, loc, resultType, softmax,
                                    *requant)
            .getResult();
      })
      .Case([&](MatMulOp op) -> FailureOr<Value> {
        auto a = uniformTwinOf(op.getLhs(), op);
        auto b = uniformTwinOf(op.getRhs(), op);
        if (failed(a) || failed(b))
          return failure();
        FailureOr<RequantAttr> requant = requantFor(
            op, a->second.getScale(), {b->second.getScale()}, out, lo, hi);
        if (failed(requant))
          return failure();
        return QMatMulOp::create(builder, loc, resultType, a->first,
                                 b->first, *requant)
            .getResult();
      })
      .Case<MulOp, DivOp>([&](Operation *op) -> FailureOr<Value> {
        bool isDiv = isa<DivOp>(op);
        Value lhs = op->getOperand(0), rhs = op->getOperand(1);
        std::optional<float> constant = scalarOf(rhs);
        if (!constant && !isDiv && (constant = scalarOf(lhs)))
          std::swap(lhs, rhs);
        auto a = uniformTwinOf(lhs, op);
        if (failed(a))
          return failure();
        Value factor;
        double factorScale;
        if (constant) {
          if (!(*constant > 0.0f))
            return op->emitError("cannot quantize: it ")
                   << (isDiv ? "divides" : "multiplies") << " by "
                   << *constant << ", not a positive number";
          // The factor is the scale of a stored 1.
          factorScale = isDiv ? 1.0 / *constant : *constant;
          auto type = RankedTensorType::get(
              {1}, UniformType::get(quant::QuantizationFlags::Signed,
                                    builder.getI8Type(), builder.getF32Type(),
                                    factorScale, 0, -128, 127));
          factor = QConstantOp::create(
                       builder, loc, type,
                       DenseIntElementsAttr::get(
                           RankedTensorType::get({1}, builder.getI8Type()),
                           ArrayRef<int8_t>{1}))
                       .getResult();
        } else if (isDiv) {
          return op->emitError("cannot quantize: it divides by a tensor");
        } else {
          // Of two activations, or of one and a constant tensor.
          FailureOr<Value> b = twinOrConstant(rhs, op, "rhs", a->second);
          if (failed(b))
            return failure();
          auto type = dyn_cast<UniformType>(elementOf(*b));
          if (!type)
            return op->emitError("cannot quantize: its rhs must be "
                                 "quantized per tensor");
          factor = *b;
          factorScale = type.getScale();
        }
        FailureOr<RequantAttr> requant = requantFor(
            op, a->second.getScale(), {factorScale}, out, lo, hi);
        if (failed(requant))
          return failure();
        return QMulOp::create(builder, loc, resultType, a->first, factor,
                              *requant)
            .getResult();
      })
      .Default([&](Operation *op) -> FailureOr<Value> {
        return op->emitError("cannot quantize '")
               << op->getName() << "' yet";
      });
}

} // namespace qcc::quantizer
