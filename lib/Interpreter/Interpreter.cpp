//===- Interpreter.cpp - reference interpreter of the qcc dialect ---------===//
//
// This file runs a function op by op: it checks the inputs against the
// signature, dispatches each op to its evaluator, hands every result to the
// observer and returns the values the function returns.
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Interpreter/Pointwise.h"

#include "Eval.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;

namespace qcc::interp {

FailureOr<DType> dtypeOf(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor)
    return failure();
  Type element = tensor.getElementType();
  if (element.isF32())
    return DType::F32;
  unsigned width;
  bool isSigned;
  if (auto q = dyn_cast<quant::QuantizedType>(element)) {
    width = q.getStorageTypeIntegralWidth();
    isSigned = q.isSigned();
  } else if (auto i = dyn_cast<IntegerType>(element)) {
    width = i.getWidth();
    isSigned = !i.isUnsigned();
  } else {
    return failure();
  }
  if (width == 8)
    return isSigned ? DType::I8 : DType::U8;
  if (width == 32)
    return DType::I32;
  if (width == 64)
    return DType::I64;
  return failure();
}

namespace {

/// The name of argument `i` for messages: its ONNX name when imported.
std::string argumentName(func::FuncOp func, unsigned i) {
  if (auto name = func.getArgAttrOfType<StringAttr>(i, "qcc.name"))
    return "'" + name.str() + "'";
  return "#" + std::to_string(i);
}

LogicalResult checkInputs(func::FuncOp func, ArrayRef<Tensor> inputs) {
  if (inputs.size() != func.getNumArguments())
    return func.emitError("expects ")
           << func.getNumArguments() << " inputs but got " << inputs.size();
  for (auto [i, arg] : llvm::enumerate(func.getArguments())) {
    FailureOr<DType> dtype = dtypeOf(arg.getType());
    if (failed(dtype))
      return func.emitError("input ")
             << argumentName(func, i) << " has type " << arg.getType()
             << ", which the interpreter cannot hold";
    Tensor expected;
    expected.dtype = *dtype;
    expected.shape = shapeOf(arg);
    const Tensor &given = inputs[i];
    if (given.dtype != expected.dtype || given.shape != expected.shape) {
      InFlightDiagnostic diag = func.emitError("input ")
                                << argumentName(func, i) << " expects "
                                << expected.describe() << " but got "
                                << given.describe();
      // Samples stacked along the batch dimension of a batch-1 model.
      bool stacked = given.dtype == expected.dtype && !given.shape.empty() &&
                     given.shape.size() == expected.shape.size() &&
                     given.shape[0] > expected.shape[0] &&
                     std::equal(given.shape.begin() + 1, given.shape.end(),
                                expected.shape.begin() + 1);
      if (stacked)
        diag << " (several samples? run them one by one with qcc-run "
                "--batch)";
      return diag;
    }
    size_t count = given.isFloat() ? given.floats.size() : given.ints.size();
    if (static_cast<int64_t>(count) != given.numElements())
      return func.emitError("input ")
             << argumentName(func, i) << " holds " << count
             << " elements but its shape needs " << given.numElements();
  }
  return success();
}

/// Clamps a float op's result to its fused activation's bounds.
void applyActivation(FusedActivationOpInterface op, Tensor &result) {
  std::optional<float> lo = op.getActivationMin();
  std::optional<float> hi = op.getActivationMax();
  for (float &v : result.floats) {
    if (lo && v < *lo)
      v = *lo;
    if (hi && v > *hi)
      v = *hi;
  }
}

FailureOr<Tensor> evalOp(Operation *op, Operands in) {
  if (isPointwise(op))
    return evalPointwise(op, in);
  return llvm::TypeSwitch<Operation *, FailureOr<Tensor>>(op)
      .Case([&](Conv2DOp o) { return evalConv2D(o, in); })
      .Case([&](FullyConnectedOp o) { return evalFullyConnected(o, in); })
      .Case([&](MatMulOp o) { return evalMatMul(o, in); })
      .Case([&](BatchNormOp o) { return evalBatchNorm(o, in); })
      .Case([&](LayerNormOp o) { return evalLayerNorm(o, in); })
      .Case([&](SoftmaxOp o) { return evalSoftmax(o, in); })
      .Case([&](ReduceMeanOp o) { return evalReduceMean(o, in); })
      .Case([&](MaxPoolOp o) { return evalMaxPool(o, in); })
      .Case([&](AvgPoolOp o) { return evalAvgPool(o, in); })
      .Case([&](GlobalAvgPoolOp o) { return evalGlobalAvgPool(o, in); })
      .Case([&](PadOp o) { return evalPad(o, in); })
      .Case([&](ConcatOp o) { return evalConcat(o, in); })
      .Case([&](FakeQuantOp o) { return evalFakeQuant(o, in); })
      .Case([&](ReshapeOp o) { return evalReshape(o, in); })
      .Case([&](TransposeOp o) { return evalTranspose(o, in); })
      .Case([&](SliceOp o) { return evalSlice(o, in); })
      .Case([&](QuantizeOp o) { return evalQuantize(o, in); })
      .Case([&](DequantizeOp o) { return evalDequantize(o, in); })
      .Case([&](RequantizeOp o) { return evalRequantize(o, in); })
      .Case([&](QConv2DOp o) { return evalQConv2D(o, in); })
      .Case([&](QFullyConnectedOp o) { return evalQFullyConnected(o, in); })
      .Case([&](QMatMulOp o) { return evalQMatMul(o, in); })
      .Case([&](QAddOp o) { return evalQAdd(o, in); })
      .Case([&](QMulOp o) { return evalQMul(o, in); })
      .Case([&](QLookupOp o) { return evalQLookup(o, in); })
      .Case([&](QSoftmaxOp o) { return evalQSoftmax(o, in); })
      .Case([&](QLayerNormOp o) { return evalQLayerNorm(o, in); })
      .Case([&](QMaxPoolOp o) { return evalQMaxPool(o, in); })
      .Case([&](QAvgPoolOp o) { return evalQAvgPool(o, in); })
      .Case([&](QGlobalAvgPoolOp o) { return evalQGlobalAvgPool(o, in); })
      .Case([&](QConcatOp o) { return evalQConcat(o, in); })
      .Case([&](QPadOp o) { return evalQPad(o, in); })
      .Case([&](QConstantOp o) { return evalConstant(o, o.getValue()); })
      .Case([&](arith::ConstantOp o) -> FailureOr<Tensor> {
        auto value = dyn_cast<DenseElementsAttr>(o.getValue());
        if (!value)
          return o.emitError("the interpreter needs dense constants");
        return evalConstant(o, value);
      })
      .Default([&](Operation *o) -> FailureOr<Tensor> {
        return o->emitError("the reference interpreter cannot execute '")
               << o->getName() << "'";
      });
}

} // namespace

FailureOr<Tensor> evaluate(Operation *op, ArrayRef<const Tensor *> operands) {
  if (op->getNumResults() != 1)
    return op->emitError("the reference interpreter cannot execute '")
           << op->getName() << "'";
  FailureOr<Tensor> result = evalOp(op, operands);
  if (succeeded(result))
    if (auto fused = dyn_cast<FusedActivationOpInterface>(op))
      applyActivation(fused, *result);
  return result;
}

FailureOr<std::vector<Tensor>> run(func::FuncOp func, ArrayRef<Tensor> inputs,
                                   const Observer &observer) {
  if (func.isExternal())
    return func.emitError("cannot run a function without a body");
  if (failed(checkInputs(func, inputs)))
    return failure();
  llvm::DenseMap<Value, Tensor> values;
  for (auto [arg, input] : llvm::zip(func.getArguments(), inputs))
    values[arg] = input;
  for (Operation &op : func.getBody().front()) {
    SmallVector<const Tensor *> operands;
    for (Value operand : op.getOperands())
      operands.push_back(&values.find(operand)->second);
    if (auto ret = dyn_cast<func::ReturnOp>(op)) {
      std::vector<Tensor> results;
      for (const Tensor *t : operands)
        results.push_back(*t);
      return results;
    }
    FailureOr<Tensor> result = evaluate(&op, operands);
    if (failed(result))
      return failure();
    Tensor &stored = values[op.getResult(0)] = std::move(*result);
    if (observer)
      observer(&op, stored);
  }
  return func.emitError("the function has no return");
}

} // namespace qcc::interp
