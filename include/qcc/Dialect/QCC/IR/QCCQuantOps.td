//===- QCCQuantOps.td - integer-level quantized ops --------*- tablegen -*-===//
//
// This file defines the integer level of the qcc dialect. Activations are
// NHWC tensors of per-tensor `!quant.uniform` 8-bit types; weights are
// `qcc.qconstant`s (per tensor or per output channel); biases are plain i32
// tensors of scale S_input·S_weight. Each op's semantics is stated in integers
// only, with `#qcc.requant` carrying the fixed-point output stage.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_QCCQUANTOPS_TD
#define QCC_DIALECT_QCC_IR_QCCQUANTOPS_TD

include "qcc/Dialect/QCC/IR/QCCBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Boundary and constants
//===----------------------------------------------------------------------===//

def QCC_QuantizeOp : QCC_Op<"quantize", [Pure]> {
  let summary = "float to quantized at the model boundary (ONNX QuantizeLinear)";
  let description = [{
    `q = saturate(round_half_to_even(x / S) + Z)` with the scale, zero point
    and storage range of the result type (8-bit storage, per tensor or per
    axis). This is the only place
    of the integer level that reads floats; the compiled code publishes S
    and Z so that callers can quantize inputs themselves.

    Example:

    ```mlir
    %q = qcc.quantize %x : tensor<1x8x8x3xf32> to tensor<1x8x8x3x!quant.uniform<u8:f32, 0.02:128>>
    ```
  }];
  let arguments = (ins QCC_FloatTensor:$input);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_DequantizeOp : QCC_Op<"dequantize", [Pure]> {
  let summary = "quantized to float (ONNX DequantizeLinear)";
  let description = [{
    `x = (q - Z) · S` with the parameters of the input type, per tensor or
    per axis. At the integer level it appears only at the model boundary;
    at the float level it also turns stored integer weights and int32
    biases (`qcc.qconstant`) into the floats the graph ops consume.

    Example:

    ```mlir
    %x = qcc.dequantize %q : tensor<1x10x!quant.uniform<i8:f32, 0.1:-3>> to tensor<1x10xf32>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input);
  let results = (outs QCC_FloatTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
}

def QCC_QConstantOp : QCC_Op<"qconstant", [ConstantLike, Pure]> {
  let summary = "a quantized constant (weights) given by its stored integers";
  let description = [{
    `value` holds the storage integers (`i8`, or `i32` for `i32` storage);
    the result type adds their scale(s) and zero point(s). Unsigned storage
    (`u8`) is written with `i8` attributes reinterpreted as unsigned, i.e.
    `dense<-1>` is 255.

    Example:

    ```mlir
    %w = qcc.qconstant dense<[[1, -2], [3, 4]]> : tensor<2x2xi8>
       -> tensor<2x2x!quant.uniform<i8:f32:0, {0.1, 0.2}>>
    ```
  }];
  let arguments = (ins AnyIntElementsAttr:$value);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$value attr-dict `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def QCC_RequantizeOp : QCC_Op<"requantize", [Pure]> {
  let summary = "change scale and zero point";
  let description = [{
    `out = requant(q - Z_in)` where `requant` is the op's `#qcc.requant`
    with `M = S_in / S_out`.

    Example:

    ```mlir
    %y = qcc.requantize %x {requant = #qcc.requant<multiplier = [1073741824], shift = [0],
           zero_point = 0, clamp = [-128, 127], rounding = double>}
       : tensor<1x8x!quant.uniform<i8:f32, 0.1>> to tensor<1x8x!quant.uniform<i8:f32, 0.2>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and matrix products
//===----------------------------------------------------------------------===//

def QCC_QConv2DOp : QCC_Op<"qconv2d", [Pure]> {
  let summary = "quantized 2-D convolution, NHWC, requantized output";
  let description = [{
    `input` is `N x H x W x C`, `weight` is `O x KH x KW x C/group` (OHWI)
    and the optional `bias` (int32, scale `S_in·S_w[o]`) has `O` elements.
    For every output element

    ```
    acc = bias[o] + Σ (x - Z_in) · (w - Z_w[o])     // int32, padding reads Z_in
    out = requant(acc)                              // M[o] = S_in·S_w[o] / S_out
    ```

    `requant` has one entry or `O` entries (per-axis weights quantized
    along dimension 0). Without `requant` the output is `acc` itself
    (ONNX ConvInteger): a 32-bit tensor of zero point 0 and scale
    `S_in·S_w[o]`, per axis along dimension 3 when that differs per channel.
    `group == C` is depthwise. Padding and output size follow `qcc.conv2d`.

    Example:

    ```mlir
    %y = qcc.qconv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>,
           requant = #qcc.requant<multiplier = [1099511628, 1099511628], shift = [7, 6],
                                  zero_point = -128, clamp = [-128, 127], rounding = double>}
       : (tensor<1x8x8x3x!quant.uniform<i8:f32, 0.02:-128>>,
          tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>>, tensor<2xi32>)
       -> tensor<1x8x8x2x!quant.uniform<i8:f32, 0.05:-128>>
    ```
  }];
  let arguments = (ins
    QCC_QuantTensor:$input,
    QCC_QuantTensor:$weight,
    Optional<QCC_BiasTensor>:$bias,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
    DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
    DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$dilations,
    DefaultValuedAttr<I64Attr, "1">:$group,
    OptionalAttr<QCC_RequantAttr>:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCC_QFullyConnectedOp : QCC_Op<"qfully_connected", [Pure]> {
  let summary = "quantized x · Wᵀ + b with requantized output";
  let description = [{
    `input` is `M x K`, `weight` is `N x K` (per tensor or per axis 0),
    `bias` (int32) has `N` elements;
    `out[m][n] = requant(bias[n] + Σ_k (x[m][k] - Z_in)·(w[n][k] - Z_w[n]))`,
    or without `requant` the 32-bit accumulator itself (zero point 0, scale
    `S_in·S_w[n]`, per axis along dimension 1 when that differs).

    Example:

    ```mlir
    %y = qcc.qfully_connected %x, %w, %b {requant = #qcc.requant<multiplier = [1374389535],
           shift = [7], zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x64x!quant.uniform<i8:f32, 0.05>>, tensor<10x64x!quant.uniform<i8:f32, 0.01>>,
          tensor<10xi32>) -> tensor<1x10x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, QCC_QuantTensor:$weight,
                       Optional<QCC_BiasTensor>:$bias,
                       OptionalAttr<QCC_RequantAttr>:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def QCC_QMatMulOp : QCC_Op<"qmatmul", [Pure]> {
  let summary = "batched product of two quantized activations (attention)";
  let description = [{
    Shapes as `qcc.matmul`; both operands per tensor.
    `out = requant(Σ_k (a - Z_a)·(b - Z_b))` with `M = S_a·S_b / S_out`, or
    without `requant` the 32-bit accumulator itself (zero point 0, scale
    `S_a·S_b`; ONNX MatMulInteger).

    Example:

    ```mlir
    %s = qcc.qmatmul %q, %k {requant = #qcc.requant<multiplier = [1717986918], shift = [4],
           zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<4x16x8x!quant.uniform<i8:f32, 0.1>>, tensor<4x8x16x!quant.uniform<i8:f32, 0.1>>)
       -> tensor<4x16x16x!quant.uniform<i8:f32, 0.2>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$lhs, QCC_QuantTensor:$rhs,
                       OptionalAttr<QCC_RequantAttr>:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Elementwise with rescale
//===----------------------------------------------------------------------===//

def QCC_QAddOp : QCC_Op<"qadd", [Pure]> {
  let summary = "quantized elementwise sum with broadcasting";
  let description = [{
    Both inputs are brought to a common fine scale, summed, then requantized:

    ```
    a   = mul(sat_shl(qa - Z_a, left_shift), lhs_multiplier, lhs_shift)
    b   = mul(sat_shl(qb - Z_b, left_shift), rhs_multiplier, rhs_shift)
    out = requant(sat_add(a, b))
    ```

    where `mul` is the fixed-point multiplication of `requant`'s rounding
    mode (`qcc_mul_double_round` or `qcc_mul_single_round`),
    `lhs_multiplier·2^(-31-lhs_shift) ≈ S_a / (2·max(S_a, S_b))` (likewise
    for `b`), and `requant`'s `M = 2·max(S_a, S_b) / (2^left_shift · S_out)`.
    `left_shift` (0..24) keeps precision for 8-bit inputs (20 is customary).

    Example:

    ```mlir
    %y = qcc.qadd %a, %b {left_shift = 20 : i32,
           lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32,
           rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32,
           requant = #qcc.requant<multiplier = [1073741824], shift = [19],
                                  zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x8x!quant.uniform<i8:f32, 0.1>>, tensor<1x8x!quant.uniform<i8:f32, 0.1>>)
       -> tensor<1x8x!quant.uniform<i8:f32, 0.2>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$lhs, QCC_QuantTensor:$rhs,
                       I32Attr:$left_shift,
                       I32Attr:$lhs_multiplier, I32Attr:$lhs_shift,
                       I32Attr:$rhs_multiplier, I32Attr:$rhs_shift,
                       QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def QCC_QMulOp : QCC_Op<"qmul", [Pure]> {
  let summary = "quantized elementwise product with broadcasting";
  let description = [{
    `out = requant((qa - Z_a) · (qb - Z_b))` with `M = S_a·S_b / S_out`.

    Example:

    ```mlir
    %y = qcc.qmul %a, %b {requant = #qcc.requant<multiplier = [1717986918], shift = [4],
           zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x8x!quant.uniform<i8:f32, 0.1>>, tensor<1x1x!quant.uniform<i8:f32, 0.1>>)
       -> tensor<1x8x!quant.uniform<i8:f32, 0.2>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$lhs, QCC_QuantTensor:$rhs,
                       QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let hasCanonicalizer = 1;
}

def QCC_QLookupOp : QCC_Op<"qlookup", [Pure]> {
  let summary = "8-bit nonlinearity (sigmoid, GELU, tanh, …) by table";
  let description = [{
    `out = table[q - m]`, where `m` is the minimum of the input's storage
    *type* (-128 for `i8`, 0 for `u8`, even when a narrower storage range
    is declared): one entry per 8-bit value, each inside the output storage
    range. The compiler fills it by evaluating the float function at every
    input value.

    Example:

    ```mlir
    %y = qcc.qlookup %x {table = array<i32: 0, 0, ..., 255>}
       : tensor<1x8x!quant.uniform<u8:f32, 0.1:128>> to tensor<1x8x!quant.uniform<u8:f32, 0.0039:0>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, DenseI32ArrayAttr:$table);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
}

def QCC_QSoftmaxOp : QCC_Op<"qsoftmax", [Pure]> {
  let summary = "quantized softmax along the innermost dimension, by exp table";
  let description = [{
    For each row along the last dimension (at most 32767 elements), with
    `m` the row's largest stored value:

    ```
    e[i] = exp_table[255 + q[i] - m]                     // Q16: exp(S_in·(d)) · 2^16
    s    = Σ e[i]
    out  = min(qmax, qmin + (e[i] · 256 + s / 2) / s)    // integer division
    ```

    The output scale is exactly 1/256 and its zero point the bottom of its
    storage range (0 for u8, -128 for i8), so `out - Z` counts 256ths.
    `exp_table` has 256 entries in `[0, 65536]`, the last (exp(0)) exactly
    65536, so the sum is never zero.

    Example:

    ```mlir
    %y = qcc.qsoftmax %x {exp_table = array<i32: ...>}
       : tensor<1x10x!quant.uniform<i8:f32, 0.1>> to tensor<1x10x!quant.uniform<i8:f32, 0.00390625:-128>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, DenseI32ArrayAttr:$exp_table);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `to` type($output)";
  let hasVerifier = 1;
}

def QCC_QLayerNormOp : QCC_Op<"qlayer_norm", [Pure]> {
  let summary = "quantized layer normalization over the innermost dimension";
  let description = [{
    For each row of `N` elements along the last dimension, in integers only
    (`qcc_isqrt_u64` and `qcc_rounding_divide_s64` of
    runtime/include/qcc/fixedpoint.h):

    ```
    d[i]  = N·(q[i] - Z_in) - Σ_j (q[j] - Z_in)       // N·(x - mean), exact
    s     = isqrt(Σ_i d[i]² + epsilon)                // N^1.5·σ / S_in
    t[i]  = s ? round(d[i]·2^16 / s) : 0              // (x - mean)/σ · 2^16/√N
    out   = requant[i](signs[i]·t[i] + bias[i])
    ```

    The compiler folds LayerNorm's γ and β into the per-channel output
    stage: `M[i] = |γ[i]|·√N / (2^16·S_out)`, `signs[i]` the sign of γ[i],
    `bias[i] = β[i]·2^16 / (|γ[i]|·√N)` (for γ[i] = 0, sign 0 and β's own
    term), and `epsilon = round(ε·N³ / S_in²)`.

    Example:

    ```mlir
    %y = qcc.qlayer_norm %x, %b {epsilon = 3 : i64, signs = array<i32: 1, -1>,
           requant = #qcc.requant<multiplier = [1073741824, 1073741824], shift = [10, 10],
                                  zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x2x!quant.uniform<i8:f32, 0.1>>, tensor<2xi32>) -> tensor<1x2x!quant.uniform<i8:f32, 0.02>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, QCC_BiasTensor:$bias,
                       I64Attr:$epsilon, DenseI32ArrayAttr:$signs,
                       QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = [{
    $input `,` $bias attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Pooling, concatenation, padding
//===----------------------------------------------------------------------===//

def QCC_QMaxPoolOp : QCC_Op<"qmax_pool", [Pure]> {
  let summary = "quantized 2-D max pooling, NHWC";
  let description = [{
    Input and output share one quantized type, so the maximum of stored
    values is the result; padded positions never win.

    Example:

    ```mlir
    %y = qcc.qmax_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
       : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, DenseI64ArrayAttr:$kernel,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_QAvgPoolOp : QCC_Op<"qavg_pool", [Pure]> {
  let summary = "quantized 2-D average pooling, NHWC";
  let description = [{
    `acc = Σ_window (q - Z_in)`, `avg = qcc_rounding_divide(acc, count)`
    (ties away from zero; `count` is the window size with
    `count_include_pad`, else the number of window positions inside the
    input), `out = requant(avg)` with `M = S_in / S_out`. Rounding the
    centred sum (rather than the raw one, as TFLite does) keeps the average
    symmetric around the zero point.

    Example:

    ```mlir
    %y = qcc.qavg_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>,
           requant = #qcc.requant<multiplier = [1073741824], shift = [-1],
                                  zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x8x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, DenseI64ArrayAttr:$kernel,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{1, 1}">:$strides,
                       DefaultValuedAttr<DenseI64ArrayAttr, "{0, 0, 0, 0}">:$pads,
                       DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
                       QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_QGlobalAvgPoolOp : QCC_Op<"qglobal_avg_pool", [Pure]> {
  let summary = "quantized mean over H and W, NHWC";
  let description = [{
    `out = requant(Σ_{h,w} (q - Z_in))` with the divisor folded into the
    multiplier: `M = S_in / (S_out · H · W)`, so only one rounding occurs.

    Example:

    ```mlir
    %y = qcc.qglobal_avg_pool %x {requant = #qcc.requant<multiplier = [1073741824],
           shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>}
       : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, QCC_RequantAttr:$requant);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_QConcatOp : QCC_Op<"qconcat", [Pure]> {
  let summary = "quantized concatenation, rescaling each input to the output";
  let description = [{
    Input `i` contributes `requants[i](q - Z_i)` with `M = S_i / S_out`
    (`multiplier = 2^30, shift = -1` is the identity).

    Example:

    ```mlir
    %y = qcc.qconcat %a, %b {axis = 3 : i64, requants = [
           #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = 0, clamp = [-128, 127], rounding = double>,
           #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>]}
       : (tensor<1x4x4x2x!quant.uniform<i8:f32, 0.1>>, tensor<1x4x4x3x!quant.uniform<i8:f32, 0.05>>)
       -> tensor<1x4x4x5x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins Variadic<QCC_QuantTensor>:$inputs, I64Attr:$axis,
                       TypedArrayAttrBase<QCC_RequantAttr, "requant per input">:$requants);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def QCC_QPadOp : QCC_Op<"qpad", [Pure]> {
  let summary = "quantized constant padding with the zero point";
  let description = [{
    Like `qcc.pad` with `value = 0.0`: new elements hold the zero point.
    Input and output share one quantized type.

    Example:

    ```mlir
    %y = qcc.qpad %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>}
       : (tensor<1x4x4x8x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x6x6x8x!quant.uniform<i8:f32, 0.1>>
    ```
  }];
  let arguments = (ins QCC_QuantTensor:$input, DenseI64ArrayAttr:$pads);
  let results = (outs QCC_QuantTensor:$output);
  let assemblyFormat = "$input attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

#endif // QCC_DIALECT_QCC_IR_QCCQUANTOPS_TD
