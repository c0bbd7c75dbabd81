// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon" | FileCheck %s --check-prefix=NEON
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon,+dotprod" | FileCheck %s --check-prefix=DOT
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+neon,+dotprod,+i8mm" | FileCheck %s --check-prefix=MMLA
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+avx2" | FileCheck %s --check-prefix=AVX2
// RUN: qcc-opt %s --split-input-file --qcc-lower-to-kernels="target-features=+avx2,+avx512vnni" | FileCheck %s --check-prefix=VNNI

// Tests that a fully-connected layer takes the vectorized kernel the enabled
// features allow, its weights (2 channels of depth 5) packed in a panel of
// 16 channels by groups of 16 (baseline NEON), 4 (SDOT) or 8 (SMMLA) depth
// values, zeros past the edges; the SMMLA kernel takes scratch for 4 rows
// packed in pairs (4 x 8 bytes). On x86-64, AVX2 takes the SDOT packing and
// AVX-512 VNNI the same with every byte xored with 0x80 (its unsigned
// operand: w + 128, padding 0x80 for 0); the bias is the same.
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
// AVX2-LABEL: func.func @fully_connected
// AVX2: qcc.kernel "qcc_fully_connected_s8_avx2"
// AVX2-SAME: dense<"0x0102030406070809{{(00)+}}050000000A000000{{(00)+}}"> : tensor<128xi8>
// VNNI-LABEL: func.func @fully_connected
// VNNI: qcc.kernel "qcc_fully_connected_s8_avx512vnni"
// VNNI-SAME: dense<"0x8182838486878889{{(80)+}}858080808A808080{{(80)+}}"> : tensor<128xi8>
// VNNI-SAME: dense<0> : tensor<2xi32>
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
// VNNI-LABEL: func.func @paired_weights
// VNNI: qcc.kernel "qcc_fully_connected_s8_avx512vnni"
// VNNI: qcc.kernel "qcc_fully_connected_s8_avx512vnni"
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
// AVX2-LABEL: func.func @conv_scratch
// AVX2: qcc.kernel "qcc_conv2d_s8_avx2"
// AVX2-SAME: scratch = 128
// VNNI-LABEL: func.func @conv_scratch
// VNNI: qcc.kernel "qcc_conv2d_s8_avx512vnni"
// VNNI-SAME: scratch = 128
func.func @conv_scratch(%arg0: tensor<1x5x5x3xf32>) -> tensor<1x3x3x2xf32> {
  %w = qcc.qconstant dense<1> : tensor<2x3x3x3xi8> -> tensor<2x3x3x3x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x5x5x3xf32> to tensor<1x5x5x3x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x5x5x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x2xf32>
  return %r : tensor<1x3x3x2xf32>
}

// -----

// Tests that on x86-64 a depthwise convolution and a same-shape add take the
// AVX-512 kernels with +avx512vnni and the AVX2 ones with +avx2 alone.
// AVX2-LABEL: func.func @depthwise_and_add
// AVX2: qcc.kernel "qcc_depthwise_conv2d_s8_avx2"
// AVX2: qcc.kernel "qcc_add_s8_avx2"
// VNNI-LABEL: func.func @depthwise_and_add
// VNNI: qcc.kernel "qcc_depthwise_conv2d_s8_avx512"
// VNNI: qcc.kernel "qcc_add_s8_avx512"
func.func @depthwise_and_add(%arg0: tensor<1x4x4x16xf32>) -> (tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>) {
  %w = qcc.qconstant dense<1> : tensor<16x3x3x1xi8> -> tensor<16x3x3x1x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x4x4x16xf32> to tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>
  %y = qcc.qconv2d %q, %w {group = 16 : i64, pads = array<i64: 1, 1, 1, 1>, requant = #qcc.requant<multiplier = [1073741824], shift = [4], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>, tensor<16x3x3x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x16x!quant.uniform<i8:f32, 0.32>>
  %s = qcc.qadd %q, %q {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #qcc.requant<multiplier = [1073741824], shift = [19], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>, tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x16x!quant.uniform<i8:f32, 0.2>>
  %r = qcc.dequantize %s : tensor<1x4x4x16x!quant.uniform<i8:f32, 0.2>> to tensor<1x4x4x16xf32>
  %r2 = qcc.dequantize %y : tensor<1x4x4x16x!quant.uniform<i8:f32, 0.32>> to tensor<1x4x4x16xf32>
  return %r2, %r : tensor<1x4x4x16xf32>, tensor<1x4x4x16xf32>
}
