//===- CheckIntegerOnly.cpp - no float inside an integer model ------------===//
//
// This file implements qcc-check-integer-only, which enforces the product's
// central promise after quantization: floats exist only at the model
// boundary (arguments consumed by qcc.quantize, qcc.dequantize results
// returned), never on the inference path.
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"

namespace qcc {
#define GEN_PASS_DEF_CHECKINTEGERONLY
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;

namespace {

bool isFloat(Type type) {
  return isa<FloatType>(getElementTypeOrSelf(type));
}

bool allUsersAre(Value value, function_ref<bool(Operation *)> allowed) {
  return llvm::all_of(value.getUsers(), allowed);
}

struct CheckIntegerOnly
    : qcc::impl::CheckIntegerOnlyBase<CheckIntegerOnly> {
  void runOnOperation() override {
    func::FuncOp func = getOperation();
    bool ok = true;
    for (BlockArgument arg : func.getArguments()) {
      if (!isFloat(arg.getType()) ||
          allUsersAre(arg, [](Operation *op) { return isa<qcc::QuantizeOp>(op); }))
        continue;
      func.emitError("float argument #")
          << arg.getArgNumber()
          << " is used by ops other than qcc.quantize on the integer path";
      ok = false;
    }
    func.walk([&](Operation *op) {
      for (Value result : op->getResults()) {
        if (!isFloat(result.getType()))
          continue;
        if (isa<qcc::DequantizeOp>(op) &&
            allUsersAre(result, [](Operation *user) {
              return isa<func::ReturnOp>(user);
            }))
          continue;
        op->emitError("'") << op->getName()
                           << "' produces a float value on the integer path";
        ok = false;
      }
    });
    if (!ok)
      signalPassFailure();
  }
};

} // namespace
