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

def FoldBatchNorm : Pass<"qcc-fold-batch-norm", "::mlir::func::FuncOp"> {
  let summary = "Fold inference batch normalization into the preceding op";
  let description = [{
    Removes `qcc.batch_norm` where the op before it can absorb it (paper
    §3.2). With `s = γ / sqrt(σ² + ε)` per channel:

    - Float models, `conv2d` or `fully_connected` with constant weights
      (and bias) followed by `batch_norm`: the weights of output channel `c`
      are scaled by `s[c]` and the bias becomes `(b - μ)·s + β`.
    - PyTorch's QAT export, `conv2d(x, W', b) → div(c) → batch_norm`: the
      weights `W'` already carry `γ/σ` (training folded them, and they may
      be fake-quantized), and the divisor `c` is that same `γ/σ`, so only
      the bias changes: `b' = b·(s/c) + β - μ·s`. The weights are left
      untouched, and the pattern is folded only when `s/c` is 1 to within
      1e-5 per channel; otherwise the ops are kept.

    The batch norm (and div) must be the only users of what they consume.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def Quantize : Pass<"qcc-quantize", "::mlir::func::FuncOp"> {
  let summary = "Turn a fake-quantized float graph into integer ops";
  let description = [{
    Rewrites the float level into the integer level, one quantization point
    (`qcc.fake_quant`) at a time:

    - a fake_quant of a model input becomes the boundary `qcc.quantize`;
      one of a constant becomes a `qcc.qconstant` of the stored integers
      (as does a `qcc.dequantize` of one);
    - a fake_quant of a `conv2d` or `fully_connected` (through an optional
      `relu` or `clamp`) becomes `qcc.qconv2d` (NHWC, between transposes)
      or `qcc.qfully_connected`: the bias is quantized to int32 with scale
      S_in·S_w, each channel's multiplier S_in·S_w / S_out becomes (M0, n),
      and the activation becomes the output clamp;
    - a fake_quant of an `add` becomes `qcc.qadd` (both inputs rescaled to
      2·max(S_a, S_b)/2^20, then to the output), and one of an `avg_pool`
      or `global_avg_pool` becomes `qcc.qavg_pool` / `qcc.qglobal_avg_pool`
      (H·W folded into the multiplier);
    - a fake_quant of a `concat` becomes `qcc.qconcat` (each input
      rescaled to the output), and one of a `relu` or `clamp` of an already
      quantized value a `qcc.requantize` whose clamp is the activation; a
      `relu`, `clamp` or `concat` no fake_quant follows stays on its
      input's grid;
    - `max_pool`, `reshape`, `transpose` and `slice` of a quantized tensor
      stay integer with the same quantization, and so does an average pool
      that no fake_quant follows (PyTorch's QAT export leaves
      pool → flatten → linear unquantized);
    - a quantized model output is returned through `qcc.dequantize`.

    Anything else between quantization points is reported on the op, naming
    what is missing (a fake_quant before its input, or an op the pass does
    not lower yet).
  }];
  let options = [
    Option<"rounding", "rounding", "std::string", "\"double\"",
           "Requantization rounding: double (gemmlowp) or single (TFLite)">
  ];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

#endif // QCC_DIALECT_QCC_TRANSFORMS_PASSES_TD
