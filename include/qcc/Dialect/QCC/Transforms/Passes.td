//===- Passes.td - qcc pass definitions ---------------------*- tablegen -*-===//
//
// This file declares every pass of the qcc dialect. Each has its own source
// file under lib/Dialect/QCC/Transforms and its own lit test.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_TRANSFORMS_PASSES_TD
#define QCC_DIALECT_QCC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def CheckIntegerOnly : Pass<"qcc-check-integer-only", "::mlir::func::FuncOp"> {
  let summary = "Check that no float value flows between the model's boundary";
  let description = [{
    The contract of an integer-only model: floats exist only at its
    boundary. A float value may be a function argument whose every user is
    `qcc.quantize`, or the result of a `qcc.dequantize` whose every user is
    the function's return. Any other float value (an op computing on floats,
    a float constant, a float argument used elsewhere) is reported, naming
    the op, and the pass fails.

    Run after quantization; until then every float model fails it.
  }];
}

#endif // QCC_DIALECT_QCC_TRANSFORMS_PASSES_TD
