// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon" | FileCheck %s --check-prefix=NEON
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon,+dotprod" | FileCheck %s --check-prefix=DOT
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon,+dotprod,+i8mm" | FileCheck %s --check-prefix=MMLA

// Tests that a fully-connected layer takes the vectorized kernel the enabled
// features allow, its weights (2 channels of depth 5) packed in a panel of
// 16 channels by groups of 16 (baseline NEON), 4 (SDOT) or 8 (SMMLA) depth
// values, zeros past the edges; the SMMLA kernel takes scratch for 4 rows
// packed in pairs (4 x 8 bytes).
// NEON-LABEL: func.func @fully_connected
// NEON: qcc.kernel "qcc_fully_connected_s8_neon"
// NEON-SAME: dense<"0x01020304050000000000000000000000060708090A0000000000000000000000{{(00)+}}"> : tensor<256xi8>
// DOT-LABEL: func.func @fully_connected
// DOT: qcc.kernel "qcc_fully_connected_s8_dotprod"
// DOT-SAME: dense<"0x0102030406070809{{(00)+}}050000000A000000{{(00)+}}"> : tensor<128xi8>
// MMLA-LABEL: func.func @fully_connected
// MMLA: qcc.kernel "qcc_fully_connected_s8_i8mm"
// MMLA-SAME: dense<"0x0102030405000000060708090A000000{{(00)+}}"> : tensor<128xi8>
// MMLA-SAME: scratch = 32
func.func @fully_connected(%arg0: tensor<3x5xf32>) -> tensor<3x2xf32> {
  %w = qcc.qconstant dense<[[1, 2, 3, 4, 5], [6, 7, 8, 9, 10]]> : tensor<2x5xi8> -> tensor<2x5x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<3x5xf32> to tensor<3x5x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qfully_connected %q, %w {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<3x5x!quant.uniform<i8:f32, 0.5>>, tensor<2x5x!quant.uniform<i8:f32, 0.1>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<3x2x!quant.uniform<i8:f32, 0.1>> to tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// Tests that the baseline kernel, which adds the products of depth k and
// k + 8 in 16 bits, takes -128 weights, but not a channel with -128 at both
// depth 0 and 8: the one that widens products on their own takes that layer.
// NEON-LABEL: func.func @paired_weights
// NEON: qcc.kernel "qcc_fully_connected_s8_neon"(
// NEON: qcc.kernel "qcc_fully_connected_s8_neon_wide"(
// DOT-LABEL: func.func @paired_weights
// DOT: qcc.kernel "qcc_fully_connected_s8_dotprod"
// DOT: qcc.kernel "qcc_fully_connected_s8_dotprod"
func.func @paired_weights(%arg0: tensor<1x9xf32>) -> (tensor<1x2xf32>, tensor<1x2xf32>) {
  %w1 = qcc.qconstant dense<[[-128, 0, 0, 0, 0, 0, 0, 0, 1], [1, 0, 0, 0, 0, 0, 0, 0, -128]]> : tensor<2x9xi8> -> tensor<2x9x!quant.uniform<i8:f32, 0.1>>
  %w2 = qcc.qconstant dense<[[1, 0, 0, 0, 0, 0, 0, 0, 1], [-128, 0, 0, 0, 0, 0, 0, 0, -128]]> : tensor<2x9xi8> -> tensor<2x9x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x9xf32> to tensor<1x9x!quant.uniform<i8:f32, 0.5>>
  %y1 = qcc.qfully_connected %q, %w1 {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x9x!quant.uniform<i8:f32, 0.5>>, tensor<2x9x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.1>>
  %y2 = qcc.qfully_connected %q, %w2 {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x9x!quant.uniform<i8:f32, 0.5>>, tensor<2x9x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x!quant.uniform<i8:f32, 0.1>>
  %r1 = qcc.dequantize %y1 : tensor<1x2x!quant.uniform<i8:f32, 0.1>> to tensor<1x2xf32>
  %r2 = qcc.dequantize %y2 : tensor<1x2x!quant.uniform<i8:f32, 0.1>> to tensor<1x2xf32>
  return %r1, %r2 : tensor<1x2xf32>, tensor<1x2xf32>
}

// -----

// Tests that a KxK convolution with a vectorized kernel takes arena scratch
// for 4 windows, each rounded up to 8 bytes (3x3x3 = 27 -> 32, so 128), and
// the SMMLA one for 4 rows packed in pairs too (256).
// DOT-LABEL: func.func @conv_scratch
// DOT: qcc.kernel "qcc_conv2d_s8_dotprod"
// DOT-SAME: scratch = 128
// MMLA-LABEL: func.func @conv_scratch
// MMLA: qcc.kernel "qcc_conv2d_s8_i8mm"
// MMLA-SAME: scratch = 256
func.func @conv_scratch(%arg0: tensor<1x5x5x3xf32>) -> tensor<1x3x3x2xf32> {
  %w = qcc.qconstant dense<1> : tensor<2x3x3x3xi8> -> tensor<2x3x3x3x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x5x5x3xf32> to tensor<1x5x5x3x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x5x5x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x2xf32>
  return %r : tensor<1x3x3x2xf32>
}
