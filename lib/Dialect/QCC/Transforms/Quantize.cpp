//===- Quantize.cpp - fake-quantized float graph to integer ops -----------===//
//
// This file implements qcc-quantize. It walks the function once, keeping for
// every float value that sits on a quantization grid its integer twin (the
// stored integers, same shape and layout). A fake_quant gets its twin from
// what it quantizes: a model input (qcc.quantize), a constant (qconstant),
// or an anchor op lowered to its integer op with the fake_quant's type as
// output and the op's fused activation as output clamp. Layout ops pass
// twins through. Returned values are dequantized; the float ops left
// without users are removed. It expects qcc-fuse-activation and
// qcc-propagate-ranges to have run (qcc-quantize-pipeline runs them).
//
//===----------------------------------------------------------------------===//

#include "Quantizer.h"

#include "qcc/Dialect/QCC/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

#include <cmath>
#include <optional>

namespace qcc {
#define GEN_PASS_DEF_QUANTIZE
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

using namespace qcc::quantizer;

namespace qcc::quantizer {

LogicalResult Quantizer::run() {
  for (Operation &op : llvm::make_early_inc_range(func.getBody().front())) {
    builder.setInsertionPoint(&op);
    if (failed(visit(&op)))
      return failure();
  }
  return success();
}

LogicalResult Quantizer::visit(Operation *op) {
  return llvm::TypeSwitch<Operation *, LogicalResult>(op)
      .Case([&](FakeQuantOp fq) { return visitFakeQuant(fq); })
      .Case([&](DequantizeOp dq) {
        // Stored integers (converted models' weights) are their own twin.
        twins[dq.getResult()] = dq.getInput();
        return success();
      })
      .Case<MaxPoolOp, ReshapeOp, TransposeOp, SliceOp>([&](Operation *o) {
        // Value-preserving ops keep their input's quantization.
        auto it = twins.find(o->getOperand(0));
        if (it == twins.end())
          return success();
        Value in = it->second;
        Type type = withElement(o->getResult(0).getType(), elementOf(in));
        Value twin =
            llvm::TypeSwitch<Operation *, Value>(o)
                .Case([&](MaxPoolOp p) {
                  Value nhwc = transpose(in, kToNHWC);
                  Type pooledType = permuted(type, kToNHWC);
                  Value pooled = QMaxPoolOp::create(
                      builder, p.getLoc(), pooledType,
                      nhwc, p.getKernel(), p.getStrides(), p.getPads());
                  return transpose(pooled, kToNCHW);
                })
                .Case([&](ReshapeOp r) {
                  return ReshapeOp::create(builder, r.getLoc(), type, in)
                      .getResult();
                })
                .Case([&](TransposeOp t) { return transpose(in, t.getPerm()); })
                .Case([&](SliceOp s) {
                  return SliceOp::create(builder, s.getLoc(), type, in,
                                         s.getOffsets(), s.getSizes(),
                                         s.getStrides())
                      .getResult();
                });
        twins[o->getResult(0)] = twin;
        return success();
      })
      .Case([&](func::ReturnOp ret) -> LogicalResult {
        for (OpOperand &operand : ret->getOpOperands()) {
          // Outputs that are integers already (QOperator models) stay.
          if (!isa<FloatType>(getElementTypeOrSelf(operand.get().getType())))
            continue;
          auto it = twins.find(operand.get());
          if (it == twins.end())
            return ret.emitError("output #")
                   << operand.getOperandNumber()
                   << " is not quantized (no fake_quant before it; run "
                      "qcc-propagate-ranges first)";
          operand.set(DequantizeOp::create(builder, ret.getLoc(),
                                           operand.get().getType(),
                                           it->second));
        }
        return success();
      })
      .Default([](Operation *) { return success(); });
}

LogicalResult Quantizer::visitFakeQuant(FakeQuantOp fq) {
  Value in = fq.getInput();
  auto type = cast<quant::QuantizedType>(fq.getQuant());
  auto floatType = cast<RankedTensorType>(in.getType());
  Value twin;
  if (auto it = twins.find(in); it != twins.end()) {
    // Already on a grid: the same one, or a rescale.
    twin = it->second;
    if (elementOf(twin) != type) {
      auto out = dyn_cast<UniformType>(type);
      auto from = dyn_cast<UniformType>(elementOf(twin));
      if (!out || !from)
        return fq.emitError("cannot requantize between per-axis types");
      FailureOr<RequantAttr> requant =
          requantFor(fq, from.getScale(), {1.0}, out, std::nullopt,
                     std::nullopt);
      if (failed(requant))
        return failure();
      twin = RequantizeOp::create(builder, fq.getLoc(),
                                  withElement(floatType, out), twin, *requant);
    }
  } else if (isa<BlockArgument>(in)) {
    if (!isa<UniformType>(type))
      return fq.emitError("a model input must be quantized per tensor");
    twin = QuantizeOp::create(builder, fq.getLoc(),
                              withElement(floatType, type), in);
  } else if (auto values = floatConstant(in)) {
    twin = quantizedConstant(fq.getLoc(), *values, floatType, type);
  } else {
    // An anchor op: lowered to its integer op with this output type.
    Operation *anchor = in.getDefiningOp();
    if (!anchor)
      return fq.emitError("cannot quantize this value: it is not computed "
                          "by an op the pass lowers");
    // A function of one quantized tensor becomes a table; other anchors
    // their integer op.
    std::optional<PointwiseChain> chain = pointwiseChain(
        anchor, [&](Value v) { return twins.count(v) > 0; });
    auto out = dyn_cast<UniformType>(type);
    FailureOr<Value> lowered =
        chain && out && out.getStorageTypeIntegralWidth() == 8 &&
                tabulates(*chain)
            ? lowerTable(*chain, out)
            : lowerAnchor(anchor, type);
    if (failed(lowered))
      return failure();
    twin = *lowered;
  }
  twins[fq.getResult()] = twin;
  return success();
}

LogicalResult Quantizer::checkAccumulator(Operation *op, Value x, Value w,
                                          Value bias, int64_t channels) {
  auto in = cast<UniformType>(elementOf(x));
  quant::QuantizedType wType = elementOf(w);
  Grid wGrid = gridOf(wType);
  int64_t zx = in.getZeroPoint();
  int64_t inMin = in.getStorageTypeMin(), inMax = in.getStorageTypeMax();
  double maxDev = std::max(std::abs(inMin - zx), std::abs(inMax - zx));
  double maxRaw = std::max(std::abs(inMin), std::abs(inMax));
  int64_t elements = cast<RankedTensorType>(w.getType()).getNumElements();
  int64_t depth = elements / channels;
  // The stored weights when they are constants; the storage range bounds
  // them otherwise.
  std::vector<int64_t> stored;
  if (auto qc = w.getDefiningOp<QConstantOp>())
    for (const APInt &v : qc.getValue().getValues<APInt>())
      stored.push_back(wType.isSigned() ? v.getSExtValue() : v.getZExtValue());
  std::vector<int32_t> biases;
  DenseElementsAttr biasValues;
  if (bias && matchPattern(bias, m_Constant(&biasValues)))
    biases.assign(biasValues.getValues<int32_t>().begin(),
                  biasValues.getValues<int32_t>().end());
  for (int64_t c = 0; c < channels; ++c) {
    int64_t zw = wGrid.zeroPoints[wGrid.axis < 0 ? 0 : c];
    double deviations = 0, magnitudes = 0;
    for (int64_t k = 0; k < depth; ++k) {
      int64_t q = stored.empty() ? std::max(std::abs(wType.getStorageTypeMin()),
                                            std::abs(wType.getStorageTypeMax()))
                                 : stored[c * depth + k];
      deviations += std::abs(q - zw);
      magnitudes += std::abs(q);
    }
    double b = biases.empty() ? 0.0 : std::abs(static_cast<double>(biases[c]));
    // The accumulator Σ(w - Z_w)(x - Z_x) + b, and the sum of raw products
    // that kernels accumulate before the zero-point terms folded into b.
    double bound = std::max(deviations * maxDev + b,
                            magnitudes * maxRaw + b + std::abs(zx) * magnitudes);
    if (bound > static_cast<double>(INT32_MAX))
      return op->emitError("cannot quantize: the int32 accumulator of output "
                           "channel ")
             << c << " can reach " << static_cast<int64_t>(bound) << " ("
             << depth << " products of 8-bit values); split the layer";
  }
  return success();
}

Value Quantizer::negate(Value v, Location loc) {
  // q -> qmin + qmax - q with Z -> qmin + qmax - Z: S·(q' - Z') = -S·(q - Z)
  // for every stored value (a bitwise not of int8, 255 - q of uint8).
  auto type = cast<UniformType>(elementOf(v));
  int64_t lo = type.getStorageTypeMin(), hi = type.getStorageTypeMax();
  int64_t base = type.isSigned() ? -128 : 0;
  SmallVector<int32_t> table;
  for (int64_t q = base; q < base + 256; ++q)
    table.push_back(static_cast<int32_t>(std::clamp(lo + hi - q, lo, hi)));
  auto mirrored = UniformType::get(
      type.getFlags(), type.getStorageType(), type.getExpressedType(),
      type.getScale(), lo + hi - type.getZeroPoint(), lo, hi);
  return QLookupOp::create(builder, loc, withElement(v.getType(), mirrored), v,
                           table);
}

Value Quantizer::transpose(Value v, ArrayRef<int64_t> perm) {
  return TransposeOp::create(builder, v.getLoc(), permuted(v.getType(), perm),
                             v, perm);
}

Value Quantizer::quantizedConstant(Location loc, ArrayRef<float> values,
                                   RankedTensorType floatType,
                                   quant::QuantizedType type) {
  Grid grid = gridOf(type);
  ArrayRef<int64_t> shape = floatType.getShape();
  int64_t inner = 1;
  if (grid.axis >= 0)
    for (size_t d = grid.axis + 1; d < shape.size(); ++d)
      inner *= shape[d];
  unsigned width = type.getStorageTypeIntegralWidth();
  SmallVector<APInt> stored;
  for (size_t i = 0; i < values.size(); ++i) {
    size_t c = grid.axis < 0 ? 0 : (i / inner) % shape[grid.axis];
    int64_t q = quantizeLinear(values[i], grid.scales[c], grid.zeroPoints[c],
                               type.getStorageTypeMin(),
                               type.getStorageTypeMax());
    stored.push_back(APInt(width, static_cast<uint64_t>(q), type.isSigned(),
                           /*implicitTrunc=*/true));
  }
  auto storageType =
      RankedTensorType::get(shape, builder.getIntegerType(width));
  return QConstantOp::create(builder, loc, withElement(floatType, type),
                             DenseIntElementsAttr::get(storageType, stored));
}

FailureOr<Value> Quantizer::twinOf(Value value, Operation *user,
                                   StringRef role) {
  auto it = twins.find(value);
  if (it != twins.end())
    return it->second;
  return user->emitError("cannot quantize: its ")
         << role << " is not quantized (no fake_quant before it)";
}

FailureOr<Value> Quantizer::twinOrConstant(Value value, Operation *user,
                                           StringRef role, UniformType like,
                                           UniformType grid) {
  std::optional<std::vector<float>> values = floatConstant(value);
  if (twins.count(value) || !values)
    return twinOf(value, user, role);
  if (!grid) {
    float lo = 0, hi = 0;
    for (float v : *values) {
      lo = std::min(lo, v);
      hi = std::max(hi, v);
    }
    grid = rangeType(builder.getContext(), lo, hi, like.isSigned());
  }
  return quantizedConstant(user->getLoc(), *values,
                           cast<RankedTensorType>(value.getType()), grid);
}

FailureOr<std::pair<Value, UniformType>>
Quantizer::uniformTwinOf(Value value, Operation *user) {
  FailureOr<Value> twin = twinOf(value, user, "input");
  if (failed(twin))
    return failure();
  auto type = dyn_cast<UniformType>(elementOf(*twin));
  if (!type)
    return user->emitError("cannot quantize: its input must be quantized "
                           "per tensor");
  return std::make_pair(*twin, type);
}

FailureOr<RequantAttr> Quantizer::requantFor(Operation *op, double inScale,
                                             ArrayRef<double> weightScales,
                                             UniformType out,
                                             std::optional<float> lo,
                                             std::optional<float> hi) {
  // The activation's bounds on the output grid: fake_quant is monotonic, so
  // fake_quant(clamp(y)) == clamp(fake_quant(y)) with quantized bounds.
  int64_t qmin = out.getStorageTypeMin(), qmax = out.getStorageTypeMax();
  if (lo)
    qmin = std::max(qmin, quantizeLinear(*lo, out.getScale(),
                                         out.getZeroPoint(), qmin, qmax));
  if (hi)
    qmax = std::min(qmax, quantizeLinear(*hi, out.getScale(),
                                         out.getZeroPoint(), qmin, qmax));
  SmallVector<double> multipliers;
  for (double w : weightScales)
    multipliers.push_back(inScale * w / out.getScale());
  return buildRequant(builder.getContext(), multipliers, out.getZeroPoint(),
                      qmin, qmax, rounding, [&] { return op->emitError(); });
}

FailureOr<Value> Quantizer::biasOf(Operation *op, Value bias, double inScale,
                                   ArrayRef<double> weightScales,
                                   int64_t channels) {
  if (!bias)
    return Value();
  std::optional<std::vector<float>> values = floatConstant(bias);
  if (!values)
    return op->emitError("cannot quantize: its bias is not a constant");
  SmallVector<int32_t> stored;
  for (int64_t c = 0; c < channels; ++c) {
    double scale = inScale * weightScales[weightScales.size() == 1 ? 0 : c];
    double q = std::nearbyint((*values)[c] / scale);
    stored.push_back(static_cast<int32_t>(
        std::clamp<double>(q, INT32_MIN, INT32_MAX)));
  }
  auto type = RankedTensorType::get({channels}, builder.getI32Type());
  return arith::ConstantOp::create(builder, op->getLoc(), type,
                                   DenseElementsAttr::get(type,
                                                          ArrayRef(stored)))
      .getResult();
}

FailureOr<Value> Quantizer::lowerAnchor(Operation *anchor,
                                        quant::QuantizedType outType) {
  auto out = dyn_cast<UniformType>(outType);
  if (!out || out.getStorageTypeIntegralWidth() != 8)
    return anchor->emitError("cannot quantize: its output must be quantized "
                             "per tensor to 8 bits");
  // The activation the op applies to its result becomes the output clamp.
  std::optional<float> lo, hi;
  if (auto fused = dyn_cast<FusedActivationOpInterface>(anchor)) {
    lo = fused.getActivationMin();
    hi = fused.getActivationMax();
  } else if (std::optional<Bounds> bounds = activationBounds(anchor)) {
    lo = bounds->lo;
    hi = bounds->hi;
  }
  builder.setInsertionPointAfter(anchor);
  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(anchor)
      .Case<Conv2DOp, FullyConnectedOp>([&](auto op) -> FailureOr<Value> {
        FailureOr<Value> x = twinOf(op.getInput(), op, "input");
        FailureOr<Value> w = twinOf(op.getWeight(), op, "weight");
        if (failed(x) || failed(w))
          return failure();
        auto in = dyn_cast<UniformType>(elementOf(*x));
        if (!in)
          return op.emitError("cannot quantize: its input must be quantized "
                              "per tensor");
        quant::QuantizedType wType = elementOf(*w);
        if (wType.getStorageTypeIntegralWidth() != 8 ||
            (isa<PerAxisType>(wType) &&
             cast<PerAxisType>(wType).getQuantizedDimension() != 0))
          return op.emitError("cannot quantize: its weights must be 8-bit, "
                              "per tensor or per output channel");
        std::vector<double> wScales = gridOf(wType).scales;
        int64_t channels =
            cast<RankedTensorType>(op.getWeight().getType()).getDimSize(0);
        FailureOr<RequantAttr> requant =
            requantFor(op, in.getScale(), wScales, out, lo, hi);
        FailureOr<Value> bias =
            biasOf(op, op.getBias(), in.getScale(), wScales, channels);
        if (failed(requant) || failed(bias) ||
            failed(checkAccumulator(op, *x, *w, *bias, channels)))
          return failure();
        Type resultType = withElement(op.getType(), out);
        if constexpr (std::is_same_v<decltype(op), Conv2DOp>) {
          Value nhwc = transpose(*x, kToNHWC);
          Value ohwi = transpose(*w, kToNHWC);
          Value conv = QConv2DOp::create(
              builder, op.getLoc(), permuted(resultType, kToNHWC), nhwc,
              ohwi, *bias, op.getStrides(), op.getPads(), op.getDilations(),
              op.getGroup(), *requant);
          return transpose(conv, kToNCHW);
        } else {
          return QFullyConnectedOp::create(builder, op.getLoc(), resultType,
                                           *x, *w, *bias, *requant)
              .getResult();
        }
      })
      .Case<AvgPoolOp, GlobalAvgPoolOp>([&](auto op) -> FailureOr<Value> {
        auto twin = uniformTwinOf(op.getInput(), op);
        if (failed(twin))
          return failure();
        auto [x, in] = *twin;
        Value nhwc = transpose(x, kToNHWC);
        Type pooledType = permuted(withElement(op.getType(), out), kToNHWC);
        Value pooled;
        if constexpr (std::is_same_v<decltype(op), GlobalAvgPoolOp>) {
          // The divisor H·W goes into the multiplier: one rounding.
          auto shape = op.getInput().getType().getShape();
          double count = static_cast<double>(shape[2] * shape[3]);
          FailureOr<RequantAttr> requant =
              requantFor(op, in.getScale() / count, {1.0}, out, lo, hi);
          if (failed(requant))
            return failure();
          pooled = QGlobalAvgPoolOp::create(builder, op.getLoc(), pooledType,
                                            nhwc, *requant);
        } else {
          FailureOr<RequantAttr> requant =
              requantFor(op, in.getScale(), {1.0}, out, lo, hi);
          if (failed(requant))
            return failure();
          pooled = QAvgPoolOp::create(builder, op.getLoc(), pooledType, nhwc,
                                      op.getKernel(), op.getStrides(),
                                      op.getPads(), op.getCountIncludePad(),
                                      *requant);
        }
        return transpose(pooled, kToNCHW);
      })
      .Case<ReluOp, ClampOp>([&](Operation *op) -> FailureOr<Value> {
        // An activation of an already quantized value: a requantization to
        // the output grid whose clamp is the activation.
        auto twin = uniformTwinOf(op->getOperand(0), op);
        if (failed(twin))
          return failure();
        auto [x, in] = *twin;
        FailureOr<RequantAttr> requant =
            requantFor(op, in.getScale(), {1.0}, out, lo, hi);
        if (failed(requant))
          return failure();
        return RequantizeOp::create(builder, op->getLoc(),
                                    withElement(op->getResult(0).getType(), out),
                                    x, *requant)
            .getResult();
      })
      .Case([&](PadOp op) -> FailureOr<Value> {
        // New elements are 0, the zero point; the values keep their grid,
        // then move to the output's if it differs.
        auto twin = uniformTwinOf(op.getInput(), op);
        if (failed(twin))
          return failure();
        auto [x, in] = *twin;
        if (op.getValue().convertToFloat() != 0.0f)
          return op.emitError("cannot quantize: it pads with ")
                 << op.getValue().convertToFloat()
                 << ", not 0 (the zero point)";
        Value padded = QPadOp::create(builder, op.getLoc(),
                                      withElement(op.getType(), in), x,
                                      op.getPads());
        if (in == out)
          return padded;
        FailureOr<RequantAttr> requant =
            requantFor(op, in.getScale(), {1.0}, out, lo, hi);
        if (failed(requant))
          return failure();
        return RequantizeOp::create(builder, op.getLoc(),
                                    withElement(op.getType(), out), padded,
                                    *requant)
            .getResult();
      })
      .Case([&](ConcatOp op) -> FailureOr<Value> {
        SmallVector<Value> inputs;
        SmallVector<Attribute> requants;
        for (Value input : op.getInputs()) {
          // Constant inputs go straight to the output grid.
          FailureOr<Value> x = twinOrConstant(input, op, "input", out, out);
          if (failed(x))
            return failure();
          auto in = dyn_cast<UniformType>(elementOf(*x));
          if (!in)
            return op.emitError("cannot quantize: its inputs must be "
                                "quantized per tensor");
          FailureOr<RequantAttr> requant =
              requantFor(op, in.getScale(), {1.0}, out, lo, hi);
          if (failed(requant))
            return failure();
          inputs.push_back(*x);
          requants.push_back(*requant);
        }
        return QConcatOp::create(builder, op.getLoc(),
                                 withElement(op.getType(), out), inputs,
                                 op.getAxis(), builder.getArrayAttr(requants))
            .getResult();
      })
      .Case<AddOp, SubOp>([&](auto op) -> FailureOr<Value> {
        // A constant tensor operand (a position embedding) on its own grid.
        FailureOr<Value> a = twinOrConstant(op.getLhs(), op, "lhs", out);
        FailureOr<Value> b = twinOrConstant(op.getRhs(), op, "rhs", out);
        if (failed(a) || failed(b))
          return failure();
        auto sa = dyn_cast<UniformType>(elementOf(*a));
        auto sb = dyn_cast<UniformType>(elementOf(*b));
        if (!sa || !sb)
          return op.emitError("cannot quantize: its operands must be "
                              "quantized per tensor");
        // a - b is a + (-b), and -b is exact on the mirrored grid.
        if constexpr (std::is_same_v<decltype(op), SubOp>) {
          b = negate(*b, op.getLoc());
          sb = cast<UniformType>(elementOf(*b));
        }
        // Both inputs go to the common scale 2·max(Sa, Sb) / 2^20 (20 bits
        // of headroom keep 8-bit inputs exact), then to the output.
        constexpr int leftShift = 20;
        double twiceMax = 2 * std::max(sa.getScale(), sb.getScale());
        FailureOr<RequantAttr> inputs = buildRequant(
            builder.getContext(),
            {sa.getScale() / twiceMax, sb.getScale() / twiceMax}, 0,
            INT32_MIN, INT32_MAX, rounding, [&] { return op.emitError(); });
        FailureOr<RequantAttr> requant = requantFor(
            op, std::ldexp(twiceMax, -leftShift), {1.0}, out, lo, hi);
        if (failed(inputs) || failed(requant))
          return failure();
        auto i32 = [&](int64_t v) { return builder.getI32IntegerAttr(v); };
        return QAddOp::create(builder, op.getLoc(),
                              withElement(op.getType(), out), *a, *b,
                              i32(leftShift),
                              i32(inputs->getMultiplier()[0]),
                              i32(inputs->getShift()[0]),
                              i32(inputs->getMultiplier()[1]),
                              i32(inputs->getShift()[1]), *requant)
            .getResult();
      })
      .Default([&](Operation *op) -> FailureOr<Value> {
        return lowerSequenceAnchor(op, out, lo, hi);
      });
}

} // namespace qcc::quantizer

namespace {

struct Quantize : qcc::impl::QuantizeBase<Quantize> {
  using QuantizeBase::QuantizeBase;
  void runOnOperation() override {
    std::optional<RoundingMode> mode = symbolizeRoundingMode(rounding);
    if (!mode) {
      getOperation().emitError("unknown rounding '")
          << rounding << "' (expected double or single)";
      return signalPassFailure();
    }
    Quantizer quantizer(getOperation(), *mode);
    if (failed(quantizer.run()))
      signalPassFailure();
  }
};

} // namespace
