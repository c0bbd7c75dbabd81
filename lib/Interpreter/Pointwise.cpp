//===- Pointwise.cpp - one element of the float level's pointwise ops -----===//
//
// This file defines the elementwise float-level ops on single numbers, in
// the precision of the caller's type (float32 for the interpreter, double
// for the quantizer's tables).
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/Pointwise.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "llvm/ADT/TypeSwitch.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace qcc::interp {

namespace {

template <typename T> T hardSigmoid(T x, T alpha, T beta) {
  return std::max(T(0), std::min(T(1), alpha * x + beta));
}

} // namespace

bool isPointwise(Operation *op) {
  return isa<AddOp, SubOp, MulOp, DivOp, PowOp, ReluOp, SigmoidOp, ErfOp,
             GeluOp, SqrtOp, TanhOp, LeakyReluOp, ClampOp, HardSigmoidOp,
             HardSwishOp>(op);
}

template <typename T>
std::optional<T> pointwise(Operation *op, ArrayRef<T> args) {
  using Result = std::optional<T>;
  T x = args[0];
  auto y = [&] { return args[1]; };
  return llvm::TypeSwitch<Operation *, Result>(op)
      .Case([&](AddOp) { return x + y(); })
      .Case([&](SubOp) { return x - y(); })
      .Case([&](MulOp) { return x * y(); })
      .Case([&](DivOp) { return x / y(); })
      .Case([&](PowOp) { return std::pow(x, y()); })
      .Case([&](ReluOp) { return x > 0 ? x : T(0); })
      .Case([&](SigmoidOp) { return T(1) / (T(1) + std::exp(-x)); })
      .Case([&](ErfOp) { return std::erf(x); })
      .Case([&](GeluOp) {
        return T(0.5) * x * (T(1) + std::erf(x / std::sqrt(T(2))));
      })
      .Case([&](SqrtOp) { return std::sqrt(x); })
      .Case([&](TanhOp) { return std::tanh(x); })
      .Case([&](LeakyReluOp o) {
        T alpha = o.getAlpha().convertToFloat();
        return x < 0 ? alpha * x : x;
      })
      .Case([&](ClampOp o) {
        T lo = o.getMin().convertToFloat(), hi = o.getMax().convertToFloat();
        return std::min(std::max(x, lo), hi);
      })
      .Case([&](HardSigmoidOp o) {
        return hardSigmoid<T>(x, o.getAlpha().convertToFloat(),
                              o.getBeta().convertToFloat());
      })
      // ONNX HardSwish: x · HardSigmoid(x) with alpha = 1/6, beta = 1/2.
      .Case([&](HardSwishOp) {
        return x * hardSigmoid<T>(x, T(1) / T(6), T(0.5));
      })
      .Default([](Operation *) { return Result(); });
}

template std::optional<float> pointwise(Operation *, ArrayRef<float>);
template std::optional<double> pointwise(Operation *, ArrayRef<double>);

} // namespace qcc::interp
