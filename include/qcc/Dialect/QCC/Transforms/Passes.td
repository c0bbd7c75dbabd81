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

def FoldConstants : Pass<"qcc-fold-constants", "::mlir::func::FuncOp"> {
  let summary = "Compute every float-level op whose operands are all constants";
  let description = [{
    Exporters leave computations on constants in the graph when constant
    folding is off (`torch.onnx.export(..., do_constant_folding=False)`):
    a QAT convolution's weights as `W · γ / sqrt(σ² + ε)` spelled with
    Add, Sqrt, Div, Reshape and Mul. Later passes look for constants (batch
    norm folding, weight quantization), so this pass evaluates each such op
    with the reference interpreter, in program order, and replaces it with
    an `arith.constant` of its result: whatever the op, one definition of
    its arithmetic.

    `qcc.fake_quant` of a constant is kept: it is a weight's quantization,
    which `qcc-quantize` reads. Ops on quantized types are not touched.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
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
    - The same with the convolution's own bias `b0` (`nn.Conv2d`'s default
      `bias=True`), which the QAT module adds after the division:
      `conv2d → div(c) → add(b0) → batch_norm` gives
      `b' = b·(s/c) + s·b0 + β - μ·s`.

    The batch norm (and div) must be the only users of what they consume.
  }];
  let dependentDialects = ["::mlir::arith::ArithDialect"];
}

def RaiseComposites : Pass<"qcc-raise-composites", "::mlir::func::FuncOp"> {
  let summary = "Put decomposed layer norms, GELUs and linear layers back together";
  let description = [{
    Exporters spell some layers as chains of elementwise ops: PyTorch's
    LayerNorm and exact GELU at opset 13, and a linear layer on a 3-D input
    as MatMul + Add. Quantized op by op, each link of such a chain would get
    its own 8-bit grid; quantized whole, the layer keeps its accuracy. This
    pass recognizes the chains and rebuilds `qcc.layer_norm`, `qcc.gelu`,
    and `qcc.fully_connected` on the flattened rows (between reshapes, with
    the layer's fake_quant moved onto the fully-connected output; the
    MatMul's weight is the transpose of one, or a float model's constant
    `K x N`, transposed here). A chain
    whose intermediate values are read elsewhere, or whose constants are
    not the layer's (2 for the square, sqrt(2), 1 and 0.5 for GELU), is
    left alone.
  }];
}

def FuseActivation : Pass<"qcc-fuse-activation", "::mlir::func::FuncOp"> {
  let summary = "Fold Relu and Clip into the op before them or the quantizer after";
  let description = [{
    Removes each `qcc.relu` and `qcc.clamp` (ONNX Relu and Clip) that can
    go, in this order:

    - when its only user is a `qcc.fake_quant` whose grid lies inside the
      activation's interval (a Relu followed by a quantizer whose zero
      point is the bottom of its range), it is dropped: fake_quant
      saturates at the same place, so the result is unchanged;
    - when its input is computed by an op with a fused activation
      (`conv2d`, `fully_connected`, `add`) that has no other user, it
      becomes that op's `clamp_min` / `clamp_max` (intersected with any the
      op already has).

    Other activations stay; quantization lowers them on their own.
  }];
}

def Calibrate : Pass<"qcc-calibrate", "::mlir::func::FuncOp"> {
  let summary = "Insert fake_quant ops from statistics of calibration samples";
  let description = [{
    Post-training quantization: runs the function in the reference
    interpreter on every sample in `samples` (a directory of .npy/.pb files,
    or one file holding one sample or a batch along its first dimension;
    for a model of several inputs, one such source per input, in order,
    comma-separated, each with the same number of samples),
    records the values of each tensor that needs a quantization range, and
    inserts a `qcc.fake_quant` after it with the grid `method` picks:

    - `minmax`: the observed minimum and maximum;
    - `percentile`: the 0.01% and 99.99% points of a 2048-bin histogram;
    - `mse`: the range, shrunk from the observed one at each end in 2%
      steps down to 30%, whose grid reproduces the histogram with the least
      squared error.

    Every range is widened to contain 0 and stored as `activations`
    (`uint8` or `int8`, asymmetric). The tensors are the model input and
    the results of ops that compute new values (convolutions, products,
    sums, nonlinearities); ops that keep their input's values (pools,
    layout, relu, clamp, pad, and a concat without constant inputs) are
    left to qcc-propagate-ranges, and the inner values of a pointwise chain
    (hardswish as `x · hard_sigmoid(x)`, SiLU) to the table qcc-quantize
    makes of the whole chain.
    Constant weights of `conv2d` and `fully_connected` get per-output-
    channel symmetric int8 (`[-127, 127]`, scale max|w|/127). Tensors a
    fake_quant already quantizes keep it, so a partly quantized model is
    completed.
  }];
  let options = [
    Option<"samples", "samples", "std::string", "\"\"",
           "Directory or .npy/.pb file of calibration samples, one per "
           "input (comma-separated)">,
    Option<"method", "method", "std::string", "\"minmax\"",
           "Range choice: minmax, percentile or mse">,
    Option<"activations", "activations", "std::string", "\"uint8\"",
           "Storage of activations: uint8 or int8">,
    Option<"progress", "progress", "bool", "false",
           "Draw a progress bar on stderr">
  ];
  let dependentDialects = ["::mlir::quant::QuantDialect"];
}

def PropagateRanges : Pass<"qcc-propagate-ranges", "::mlir::func::FuncOp"> {
  let summary = "Give every tensor on the quantized path a quantization range";
  let description = [{
    A tensor is ranged when a `qcc.fake_quant` (or a `qcc.dequantize` of
    stored integers) fixes its grid. Exports leave some tensors between
    quantization points without one; this pass inserts a fake_quant after
    each op whose result has none but whose inputs imply one:

    - `max_pool`, `reshape`, `transpose`, `slice`, `relu`, `clamp` and
      `pad` keep their input's grid (their outputs are input values or the
      zero point);
    - `avg_pool` and `global_avg_pool` are put on their input's grid
      (PyTorch's QAT export leaves pool → flatten → linear without a
      quantizer; the integer pool rounds to that grid);
    - a `concat` of same-grid inputs keeps it; one of different grids, or
      with constant inputs (a ViT's class token), gets the uint8/int8 grid
      covering all of them (its inputs are requantized, its constants
      stored on it);
    - `sigmoid` and `tanh` of a ranged tensor, outside a pointwise chain
      (below), get PyTorch's fixed grids: [0, 1) in steps of 1/256 and
      [-1, 1) in steps of 1/128 (the zero point at the bottom or middle of
      the uint8/int8 range). PyTorch's quantizable LSTM exports its gates
      without a quantizer; convert() puts them on these grids.

    Constant weights of `conv2d` and `fully_connected` that no fake_quant
    quantizes get the per-channel symmetric int8 grid of their values, as
    at calibration (PyTorch's quantizable LSTM leaves its linear layers'
    weights float in a QAT export; convert() quantizes them).

    An op that reads directly a tensor a fake_quant quantizes (a
    transformer's residual input when only its linear layers were
    QAT-trained) reads the fake_quant's result instead: the tensor has one
    integer form.

    Then every float value an op reads (other than a fake_quant's input and
    constants) must be ranged, and every model output: the first that is
    not is reported, naming the tensor, with the advice to calibrate. The
    inner values of a pointwise chain are exempt: elementwise ops that
    compute a fake_quanted value from one ranged tensor and scalar
    constants (hardswish as `mul(x, hard_sigmoid(x))`, SiLU as
    `mul(x, sigmoid(x))`, `x + 3`), which qcc-quantize turns into one table.
    Redundant pairs (`fake_quant` of a value already on the same grid) are
    left to the canonicalizer, which folds them.
  }];
}

def Quantize : Pass<"qcc-quantize", "::mlir::func::FuncOp"> {
  let summary = "Turn a fake-quantized float graph into integer ops";
  let description = [{
    Rewrites the float level into the integer level, one quantization point
    (`qcc.fake_quant`) at a time. It expects the form qcc-fuse-activation
    and qcc-propagate-ranges leave (activations fused into their producers,
    every tensor between quantization points behind a fake_quant):

    - a fake_quant of a model input becomes the boundary `qcc.quantize`;
      one of a constant becomes a `qcc.qconstant` of the stored integers
      (as does a `qcc.dequantize` of one);
    - a fake_quant of a `conv2d` or `fully_connected` becomes `qcc.qconv2d`
      (NHWC, between transposes) or `qcc.qfully_connected`: the bias is
      quantized to int32 with scale S_in·S_w, each channel's multiplier
      S_in·S_w / S_out becomes (M0, n), and the fused activation
      (`clamp_min`/`clamp_max`) becomes the output clamp; a layer whose
      int32 accumulator could overflow (Σ|w − Z_w|·max|x − Z_x| + |b| from
      the stored weights and the input's storage range, or the raw
      products the kernels sum first) is an error naming it;
    - a fake_quant of an `add` becomes `qcc.qadd` (both inputs rescaled to
      2·max(S_a, S_b)/2^20, then to the output; a constant tensor operand
      without a fake_quant, such as a position embedding, is stored on the
      8-bit grid covering its values), and one of an `avg_pool`
      or `global_avg_pool` becomes `qcc.qavg_pool` / `qcc.qglobal_avg_pool`
      (H·W folded into the multiplier);
    - a fake_quant of a `concat` becomes `qcc.qconcat` (each input
      rescaled to the output, a constant input stored on the output grid), one of a `relu` or `clamp` of a quantized
      value a `qcc.requantize` whose clamp is the activation, and one of a
      zero `pad` a `qcc.qpad` (then a requantize if the grid changes);
    - `max_pool`, `reshape`, `transpose` and `slice` of a quantized tensor
      stay integer with the same quantization (a fake_quant of another grid
      after them is a `qcc.requantize`);
    - a fake_quant of a pointwise chain (elementwise ops computing it from
      one 8-bit quantized tensor and scalar constants: `sigmoid`, `tanh`,
      `gelu`, `hard_swish`, `mul(x, hard_sigmoid(x))`, an `add` of a
      constant, ...) becomes one `qcc.qlookup`: the chain evaluated at the
      256 values of the input grid, quantized to the output grid. A single
      `relu` or `clamp` stays a requantize and a single product with a
      positive constant a `qcc.qmul`;
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

def LowerToKernels : Pass<"qcc-lower-to-kernels", "::mlir::func::FuncOp"> {
  let summary = "Turn integer ops into calls of runtime microkernels";
  let description = [{
    Rewrites the integer level into `qcc.kernel` calls on int8 tensors,
    the form the emitters consume. Per op it picks the kernel
    (KernelCatalog.h, the first variant `target-features` allows), builds
    its descriptor from the now-constant shapes and quantization parameters,
    and packs its constants:

    - uint8 tensors are stored as int8 (`q ^ 0x80`, zero point and clamp
      minus 128), so every kernel is int8-only; a uint8 model input or
      output is flipped by `qcc_flip_sign_s8` at the boundary;
    - convolution and fully-connected weights are packed for the chosen
      kernel (OHWI, `[kh][kw][out_c]` for depthwise, panels of 16 output
      channels for the vectorized GEMM-shaped kernels; the baseline-NEON
      ones add two products in 16 bits where no channel has -128 weights
      at depth k and k + 8 of a group of 16, and widen each otherwise), and
      the constant
      zero-point terms `-Z_in·Σw + K·Z_in·Z_w` are folded into the bias;
    - transpose and slice become gathers, reshape stays a view;
    - the function takes the quantized inputs and returns the quantized
      outputs; their `!quant.uniform` types (scale, zero point, storage)
      are kept in `qcc.boundary` argument and result attributes. With
      `io-layout=nhwc`, 4-D ones are NHWC: the model's own transposes at
      the boundary are dropped (or, where it has none, added).

    An op without a kernel (for example a convolution without `requant`,
    whose output is a 32-bit accumulator) is an error naming it.
  }];
  let options = [
    ListOption<"targetFeatures", "target-features", "std::string",
               "Enabled target features (e.g. +dotprod); kernel variants "
               "needing others are not chosen">,
    Option<"ioLayout", "io-layout", "std::string", "\"model\"",
           "Layout of 4-D boundary tensors: model (as the model declares "
           "them, NCHW for ONNX) or nhwc (the transposes to and from the "
           "kernels' NHWC are left out)">
  ];
}

def PlanMemory : Pass<"qcc-plan-memory", "::mlir::func::FuncOp"> {
  let summary = "Place every tensor of a kernel-level function in one arena";
  let description = [{
    Gives each tensor of the kernel level a place: an input buffer (function
    arguments), an output buffer (returned values, written in place by
    their producer), or an offset in the caller's arena. Reshapes are
    views, a tied kernel writes into its destination, and an `in_place`
    kernel reuses its first input's bytes when that input dies there.
    Arena offsets come from the tensors' lifetimes by greedy best fit,
    largest first, 16-byte aligned (and in two other orders, keeping the
    smallest arena); kernel scratch lives for its call only.

    Results: `qcc.offset` / `qcc.output` / `qcc.input` on every op result,
    `qcc.scratch_offset` on kernels with scratch, and on the function
    `qcc.arena_size` and `qcc.live_bound` (the largest number of arena
    bytes simultaneously live, each buffer rounded up to 16, a lower bound
    of any plan).
  }];
}

#endif // QCC_DIALECT_QCC_TRANSFORMS_PASSES_TD
