//===- StoredOutputs.cpp - a model's outputs as stored integers -----------===//

#include "qcc/Tools/StoredOutputs.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc {

LogicalResult returnStoredValues(func::FuncOp func, std::string &error) {
  auto ret = cast<func::ReturnOp>(func.getBody().back().getTerminator());
  for (OpOperand &operand : ret->getOpOperands()) {
    Value value = operand.get();
    if (auto dequantize = value.getDefiningOp<DequantizeOp>()) {
      operand.set(dequantize.getInput());
      continue;
    }
    if (!getElementTypeOrSelf(value.getType()).isF32())
      continue;
    auto name = func.getResultAttrOfType<StringAttr>(
        operand.getOperandNumber(), "qcc.name");
    error = "output '" +
            (name ? name.str() : std::to_string(operand.getOperandNumber())) +
            "' is float at this stage; it has no stored integers";
    return failure();
  }
  func.setType(FunctionType::get(func.getContext(), func.getArgumentTypes(),
                                 ret.getOperandTypes()));
  return success();
}

} // namespace qcc
