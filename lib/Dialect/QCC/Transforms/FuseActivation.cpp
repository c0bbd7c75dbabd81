//===- FuseActivation.cpp - activations into their producers --------------===//
//
// This file implements qcc-fuse-activation. A relu or clamp either
// disappears, when the fake_quant that reads it clamps at least as tightly,
// or becomes the clamp_min/clamp_max of the op that computes its input, so
// that quantization turns it into that op's output clamp.
//
//===----------------------------------------------------------------------===//

#include "PassUtils.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "qcc/Support/QuantizeLinear.h"

namespace qcc {
#define GEN_PASS_DEF_FUSEACTIVATION
#include "qcc/Dialect/QCC/Transforms/Passes.h.inc"
} // namespace qcc

using namespace mlir;
using namespace qcc;

namespace {

/// Whether every value `fq` can produce lies inside `bounds`: then
/// fake_quant(clamp(y)) == fake_quant(y), since fake_quant is monotonic and
/// saturates at its grid's ends.
bool gridInside(FakeQuantOp fq, const Bounds &bounds) {
  auto type = cast<quant::QuantizedType>(fq.getQuant());
  Grid grid = gridOf(type);
  for (auto [scale, zeroPoint] : llvm::zip(grid.scales, grid.zeroPoints)) {
    float lowest = dequantizeLinear(type.getStorageTypeMin(), scale, zeroPoint);
    float highest =
        dequantizeLinear(type.getStorageTypeMax(), scale, zeroPoint);
    if ((bounds.lo && lowest < *bounds.lo) ||
        (bounds.hi && highest > *bounds.hi))
      return false;
  }
  return true;
}

/// Intersects two intervals; nullopt when they are disjoint.
std::optional<Bounds> intersect(const Bounds &a, const Bounds &b) {
  auto tighter = [](std::optional<float> x, std::optional<float> y,
                    bool lower) -> std::optional<float> {
    if (!x || !y)
      return x ? x : y;
    return lower ? std::max(*x, *y) : std::min(*x, *y);
  };
  Bounds r{tighter(a.lo, b.lo, true), tighter(a.hi, b.hi, false)};
  if (r.lo && r.hi && *r.lo > *r.hi)
    return std::nullopt;
  return r;
}

/// Removes or fuses one activation; returns whether it is gone.
bool fuse(Operation *activation, const Bounds &bounds) {
  Value input = activation->getOperand(0);
  Value result = activation->getResult(0);
  if (result.hasOneUse())
    if (auto fq = dyn_cast<FakeQuantOp>(*result.getUsers().begin()))
      if (gridInside(fq, bounds)) {
        result.replaceAllUsesWith(input);
        activation->erase();
        return true;
      }
  auto producer = input.getDefiningOp<FusedActivationOpInterface>();
  if (!producer || !input.hasOneUse() || input.getType() != result.getType())
    return false;
  std::optional<Bounds> fused = intersect(
      {producer.getActivationMin(), producer.getActivationMax()}, bounds);
  if (!fused)
    return false;
  producer.setActivation(fused->lo, fused->hi);
  result.replaceAllUsesWith(input);
  activation->erase();
  return true;
}

struct FuseActivation : qcc::impl::FuseActivationBase<FuseActivation> {
  void runOnOperation() override {
    for (Operation &op :
         llvm::make_early_inc_range(getOperation().getBody().getOps()))
      if (std::optional<Bounds> bounds = activationBounds(&op))
        fuse(&op, *bounds);
  }
};

} // namespace
