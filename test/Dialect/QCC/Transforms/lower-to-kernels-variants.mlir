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

// Tests that a grouped convolution takes the KxK vectorized kernels, each
// group's weights packed as panels of their own: 2 groups of 2 input and
// 9 output channels (weights 1 to 9 and 10 to 18), each in a panel of 16.
// NEON-LABEL: func.func @grouped
// NEON: qcc.kernel "qcc_conv2d_s8_neon"
// DOT-LABEL: func.func @grouped
// DOT: qcc.kernel "qcc_conv2d_s8_dotprod"
// DOT-SAME: dense<"0x010100000202000003030000040400000505000006060000070700000808000009090000{{(00)+}}0A0A00000B0B00000C0C00000D0D00000E0E00000F0F0000101000001111000012120000{{(00)+}}"> : tensor<128xi8>
// DOT-SAME: scratch = 32
// AVX2-LABEL: func.func @grouped
// AVX2: qcc.kernel "qcc_conv2d_s8_avx2"
// VNNI-LABEL: func.func @grouped
// VNNI: qcc.kernel "qcc_conv2d_s8_avx512vnni"
func.func @grouped(%arg0: tensor<1x3x3x4xf32>) -> tensor<1x3x3x18xf32> {
  %w = qcc.qconstant dense<[[[[1, 1]]], [[[2, 2]]], [[[3, 3]]], [[[4, 4]]], [[[5, 5]]], [[[6, 6]]], [[[7, 7]]], [[[8, 8]]], [[[9, 9]]], [[[10, 10]]], [[[11, 11]]], [[[12, 12]]], [[[13, 13]]], [[[14, 14]]], [[[15, 15]]], [[[16, 16]]], [[[17, 17]]], [[[18, 18]]]]> : tensor<18x1x1x2xi8> -> tensor<18x1x1x2x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x3x3x4xf32> to tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 2 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5>>, tensor<18x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x18x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x18x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x18xf32>
  return %r : tensor<1x3x3x18xf32>
}

// -----

// Tests that groups of fewer than 16 output channels share a panel, as one
// group of block-diagonal weights: 2 groups of 2 input and 2 output
// channels (1x1, padded: the KxK kernels) become 1 group of 4 and 4
// (descriptor field 16: groups), the
// other group's inputs weighted by the weight zero point 3 (which stands
// for 0: the folded bias is the same as the groups' own).
// NEON-LABEL: func.func @grouped_in_one_panel
// NEON: qcc.kernel "qcc_conv2d_s8_neon"
// NEON-SAME: descriptor = array<i32: 1, 3, 3, 4, 5, 5, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1,
// DOT-LABEL: func.func @grouped_in_one_panel
// DOT: qcc.kernel "qcc_conv2d_s8_dotprod"
// DOT-SAME: dense<[1, 2, 3, 3, 3, 4, 3, 3, 3, 3, 5, 6, 3, 3, 7, 8, 0{{(, 0)+}}]> : tensor<64xi8>
// DOT-SAME: dense<[3, -1, -5, -9]> : tensor<4xi32>
// DOT-SAME: descriptor = array<i32: 1, 3, 3, 4, 5, 5, 4, 1, 1, 1, 1, 1, 1, 1, 1, 1,
// MMLA-LABEL: func.func @grouped_in_one_panel
// MMLA: qcc.kernel "qcc_conv2d_s8_i8mm"
// MMLA-SAME: dense<"0x01020303000000000304030300000000030305060000000003030708{{(00)+}}"> : tensor<128xi8>
// VNNI-LABEL: func.func @grouped_in_one_panel
// VNNI: qcc.kernel "qcc_conv2d_s8_avx512vnni"
// VNNI-SAME: dense<[-127, -126, -125, -125, -125, -124, -125, -125, -125, -125, -123, -122, -125, -125, -121, -120, -128{{(, -128)+}}]> : tensor<64xi8>
func.func @grouped_in_one_panel(%arg0: tensor<1x3x3x4xf32>) -> tensor<1x5x5x4xf32> {
  %w = qcc.qconstant dense<[[[[1, 2]]], [[[3, 4]]], [[[5, 6]]], [[[7, 8]]]]> : tensor<4x1x1x2xi8> -> tensor<4x1x1x2x!quant.uniform<i8:f32, 0.1:3>>
  %q = qcc.quantize %arg0 : tensor<1x3x3x4xf32> to tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:1>>
  %y = qcc.qconv2d %q, %w {group = 2 : i64, pads = array<i64: 1, 1, 1, 1>, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5:1>>, tensor<4x1x1x2x!quant.uniform<i8:f32, 0.1:3>>) -> tensor<1x5x5x4x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x5x5x4x!quant.uniform<i8:f32, 0.1>> to tensor<1x5x5x4xf32>
  return %r : tensor<1x5x5x4xf32>
}

// -----

// Tests that 8 groups of 3 input and 4 output channels (3x3) run as 2 groups
// of 4 merged ones (the largest divisor of 8 with 4·m <= 16): descriptor
// field 16 is 2, the windows are of the merged depth 3·3·12 = 108 (112
// rounded: scratch 4·112, and 8·112 for SMMLA), and the MACs stay the real
// ones, 3·3 pixels · 32 channels · 27.
// DOT-LABEL: func.func @grouped_merged
// DOT: qcc.kernel "qcc_conv2d_s8_dotprod"
// DOT-SAME: descriptor = array<i32: 1, 5, 5, 24, 3, 3, 32, 3, 3, 1, 1, 0, 0, 1, 1, 2,
// DOT-SAME: qcc.macs = 7776 : i64, scratch = 448 : i64
// MMLA-LABEL: func.func @grouped_merged
// MMLA: qcc.kernel "qcc_conv2d_s8_i8mm"
// MMLA-SAME: qcc.macs = 7776 : i64, scratch = 896 : i64
// AVX2-LABEL: func.func @grouped_merged
// AVX2: qcc.kernel "qcc_conv2d_s8_avx2"
// AVX2-SAME: descriptor = array<i32: 1, 5, 5, 24, 3, 3, 32, 3, 3, 1, 1, 0, 0, 1, 1, 2,
func.func @grouped_merged(%arg0: tensor<1x5x5x24xf32>) -> tensor<1x3x3x32xf32> {
  %w = qcc.qconstant dense<1> : tensor<32x3x3x3xi8> -> tensor<32x3x3x3x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x5x5x24xf32> to tensor<1x5x5x24x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 8 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x5x5x24x!quant.uniform<i8:f32, 0.5>>, tensor<32x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x32xf32>
  return %r : tensor<1x3x3x32xf32>
}

// -----

// Tests that a 1x1 convolution of 2 groups of 8 output channels, merged
// into one group, runs as a GEMM read in place (the 1x1 kernel, no window
// scratch).
// NEON-LABEL: func.func @grouped_pointwise
// NEON: qcc.kernel "qcc_conv2d_1x1_s8_neon"
// DOT-LABEL: func.func @grouped_pointwise
// DOT: qcc.kernel "qcc_conv2d_1x1_s8_dotprod"
// DOT-SAME: descriptor = array<i32: 1, 3, 3, 4, 3, 3, 16, 1, 1, 1, 1, 0, 0, 1, 1, 1,
// DOT-NOT: scratch
// DOT: return
// VNNI-LABEL: func.func @grouped_pointwise
// VNNI: qcc.kernel "qcc_conv2d_1x1_s8_avx512vnni"
func.func @grouped_pointwise(%arg0: tensor<1x3x3x4xf32>) -> tensor<1x3x3x16xf32> {
  %w = qcc.qconstant dense<1> : tensor<16x1x1x2xi8> -> tensor<16x1x1x2x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x3x3x4xf32> to tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 2 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x4x!quant.uniform<i8:f32, 0.5>>, tensor<16x1x1x2x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x16x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x16x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x16xf32>
  return %r : tensor<1x3x3x16xf32>
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

// -----

// Tests that mul, requantize and table lookup take the NEON kernels on
// AArch64, and mul and requantize the AVX-512 or AVX2 ones on x86-64 (the
// lookup stays portable there).
// NEON-LABEL: func.func @elementwise
// NEON: qcc.kernel "qcc_mul_s8_neon"
// NEON: qcc.kernel "qcc_requantize_s8_neon"
// NEON: qcc.kernel "qcc_lookup_s8_neon"
// AVX2-LABEL: func.func @elementwise
// AVX2: qcc.kernel "qcc_mul_s8_avx2"
// AVX2: qcc.kernel "qcc_requantize_s8_avx2"
// AVX2: qcc.kernel "qcc_lookup_s8"(
// VNNI-LABEL: func.func @elementwise
// VNNI: qcc.kernel "qcc_mul_s8_avx512"
// VNNI: qcc.kernel "qcc_requantize_s8_avx512"
// VNNI: qcc.kernel "qcc_lookup_s8"(
func.func @elementwise(%arg0: tensor<1x4x4x16xf32>, %arg1: tensor<1x1x1x16xf32>) -> tensor<1x4x4x16xf32> {
  %q = qcc.quantize %arg0 : tensor<1x4x4x16xf32> to tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>
  %s = qcc.quantize %arg1 : tensor<1x1x1x16xf32> to tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1>>
  %m = qcc.qmul %q, %s {requant = #qcc.requant<multiplier = [1717986918], shift = [4], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x4x4x16x!quant.uniform<i8:f32, 0.1>>, tensor<1x1x1x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x4x4x16x!quant.uniform<i8:f32, 0.2>>
  %r = qcc.requantize %m {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 3, clamp = [-128, 127], rounding = double>} : tensor<1x4x4x16x!quant.uniform<i8:f32, 0.2>> to tensor<1x4x4x16x!quant.uniform<i8:f32, 0.4:3>>
  %l = qcc.qlookup %r {table = array<i32: -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127>} : tensor<1x4x4x16x!quant.uniform<i8:f32, 0.4:3>> to tensor<1x4x4x16x!quant.uniform<i8:f32, 0.4:3>>
  %d = qcc.dequantize %l : tensor<1x4x4x16x!quant.uniform<i8:f32, 0.4:3>> to tensor<1x4x4x16xf32>
  return %d : tensor<1x4x4x16xf32>
}

// -----

// Tests that the matmul of two activations takes the SMMLA kernel with
// +i8mm, the SDOT one with +dotprod, the NEON one otherwise on AArch64, and the AVX-512 or AVX2 one
// on x86-64.
// NEON-LABEL: func.func @matmul
// NEON: qcc.kernel "qcc_matmul_s8_neon"
// DOT-LABEL: func.func @matmul
// DOT: qcc.kernel "qcc_matmul_s8_dotprod"
// MMLA-LABEL: func.func @matmul
// MMLA: qcc.kernel "qcc_matmul_s8_i8mm"
// AVX2-LABEL: func.func @matmul
// AVX2: qcc.kernel "qcc_matmul_s8_avx2"
// VNNI-LABEL: func.func @matmul
// VNNI: qcc.kernel "qcc_matmul_s8_avx512"
func.func @matmul(%arg0: tensor<2x16x8xf32>, %arg1: tensor<2x8x16xf32>) -> tensor<2x16x16xf32> {
  %a = qcc.quantize %arg0 : tensor<2x16x8xf32> to tensor<2x16x8x!quant.uniform<i8:f32, 0.1>>
  %b = qcc.quantize %arg1 : tensor<2x8x16xf32> to tensor<2x8x16x!quant.uniform<i8:f32, 0.1>>
  %m = qcc.qmatmul %a, %b {requant = #qcc.requant<multiplier = [1717986918], shift = [4], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<2x16x8x!quant.uniform<i8:f32, 0.1>>, tensor<2x8x16x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x16x16x!quant.uniform<i8:f32, 0.2>>
  %d = qcc.dequantize %m : tensor<2x16x16x!quant.uniform<i8:f32, 0.2>> to tensor<2x16x16xf32>
  return %d : tensor<2x16x16xf32>
}

// -----

// Tests that softmax and layer normalization take the NEON kernels on
// AArch64 and the AVX-512 or AVX2 ones on x86-64.
// NEON-LABEL: func.func @softmax_and_layer_norm
// NEON: qcc.kernel "qcc_layer_norm_s8_neon"
// NEON: qcc.kernel "qcc_softmax_s8_neon"
// AVX2-LABEL: func.func @softmax_and_layer_norm
// AVX2: qcc.kernel "qcc_layer_norm_s8_avx2"
// AVX2: qcc.kernel "qcc_softmax_s8_avx2"
// VNNI-LABEL: func.func @softmax_and_layer_norm
// VNNI: qcc.kernel "qcc_layer_norm_s8_avx512"
// VNNI: qcc.kernel "qcc_softmax_s8_avx512"
func.func @softmax_and_layer_norm(%arg0: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<[7, 8]> : tensor<2xi32>
  %q = qcc.quantize %arg0 : tensor<3x2xf32> to tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  %n = qcc.qlayer_norm %q, %b {epsilon = 4294967301 : i64, signs = array<i32: 1, -1>,
         requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<3x2x!quant.uniform<i8:f32, 0.1>>, tensor<2xi32>) -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  %s = qcc.qsoftmax %n {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65536>} : tensor<3x2x!quant.uniform<i8:f32, 0.1>> to tensor<3x2x!quant.uniform<i8:f32, 0.00390625:-128>>
  %r = qcc.dequantize %s : tensor<3x2x!quant.uniform<i8:f32, 0.00390625:-128>> to tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}

// -----

// Tests that the pools take their NEON kernels on AArch64 and their
// AVX-512 or AVX2 ones on x86-64.
// NEON-LABEL: func.func @pools
// NEON: qcc.kernel "qcc_max_pool_s8_neon"
// NEON: qcc.kernel "qcc_avg_pool_s8_neon"
// NEON: qcc.kernel "qcc_global_avg_pool_s8_neon"
// DOT-LABEL: func.func @pools
// DOT: qcc.kernel "qcc_max_pool_s8_neon"
// MMLA-LABEL: func.func @pools
// MMLA: qcc.kernel "qcc_max_pool_s8_neon"
// AVX2-LABEL: func.func @pools
// AVX2: qcc.kernel "qcc_max_pool_s8_avx2"
// AVX2: qcc.kernel "qcc_avg_pool_s8_avx2"
// AVX2: qcc.kernel "qcc_global_avg_pool_s8_avx2"
// VNNI-LABEL: func.func @pools
// VNNI: qcc.kernel "qcc_max_pool_s8_avx512"
// VNNI: qcc.kernel "qcc_avg_pool_s8_avx512"
// VNNI: qcc.kernel "qcc_global_avg_pool_s8_avx512"
func.func @pools(%arg0: tensor<1x8x8x32xf32>) -> (tensor<1x3x3x32xf32>, tensor<1x1x1x32xf32>, tensor<1x1x1x32xf32>) {
  %q = qcc.quantize %arg0 : tensor<1x8x8x32xf32> to tensor<1x8x8x32x!quant.uniform<i8:f32, 0.1:-3>>
  %m = qcc.qmax_pool %q {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>} : (tensor<1x8x8x32x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1:-3>>
  %a = qcc.qavg_pool %m {kernel = array<i64: 3, 3>, requant = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = -3, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.1:-3>>
  %g = qcc.qglobal_avg_pool %m {requant = #qcc.requant<multiplier = [1908874354], shift = [3], zero_point = -3, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1:-3>>) -> tensor<1x1x1x32x!quant.uniform<i8:f32, 0.1:-3>>
  %d0 = qcc.dequantize %a : tensor<1x1x1x32x!quant.uniform<i8:f32, 0.1:-3>> to tensor<1x1x1x32xf32>
  %d1 = qcc.dequantize %g : tensor<1x1x1x32x!quant.uniform<i8:f32, 0.1:-3>> to tensor<1x1x1x32xf32>
  %u = qcc.dequantize %m : tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1:-3>> to tensor<1x3x3x32xf32>
  return %u, %d0, %d1 : tensor<1x3x3x32xf32>, tensor<1x1x1x32xf32>, tensor<1x1x1x32xf32>
}

// -----

// Tests that a concatenation's calls take the NEON kernel on AArch64 and
// the AVX-512 or AVX2 one on x86-64, the second still tied to the first.
// NEON-LABEL: func.func @concat
// NEON: %[[A:.+]] = qcc.kernel "qcc_concat_s8_neon"
// NEON: qcc.kernel "qcc_concat_s8_neon"(%{{.+}}, %[[A]]) {{.*}}tied
// DOT-LABEL: func.func @concat
// DOT: qcc.kernel "qcc_concat_s8_neon"
// MMLA-LABEL: func.func @concat
// MMLA: qcc.kernel "qcc_concat_s8_neon"
// AVX2-LABEL: func.func @concat
// AVX2: qcc.kernel "qcc_concat_s8_avx2"
// VNNI-LABEL: func.func @concat
// VNNI: qcc.kernel "qcc_concat_s8_avx512"
func.func @concat(%arg0: tensor<2x1xf32>, %arg1: tensor<2x2xf32>) -> tensor<2x3xf32> {
  %a = qcc.quantize %arg0 : tensor<2x1xf32> to tensor<2x1x!quant.uniform<i8:f32, 0.1>>
  %b = qcc.quantize %arg1 : tensor<2x2xf32> to tensor<2x2x!quant.uniform<i8:f32, 0.2>>
  %c = qcc.qconcat %a, %b {axis = 1 : i64, requants = [
         #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = 0, clamp = [-128, 127], rounding = double>,
         #qcc.requant<multiplier = [1073741824], shift = [-2], zero_point = 0, clamp = [-128, 127], rounding = double>]}
     : (tensor<2x1x!quant.uniform<i8:f32, 0.1>>, tensor<2x2x!quant.uniform<i8:f32, 0.2>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %c : tensor<2x3x!quant.uniform<i8:f32, 0.1>> to tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}
