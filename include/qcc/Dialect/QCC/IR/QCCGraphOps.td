//===- QCCGraphOps.td - float-level graph ops --------------*- tablegen -*-===//
//
// This file defines the float level of the qcc dialect: NCHW graph ops on f32
// tensors with the semantics of the ONNX operators they are imported from,
// and `qcc.fake_quant`, which marks where the model is quantized.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCGRAPHOPS_TD
#define QCC_DIALECT_QCC_IR_QCCGRAPHOPS_TD

include "qcc/Dialect/QCC/IR/QCCBase.td"
include "qcc/Dialect/QCC/IR/QCCInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Quantization point
//===----------------------------------------------------------------------===//

def QCC_FakeQuantOp : QCC_Op<"fake_quant", [Pure, SameOperandsAndResultType]> {
  let summary = "quantize then dequantize (ONNX QuantizeLinear + DequantizeLinear)";
  let description = [{
    Rounds every element to the grid of the quantized type `$quant` and back:

    ```
    q = saturate(round_half_to_even(x / S) + Z)   // to [qmin, qmax] of the storage
    y = (q - Z) · S
    ```

    exactly as an ONNX `QuantizeLinear` followed by `DequantizeLinear` (the
    pair PyTorch's QAT export and ONNX Runtime's QDQ format write).
    `$quant` is a `!quant.uniform` type: per tensor, or per axis
    (`<i8:f32:1, {...}>`, one scale and zero point per index along that axis).
    Its storage type (`u8`, `i8`, `i32`) and storage range carry the
    quantization range: `i8<-127:127>` is the narrow (symmetric) range, and
    PyTorch's `reduce_range` appears as `u8<0:127>`.

    Example:

    ```mlir
    %y = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.0235:128> : tensor<1x8x4x4xf32>
    %w = qcc.fake_quant %k to !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}> : tensor<2x8x3x3xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, TypeAttrOf<quant_QuantizedType>:$quant);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input `to` $quant attr-dict `:` type($input)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

def QCC_Conv2DOp : QCC_Op<"conv2d", [Pure, QCC_FusedActivationOpInterface]> {
  let summary = "2-D convolution, NCHW (ONNX Conv)";
  let description = [{
    `input` is `N x C x H x W`, `weight` is `O x C/group x KH x KW` and the
    optional `bias` has `O` elements. `pads` is `[top, left, bottom, right]`.
    `group == C` with `O` a multiple of `C` is a depthwise convolution. The
    result is `N x O x OH x OW` with
    `OH = (H + top + bottom - dilation_h·(KH-1) - 1) / stride_h + 1`.
    `clamp_min` / `clamp_max` clamp the result (a fused activation).

    Example:

    ```mlir
    %y = qcc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
       : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
    ```
  }];
  let arguments = (ins
    QCC_FloatTensor:$input,
    QCC_FloatTensor:$weight,
    Optional<QCC_FloatTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$group,
    OptionalAttr<F32Attr>:$clamp_min,
    OptionalAttr<F32Attr>:$clamp_max);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCC_FullyConnectedOp
    : QCC_Op<"fully_connected", [Pure, QCC_FusedActivationOpInterface]> {
  let summary = "y = x · Wᵀ + b (ONNX Gemm with transB = 1)";
  let description = [{
    `input` is `M x K`, `weight` is `N x K` (one row per output feature, the
    layout PyTorch's `Linear` stores) and the optional `bias` has `N`
    elements. The importer folds Gemm's `alpha`, `beta` and transposes into
    the constants. `clamp_min` / `clamp_max` clamp the result (a fused
    activation).

    Example:

    ```mlir
    %y = qcc.fully_connected %x, %w, %b
       : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<10xf32>) -> tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, QCC_FloatTensor:$weight,
                       Optional<QCC_FloatTensor>:$bias,
                       OptionalAttr<F32Attr>:$clamp_min,
                       OptionalAttr<F32Attr>:$clamp_max);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCC_MatMulOp : QCC_Op<"matmul", [Pure]> {
  let summary = "batched matrix product with broadcasting (ONNX MatMul)";
  let description = [{
    `lhs` is `... x M x K`, `rhs` is `... x K x N`; the leading (batch)
    dimensions broadcast as in NumPy. Both operands have rank 2 or more (the
    importer reshapes ONNX's 1-D cases).

    Example:

    ```mlir
    %s = qcc.matmul %q, %k : (tensor<4x16x8xf32>, tensor<4x8x16xf32>) -> tensor<4x16x16xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$lhs, QCC_FloatTensor:$rhs);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class QCC_BinaryOp<string mnemonic, string what, list<Trait> traits = [],
                   dag attrs = (ins)>
    : QCC_Op<mnemonic, !listconcat([Pure], traits)> {
  let summary = "elementwise " # what # " with NumPy broadcasting";
  let description = [{
    Broadcasts both operands to the result shape (NumPy rules, as ONNX
    multidirectional broadcasting) and combines them element by element.
    Where the op has them, `clamp_min` / `clamp_max` clamp the result (a
    fused activation).

    Example:

    ```mlir
    %y = qcc.}] # mnemonic # [{ %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = !con((ins QCC_FloatTensor:$lhs, QCC_FloatTensor:$rhs), attrs);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_AddOp : QCC_BinaryOp<"add", "sum", [QCC_FusedActivationOpInterface],
    (ins OptionalAttr<F32Attr>:$clamp_min, OptionalAttr<F32Attr>:$clamp_max)>;
def QCC_SubOp : QCC_BinaryOp<"sub", "difference">;
def QCC_MulOp : QCC_BinaryOp<"mul", "product">;
def QCC_DivOp : QCC_BinaryOp<"div", "quotient">;
def QCC_PowOp : QCC_BinaryOp<"pow", "power (ONNX Pow)">;

class QCC_UnaryOp<string mnemonic, string formula, list<Trait> traits = []>
    : QCC_Op<mnemonic, !listconcat([Pure, SameOperandsAndResultType], traits)> {
  let summary = "elementwise " # formula;
  let description = [{
    Applies `}] # formula # [{` to every element.

    Example:

    ```mlir
    %y = qcc.}] # mnemonic # [{ %x : tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QCC_ReluOp : QCC_UnaryOp<"relu", "max(x, 0)"> { let hasFolder = 1; }
def QCC_SigmoidOp : QCC_UnaryOp<"sigmoid", "1 / (1 + exp(-x))">;
def QCC_ErfOp : QCC_UnaryOp<"erf", "erf(x)">;
def QCC_GeluOp : QCC_UnaryOp<"gelu", "x · (1 + erf(x / sqrt(2))) / 2">;
def QCC_SqrtOp : QCC_UnaryOp<"sqrt", "sqrt(x)">;
def QCC_TanhOp : QCC_UnaryOp<"tanh", "tanh(x)">;

def QCC_HardSwishOp : QCC_UnaryOp<"hard_swish", "x · max(0, min(1, x / 6 + 1/2))">;

def QCC_HardSigmoidOp : QCC_Op<"hard_sigmoid", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise max(0, min(1, alpha · x + beta)) (ONNX HardSigmoid)";
  let description = [{
    PyTorch's `nn.Hardsigmoid` exports with `alpha = 1/6`; ONNX's defaults
    are `alpha = 0.2`, `beta = 0.5`.

    Example:

    ```mlir
    %y = qcc.hard_sigmoid %x {alpha = 0.166666672 : f32, beta = 5.000000e-01 : f32} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input,
                       DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
                       DefaultValuedAttr<F32Attr, "0.5f">:$beta);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QCC_LeakyReluOp : QCC_Op<"leaky_relu", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise x < 0 ? alpha · x : x (ONNX LeakyRelu)";
  let description = [{
    Example:

    ```mlir
    %y = qcc.leaky_relu %x {alpha = 0.1 : f32} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DefaultValuedAttr<F32Attr, "0.01f">:$alpha);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
}

def QCC_ClampOp : QCC_Op<"clamp", [Pure, SameOperandsAndResultType]> {
  let summary = "elementwise min(max(x, min), max) (ONNX Clip)";
  let description = [{
    `min <= max` is required. ReLU6 is `clamp` to `[0, 6]`.

    Example:

    ```mlir
    %y = qcc.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, F32Attr:$min, F32Attr:$max);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Normalization
//===----------------------------------------------------------------------===//

def QCC_BatchNormOp : QCC_Op<"batch_norm", [Pure]> {
  let summary = "inference batch normalization over dimension 1 (ONNX BatchNormalization)";
  let description = [{
    `y = scale · (x - mean) / sqrt(var + epsilon) + bias`, with `scale`,
    `bias`, `mean` and `var` of size `C` (dimension 1 of `input`).

    Example:

    ```mlir
    %y = qcc.batch_norm %x, %g, %b, %m, %v {epsilon = 1.0e-05 : f32}
       : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>)
       -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, QCC_FloatTensor:$scale,
                       QCC_FloatTensor:$bias, QCC_FloatTensor:$mean,
                       QCC_FloatTensor:$variance,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_LayerNormOp : QCC_Op<"layer_norm", [Pure]> {
  let summary = "layer normalization over dimensions [axis, rank) (ONNX LayerNormalization)";
  let description = [{
    Normalizes each slice over the trailing dimensions starting at `axis`
    to zero mean and unit variance (`epsilon` added to the variance), then
    multiplies by `scale` and adds the optional `bias`, both shaped like the
    normalized dimensions.

    Example:

    ```mlir
    %y = qcc.layer_norm %x, %g, %b {axis = 2 : i64, epsilon = 1.0e-05 : f32}
       : (tensor<1x16x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x16x32xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, QCC_FloatTensor:$scale,
                       Optional<QCC_FloatTensor>:$bias,
                       DefaultValuedAttr<I64Attr, "-1">:$axis,
                       DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = [{
    $input `,` $scale (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCC_SoftmaxOp : QCC_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax along one axis (ONNX Softmax, opset 13)";
  let description = [{
    Example:

    ```mlir
    %y = qcc.softmax %x {axis = 1 : i64} : tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DefaultValuedAttr<I64Attr, "-1">:$axis);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let hasVerifier = 1;
}

def QCC_ReduceMeanOp : QCC_Op<"reduce_mean", [Pure]> {
  let summary = "mean over the given axes (ONNX ReduceMean)";
  let description = [{
    Axes are non-negative, sorted and unique; with `keepdims` the reduced
    dimensions stay as size 1.

    Example:

    ```mlir
    %m = qcc.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x16x32xf32>) -> tensor<1x16x1xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DenseI64ArrayAttr:$axes,
                       DefaultValuedAttr<BoolAttr, "true">:$keepdims);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def QCC_MaxPoolOp : QCC_Op<"max_pool", [Pure]> {
  let summary = "2-D max pooling, NCHW (ONNX MaxPool)";
  let description = [{
    `pads` is `[top, left, bottom, right]`; padded positions never win.
    The output size follows the convolution formula with dilation 1.

    Example:

    ```mlir
    %y = qcc.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
       : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_AvgPoolOp : QCC_Op<"avg_pool", [Pure]> {
  let summary = "2-D average pooling, NCHW (ONNX AveragePool)";
  let description = [{
    Each output is the mean of its window; padded positions count in the
    divisor only when `count_include_pad` is set.

    Example:

    ```mlir
    %y = qcc.avg_pool %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
       : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DenseI64ArrayAttr:$kernel,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_GlobalAvgPoolOp : QCC_Op<"global_avg_pool", [Pure]> {
  let summary = "mean over H and W, NCHW (ONNX GlobalAveragePool)";
  let description = [{
    Example:

    ```mlir
    %y = qcc.global_avg_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Layout and data movement (any element type)
//===----------------------------------------------------------------------===//

def QCC_ReshapeOp : QCC_Op<"reshape", [Pure]> {
  let summary = "reinterpret the shape, keeping row-major order (ONNX Reshape, Flatten)";
  let description = [{
    The element type (float, quantized or integer) and the number of
    elements are unchanged.

    Example:

    ```mlir
    %y = qcc.reshape %x : (tensor<1x8x1x1xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QCC_AnyTensor:$input);
  let results = (outs QCC_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_TransposeOp : QCC_Op<"transpose", [Pure]> {
  let summary = "permute dimensions (ONNX Transpose)";
  let description = [{
    Result dimension `i` is input dimension `perm[i]`.

    Example:

    ```mlir
    %y = qcc.transpose %x {perm = array<i64: 0, 2, 3, 1>}
       : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
    ```
  }];
  let arguments = (ins QCC_AnyTensor:$input, DenseI64ArrayAttr:$perm);
  let results = (outs QCC_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_SliceOp : QCC_Op<"slice", [Pure]> {
  let summary = "strided slice with static bounds (ONNX Slice, Split)";
  let description = [{
    Result element `i` (a multi-index) is input element
    `offsets + i · strides`; `sizes` is the result shape and strides are
    positive. The importer resolves ONNX's negative and clamped bounds.

    Example:

    ```mlir
    %y = qcc.slice %x {offsets = array<i64: 0, 8>, sizes = array<i64: 1, 8>,
                       strides = array<i64: 1, 1>} : (tensor<1x16xf32>) -> tensor<1x8xf32>
    ```
  }];
  let arguments = (ins QCC_AnyTensor:$input, DenseI64ArrayAttr:$offsets,
                       DenseI64ArrayAttr:$sizes, DenseI64ArrayAttr:$strides);
  let results = (outs QCC_AnyTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_ConcatOp : QCC_Op<"concat", [Pure]> {
  let summary = "join float tensors along one axis (ONNX Concat)";
  let description = [{
    All inputs agree on every dimension but `axis`. Quantized tensors with
    differing scales use `qcc.qconcat`, which rescales.

    Example:

    ```mlir
    %y = qcc.concat %a, %b {axis = 1 : i64}
       : (tensor<1x4x8x8xf32>, tensor<1x2x8x8xf32>) -> tensor<1x6x8x8xf32>
    ```
  }];
  let arguments = (ins Variadic<QCC_FloatTensor>:$inputs, I64Attr:$axis);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_PadOp : QCC_Op<"pad", [Pure]> {
  let summary = "constant padding (ONNX Pad, mode constant)";
  let description = [{
    `pads` holds `rank` leading then `rank` trailing amounts (ONNX order),
    all non-negative; new elements are `value`.

    Example:

    ```mlir
    %y = qcc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = 0.0 : f32}
       : (tensor<1x8x4x4xf32>) -> tensor<1x8x6x6xf32>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input, DenseI64ArrayAttr:$pads,
                       DefaultValuedAttr<F32Attr, "0.0f">:$value);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // QCC_DIALECT_QCC_IR_QCCGRAPHOPS_TD
