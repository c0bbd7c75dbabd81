//===- EvalElementwise.cpp - elementwise float ops and fake_quant ---------===//
//
// This file evaluates the float level's elementwise ops in float32, as ONNX
// Runtime does (each element by qcc/Interpreter/Pointwise.h), and qcc.fake_quant as ONNX QuantizeLinear followed by
// DequantizeLinear.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include "qcc/Interpreter/Pointwise.h"


using namespace mlir;

namespace qcc::interp {

FailureOr<Tensor> evalPointwise(Operation *op, Operands in) {
  Tensor out = zerosLike(op->getResult(0));
  std::vector<std::vector<int64_t>> index;
  for (const Tensor *t : in)
    index.push_back(broadcastIndex(t->shape, out.shape));
  SmallVector<float, 2> args(in.size());
  for (size_t i = 0; i < out.floats.size(); ++i) {
    for (size_t k = 0; k < in.size(); ++k)
      args[k] = in[k]->floats[index[k][i]];
    out.floats[i] = *pointwise<float>(op, args);
  }
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
