//===- EvalElementwise.cpp - elementwise float ops and fake_quant ---------===//
//
// This file evaluates the float level's elementwise ops in float32, as ONNX
// Runtime does, and qcc.fake_quant as ONNX QuantizeLinear followed by
// DequantizeLinear.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include "llvm/ADT/TypeSwitch.h"

#include <cmath>

using namespace mlir;

namespace qcc::interp {

FailureOr<Tensor> evalBinary(Operation *op, Operands in) {
  Tensor out = zerosLike(op->getResult(0));
  std::vector<int64_t> a = broadcastIndex(in[0]->shape, out.shape);
  std::vector<int64_t> b = broadcastIndex(in[1]->shape, out.shape);
  auto apply = [&](auto fn) {
    for (size_t i = 0; i < out.floats.size(); ++i)
      out.floats[i] = fn(in[0]->floats[a[i]], in[1]->floats[b[i]]);
  };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](AddOp) { apply([](float x, float y) { return x + y; }); })
      .Case([&](SubOp) { apply([](float x, float y) { return x - y; }); })
      .Case([&](MulOp) { apply([](float x, float y) { return x * y; }); })
      .Case([&](DivOp) { apply([](float x, float y) { return x / y; }); })
      .Case([&](PowOp) { apply([](float x, float y) { return std::pow(x, y); }); });
  return out;
}

FailureOr<Tensor> evalUnary(Operation *op, Operands in) {
  Tensor out = *in[0];
  auto apply = [&](auto fn) {
    for (float &v : out.floats)
      v = fn(v);
  };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](ReluOp) { apply([](float x) { return x > 0 ? x : 0.0f; }); })
      .Case([&](SigmoidOp) {
        apply([](float x) { return 1.0f / (1.0f + std::exp(-x)); });
      })
      .Case([&](ErfOp) { apply([](float x) { return std::erf(x); }); })
      .Case([&](GeluOp) {
        apply([](float x) {
          return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
        });
      })
      .Case([&](SqrtOp) { apply([](float x) { return std::sqrt(x); }); })
      .Case([&](TanhOp) { apply([](float x) { return std::tanh(x); }); })
      .Case([&](LeakyReluOp o) {
        float alpha = o.getAlpha().convertToFloat();
        apply([=](float x) { return x < 0 ? alpha * x : x; });
      })
      .Case([&](ClampOp o) {
        float lo = o.getMin().convertToFloat(), hi = o.getMax().convertToFloat();
        apply([=](float x) { return std::min(std::max(x, lo), hi); });
      });
  return out;
}

FailureOr<Tensor> evalFakeQuant(FakeQuantOp op, Operands in) {
  Tensor out = *in[0];
  QuantParams p = quantParams(op.getQuant());
  for (size_t i = 0; i < out.floats.size(); ++i) {
    size_t c = p.channel(i, out.shape);
    int64_t q = quantizeLinear(out.floats[i], p.scales[c], p.zeroPoints[c],
                              p.qmin, p.qmax);
    out.floats[i] = dequantizeLinear(q, p.scales[c], p.zeroPoints[c]);
  }
  return out;
}

} // namespace qcc::interp
