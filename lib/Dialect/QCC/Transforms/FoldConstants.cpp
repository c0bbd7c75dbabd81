//===- FoldConstants.cpp - compute ops on constants at compile time -------===//
//
// This file implements qcc-fold-constants: a float-level op whose operands
// are all dense constants is evaluated by the reference interpreter and
// replaced with a constant of its result.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "qcc/Interpreter/Interpreter.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/IR/Matchers.h"

#include <memory>

namespace qcc {
#define GEN_PASS_DEF_FOLDCONSTANTS
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

/// Whether `type` is a tensor the float level computes with: f32 or a
/// signless integer, never a quantized type.
bool isPlainTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || !tensor.hasStaticShape())
    return false;
  Type element = tensor.getElementType();
  return element.isF32() || element.isSignlessInteger();
}

/// The constant `tensor` as an attribute of `type`.
DenseElementsAttr toAttr(RankedTensorType type, const interp::Tensor &tensor) {
  if (tensor.isFloat())
    return DenseElementsAttr::get(type, ArrayRef<float>(tensor.floats));
  unsigned width = type.getElementType().getIntOrFloatBitWidth();
  SmallVector<APInt> values;
  values.reserve(tensor.ints.size());
  for (int64_t v : tensor.ints)
    values.push_back(APInt(width, v, /*isSigned=*/true, /*implicitTrunc=*/true));
  return DenseElementsAttr::get(type, values);
}

bool foldable(Operation *op) {
  if (!isa<QCCDialect>(op->getDialect()) || isa<FakeQuantOp>(op) ||
      op->getNumResults() != 1 || op->getNumRegions() != 0 ||
      op->getNumOperands() == 0 || !isPlainTensor(op->getResult(0).getType()))
    return false;
  return llvm::all_of(op->getOperands(), [](Value v) {
    return isPlainTensor(v.getType()) && v.getDefiningOp<arith::ConstantOp>();
  });
}

struct FoldConstants : qcc::impl::FoldConstantsBase<FoldConstants> {
  void runOnOperation() override {
    // Each constant's value, held where later insertions cannot move it:
    // an op's operands point into this map while it grows.
    llvm::DenseMap<Value, std::unique_ptr<interp::Tensor>> known;
    auto valueOf = [&](Value v) -> FailureOr<const interp::Tensor *> {
      std::unique_ptr<interp::Tensor> &slot = known[v];
      if (!slot) {
        FailureOr<interp::Tensor> t =
            interp::evaluate(v.getDefiningOp<arith::ConstantOp>(), {});
        if (failed(t))
          return failure();
        slot = std::make_unique<interp::Tensor>(std::move(*t));
      }
      return slot.get();
    };
    for (Operation &opRef :
         llvm::make_early_inc_range(getOperation().getBody().front())) {
      Operation *op = &opRef;
      if (!foldable(op))
        continue;
      SmallVector<const interp::Tensor *> operands;
      for (Value operand : op->getOperands()) {
        FailureOr<const interp::Tensor *> t = valueOf(operand);
        if (failed(t))
          return signalPassFailure();
        operands.push_back(*t);
      }
      // An op the interpreter does not know stays for a later pass (or a
      // later error) to name; it is not this pass's failure.
      std::optional<interp::Tensor> result;
      {
        ScopedDiagnosticHandler quiet(&getContext(),
                                      [](Diagnostic &) { return success(); });
        FailureOr<interp::Tensor> r = interp::evaluate(op, operands);
        if (succeeded(r))
          result = std::move(*r);
      }
      if (!result)
        continue;
      OpBuilder builder(op);
      auto type = cast<RankedTensorType>(op->getResult(0).getType());
      auto constant = arith::ConstantOp::create(builder, op->getLoc(), type,
                                                toAttr(type, *result));
      known[constant.getResult()] =
          std::make_unique<interp::Tensor>(std::move(*result));
      op->getResult(0).replaceAllUsesWith(constant.getResult());
      op->erase();
    }
  }
};

} // namespace
