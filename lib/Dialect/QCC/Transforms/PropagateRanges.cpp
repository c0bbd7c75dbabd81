//===- PropagateRanges.cpp - give every quantized path a range ------------===//
//
// This file implements qcc-propagate-ranges. A tensor is "ranged" when a
// qcc.fake_quant (or a qcc.dequantize of stored integers) fixes its grid.
// Exports leave some tensors between quantization points without one; the
// pass gives each such tensor the range its op implies by inserting a
// fake_quant after it (and the readers of a fake-quantized tensor that read
// it directly its quantized form; constant weights no fake_quant quantizes
// their per-channel grid), then checks that every tensor an integer op would
// read, and every model output, is ranged (but for the inner values of a
// pointwise chain between two ranged tensors, which becomes one table). An
// unranged input of a quantized concatenation takes the concatenation's grid.
//
//===----------------------------------------------------------------------===//

#include "PassUtils.h"
#include "PointwiseChain.h"
#include "WeightGrids.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "qcc/Support/QuantizeLinear.h"

#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

namespace qcc {
#define GEN_PASS_DEF_PROPAGATERANGES
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

using UniformType = quant::UniformQuantizedType;

/// The quantized type a fake_quant or dequantize gives `value`, if any.
quant::QuantizedType rangeOf(Value value) {
  if (auto fq = value.getDefiningOp<FakeQuantOp>())
    return cast<quant::QuantizedType>(fq.getQuant());
  if (auto dq = value.getDefiningOp<DequantizeOp>())
    return cast<quant::QuantizedType>(
        getElementTypeOrSelf(dq.getInput().getType()));
  return {};
}

bool isLayoutOp(Operation *op) {
  return isa_and_present<ReshapeOp, TransposeOp, SliceOp, MaxPoolOp>(op);
}

/// Whether the quantization pass can give `value` integers: it is ranged,
/// or a layout op moves ranged values (weights are quantized per axis, and
/// their transposes and reshapes keep that).
bool isRanged(Value value) {
  while (isLayoutOp(value.getDefiningOp()) && !rangeOf(value))
    value = value.getDefiningOp()->getOperand(0);
  return static_cast<bool>(rangeOf(value));
}

/// The real interval a per-tensor type's grid spans.
std::pair<float, float> realRange(UniformType type) {
  return {dequantizeLinear(type.getStorageTypeMin(), type.getScale(),
                           type.getZeroPoint()),
          dequantizeLinear(type.getStorageTypeMax(), type.getScale(),
                           type.getZeroPoint())};
}

/// Whether `fc` takes convex combinations of its input's elements: no bias,
/// constant weights (through a fake_quant) that are nonnegative with rows
/// summing to 1, such as a linear Resize's interpolation matrices. Its
/// result stays within its input's range.
bool isConvexCombination(FullyConnectedOp fc) {
  Value weight = fc.getWeight();
  if (auto fq = weight.getDefiningOp<FakeQuantOp>())
    weight = fq.getInput();
  DenseElementsAttr values;
  if (fc.getBias() || fc.getClampMin() || fc.getClampMax() ||
      !matchPattern(weight, m_Constant(&values)) ||
      !values.getElementType().isF32())
    return false;
  int64_t k = values.getType().getShape().back();
  SmallVector<float> w(values.getValues<float>());
  for (size_t row = 0; row < w.size(); row += k) {
    double sum = 0;
    for (float v : ArrayRef(w).slice(row, k)) {
      if (v < 0)
        return false;
      sum += v;
    }
    if (std::abs(sum - 1.0) > 1e-6)
      return false;
  }
  return true;
}

/// The range an op's result gets from its inputs' ranges, or null. Value-
/// keeping ops (pools of maxima, layout, relu, clamp, zero padding) keep
/// their input's grid; averages are kept on it too (PyTorch's QAT export
/// leaves pool → flatten → linear without a quantizer), and so are convex
/// combinations (a linear Resize's products); a concat of
/// differently quantized inputs (or of constants) gets the grid that covers
/// them all.
UniformType propagated(Operation *op) {
  return llvm::TypeSwitch<Operation *, UniformType>(op)
      .Case<MaxPoolOp, AvgPoolOp, GlobalAvgPoolOp, ReshapeOp, TransposeOp,
            SliceOp, ReluOp, ClampOp, PadOp>([](Operation *o) {
        return dyn_cast_if_present<UniformType>(rangeOf(o->getOperand(0)));
      })
      .Case([](FullyConnectedOp fc) -> UniformType {
        if (!isConvexCombination(fc))
          return {};
        return dyn_cast_if_present<UniformType>(rangeOf(fc.getInput()));
      })
      .Case([](ConcatOp concat) -> UniformType {
        SmallVector<UniformType> inputs;
        float lo = 0, hi = 0;
        bool constants = false;
        for (Value input : concat.getInputs()) {
          DenseElementsAttr values;
          if (matchPattern(input, m_Constant(&values)) &&
              values.getElementType().isF32()) {
            // A constant (a ViT's class token) is quantized to the grid.
            for (float v : values.getValues<float>()) {
              lo = std::min(lo, v);
              hi = std::max(hi, v);
            }
            constants = true;
            continue;
          }
          auto type = dyn_cast_if_present<UniformType>(rangeOf(input));
          if (!type)
            return {};
          inputs.push_back(type);
        }
        if (inputs.empty())
          return {};
        if (llvm::all_equal(inputs) && !constants)
          return inputs.front();
        for (UniformType type : inputs) {
          auto [min, max] = realRange(type);
          lo = std::min(lo, min);
          hi = std::max(hi, max);
        }
        return rangeType(concat.getContext(), lo, hi,
                         inputs.front().isSigned());
      })
      .Default([](Operation *) { return UniformType(); });
}

/// The fixed grid of a bounded activation on a ranged input: sigmoid on
/// [0, 1) with scale 1/256, tanh on [-1, 1) with scale 1/128, the zero point
/// at the bottom or middle of the storage range -- PyTorch's fixed qparams
/// for these ops, so that a QAT export that leaves them without a quantizer
/// (the gates of its quantizable LSTM) gets the grids convert() uses.
UniformType boundedRange(Operation *op) {
  if (!isa<SigmoidOp, TanhOp>(op))
    return {};
  auto input = dyn_cast_if_present<UniformType>(rangeOf(op->getOperand(0)));
  if (!input)
    return {};
  bool isSigned = input.isSigned();
  int64_t qmin = isSigned ? -128 : 0, qmax = isSigned ? 127 : 255;
  bool isTanh = isa<TanhOp>(op);
  return UniformType::get(
      isSigned ? quant::QuantizationFlags::Signed : 0,
      IntegerType::get(op->getContext(), 8), Float32Type::get(op->getContext()),
      isTanh ? 1.0 / 128 : 1.0 / 256, isTanh ? qmin + 128 : qmin, qmin, qmax);
}

/// The ops inside pointwise chains between ranged tensors: they need no
/// range, the chain becomes one table from its input's grid to the
/// fake_quant's after it.
llvm::DenseSet<Operation *> tabulatedOps(Block &body) {
  llvm::DenseSet<Operation *> tabulated;
  for (Operation &op : body)
    if (op.getNumResults() == 1 && hasFakeQuantUser(op.getResult(0)))
      if (std::optional<PointwiseChain> chain = pointwiseChain(&op, isRanged))
        tabulated.insert(chain->ops.begin(), chain->ops.end());
  return tabulated;
}

struct PropagateRanges : qcc::impl::PropagateRangesBase<PropagateRanges> {
  void runOnOperation() override {
    Block &body = getOperation().getBody().front();
    quantizeConstantWeights(getOperation());
    readQuantized(body);
    insertRanges(body, propagated);
    // Bounded activations get their fixed grid only outside chains, which
    // a SiLU's sigmoid is part of, once every other range is known.
    llvm::DenseSet<Operation *> tabulated = tabulatedOps(body);
    insertRanges(body, [&](Operation *op) {
      return tabulated.contains(op) ? UniformType() : boundedRange(op);
    });
    OpBuilder builder(&getContext());
    rangeConcatInputs(body, builder);
    if (failed(checkRanged(body)))
      signalPassFailure();
  }

  /// A fake_quant on the grid `rangeFor` gives each float result that has
  /// none, in program order (so that a range feeds the next op's).
  static void
  insertRanges(Block &body,
               llvm::function_ref<UniformType(Operation *)> rangeFor) {
    OpBuilder builder(body.getParentOp()->getContext());
    for (Operation &op : llvm::make_early_inc_range(body)) {
      if (op.getNumResults() != 1 || isa<FakeQuantOp, DequantizeOp>(op))
        continue;
      Value result = op.getResult(0);
      if (!isa<FloatType>(getElementTypeOrSelf(result.getType())) ||
          hasFakeQuantUser(result))
        continue;
      UniformType type = rangeFor(&op);
      if (!type)
        continue;
      builder.setInsertionPointAfter(&op);
      auto fq = FakeQuantOp::create(builder, op.getLoc(), result, type);
      result.replaceAllUsesExcept(fq, fq);
    }
  }

  /// A value that a fake_quant quantizes but other ops read directly (a
  /// transformer's residual input, when only its linear layers were
  /// QAT-trained) has one integer form: every reader takes the quantized
  /// value.
  static void readQuantized(Block &body) {
    auto redirect = [](Value value) {
      if (matchPattern(value, m_Constant()))
        return;
      FakeQuantOp quantized;
      for (Operation *user : value.getUsers())
        if (auto fq = dyn_cast<FakeQuantOp>(user);
            fq && isa<UniformType>(fq.getQuant())) {
          quantized = fq;
          break;
        }
      if (quantized)
        value.replaceUsesWithIf(quantized, [](OpOperand &use) {
          return !isa<FakeQuantOp, QuantizeOp>(use.getOwner());
        });
    };
    for (BlockArgument arg : body.getArguments())
      redirect(arg);
    for (Operation &op : body)
      for (Value result : op.getResults())
        redirect(result);
  }

  /// A concat input that has no range (the slices of a per-channel PRelu,
  /// each a pointwise chain) takes the per-tensor grid the concatenation
  /// is quantized to: a float concat followed by a quantizer rounds every
  /// input once, to that grid.
  static void rangeConcatInputs(Block &body, OpBuilder &builder) {
    for (auto concat : body.getOps<ConcatOp>()) {
      auto user = llvm::find_if(concat->getUsers(), [](Operation *op) {
        return isa<FakeQuantOp>(op);
      });
      if (user == concat->getUsers().end())
        continue;
      auto type = dyn_cast<UniformType>(cast<FakeQuantOp>(*user).getQuant());
      if (!type)
        continue;
      for (OpOperand &input : concat->getOpOperands()) {
        Value v = input.get();
        if (matchPattern(v, m_Constant()) || isRanged(v) ||
            hasFakeQuantUser(v))
          continue;
        builder.setInsertionPoint(concat);
        input.set(FakeQuantOp::create(builder, concat.getLoc(), v, type));
      }
    }
  }

  /// Every float value an op reads must be ranged, except what a
  /// fake_quant or quantize reads (that is where ranges come from) and
  /// constants
  /// (weights get their grid from a fake_quant; biases stay float until
  /// the quantization pass quantizes them). The first one that is not is
  /// reported, in program order.
  LogicalResult checkRanged(Block &body) {
    llvm::DenseSet<Operation *> tabulated = tabulatedOps(body);
    for (Operation &op : body) {
      if (isa<FakeQuantOp, QuantizeOp>(op) || tabulated.contains(&op))
        continue;
      for (Value operand : op.getOperands()) {
        if (!isa<FloatType>(getElementTypeOrSelf(operand.getType())) ||
            matchPattern(operand, m_Constant()) || isRanged(operand))
          continue;
        op.emitError() << describeValue(operand)
                       << " has no quantization range (no fake_quant fixes "
                          "it); calibrate the model (qcc --calibrate=SAMPLES)";
        return failure();
      }
    }
    return success();
  }
};

} // namespace
