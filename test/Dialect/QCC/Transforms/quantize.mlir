// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-quantize -canonicalize | FileCheck %s

// The inputs are in the form qcc-fuse-activation and qcc-propagate-ranges
// leave: activations fused as clamp_min/clamp_max, every tensor between
// quantization points behind a fake_quant.

!in = !quant.uniform<u8:f32, 0.05:10>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!out = !quant.uniform<u8:f32, 0.1:5>

// Tests a QAT-style conv: the input quantization becomes qcc.quantize, the
// fake-quantized weights qconstant (OHWI after the folded transpose), the
// bias int32 with scale S_in·S_w = [5e-4, 1e-3], the multipliers
// S_in·S_w / S_out = [0.005, 0.01], the fused ReLU the clamp [Z_out, 255], and the
// output a dequantize; the conv runs NHWC between transposes.
// CHECK-LABEL: func @conv_relu
func.func @conv_relu(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK-DAG: %[[W:.+]] = qcc.qconstant dense<{{\[\[\[\[}}50]]], {{\[\[\[}}-25]]]]> : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>
  // CHECK-DAG: %[[B:.+]] = arith.constant dense<[200, -100]> : tensor<2xi32>
  // CHECK: %[[Q:.+]] = qcc.quantize %{{.*}} : tensor<1x1x2x2xf32> to tensor<1x1x2x2x!quant.uniform<u8:f32, 5.000000e-02:10>>
  // CHECK: %[[T:.+]] = qcc.transpose %[[Q]] {perm = array<i64: 0, 2, 3, 1>}
  // CHECK: %[[C:.+]] = qcc.qconv2d %[[T]], %[[W]], %[[B]] {requant = #qcc.requant<multiplier = [1374389535, 1374389535], shift = [7, 6], zero_point = 5, clamp = [5, 255], rounding = double>}
  // CHECK: %[[Y:.+]] = qcc.transpose %[[C]] {perm = array<i64: 0, 3, 1, 2>}
  // CHECK: %[[D:.+]] = qcc.dequantize %[[Y]]
  // CHECK: return %[[D]]
  %w = arith.constant dense<[[[[0.5]]], [[[-0.5]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[0.1, -0.1]> : tensor<2xf32>
  %0 = qcc.fake_quant %x to !in : tensor<1x1x2x2xf32>
  %1 = qcc.fake_quant %w to !w : tensor<2x1x1x1xf32>
  %2 = qcc.conv2d %0, %1, %b {clamp_min = 0.0 : f32} : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %3 = qcc.fake_quant %2 to !out : tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!w = !quant.uniform<i8:f32, 0.5>
!o = !quant.uniform<i8:f32, 0.25:-3>

// Tests the converted-model form: stored weights and an int32 bias behind
// qcc.dequantize, a max pool and a flatten that keep their input's
// quantization, and a fully_connected (M = 0.1·0.5/0.25 = 0.2).
// CHECK-LABEL: func @converted
func.func @converted(%x: tensor<1x1x2x2xf32>) -> tensor<1x2xf32> {
  // CHECK: %[[Q:.+]] = qcc.quantize
  // CHECK: qcc.qmax_pool %{{.*}} {kernel = array<i64: 2, 2>} : (tensor<1x2x2x1x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x1x1x1x!quant.uniform<i8:f32, 1.000000e-01>>
  // CHECK: %[[F:.+]] = qcc.reshape %{{.*}} : (tensor<1x1x1x1x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x1x!quant.uniform<i8:f32, 1.000000e-01>>
  // CHECK: qcc.qfully_connected %[[F]], %{{.*}}, %{{.*}} {requant = #qcc.requant<multiplier = [1717986918], shift = [2], zero_point = -3, clamp = [-128, 127], rounding = double>}
  %wq = qcc.qconstant dense<[[2], [-4]]> : tensor<2x1xi8> -> tensor<2x1x!w>
  %bq = qcc.qconstant dense<[7, -7]> : tensor<2xi32> -> tensor<2x!quant.uniform<i32:f32, 0.05>>
  %w = qcc.dequantize %wq : tensor<2x1x!w> to tensor<2x1xf32>
  %b = qcc.dequantize %bq : tensor<2x!quant.uniform<i32:f32, 0.05>> to tensor<2xf32>
  %0 = qcc.fake_quant %x to !a : tensor<1x1x2x2xf32>
  %1 = qcc.max_pool %0 {kernel = array<i64: 2, 2>} : (tensor<1x1x2x2xf32>) -> tensor<1x1x1x1xf32>
  %2 = qcc.reshape %1 : (tensor<1x1x1x1xf32>) -> tensor<1x1xf32>
  %3 = qcc.fully_connected %2, %w, %b : (tensor<1x1xf32>, tensor<2x1xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  %4 = qcc.fake_quant %3 to !o : tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}

// -----

// Tests that an output without a quantization point is reported.
func.func @float_output(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.relu %x : tensor<1x4xf32>
  // expected-error@+1 {{output #0 is not quantized (no fake_quant before it; run qcc-propagate-ranges first)}}
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that a conv whose input has no quantization is reported on the op.
func.func @unquantized_input(%x: tensor<1x1x2x2xf32>) -> tensor<1x1x2x2xf32> {
  %w = arith.constant dense<1.0> : tensor<1x1x1x1xf32>
  %wq = qcc.fake_quant %w to !quant.uniform<i8:f32, 0.1> : tensor<1x1x1x1xf32>
  // expected-error@+1 {{cannot quantize: its input is not quantized (no fake_quant before it)}}
  %0 = qcc.conv2d %x, %wq : (tensor<1x1x2x2xf32>, tensor<1x1x1x1xf32>) -> tensor<1x1x2x2xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.1> : tensor<1x1x2x2xf32>
  return %1 : tensor<1x1x2x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:10>

// Tests a zero padding on its input's grid (new elements hold the zero
// point), one moved to another grid by a requantization, and one whose
// value is not the zero point.
// CHECK-LABEL: func @pad
func.func @pad(%x: tensor<1x2xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK: %[[Q:.+]] = qcc.quantize
  // CHECK: %[[P:.+]] = qcc.qpad %[[Q]] {pads = array<i64: 0, 1, 0, 1>} : (tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01:10>>) -> tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:10>>
  // CHECK: %[[R:.+]] = qcc.requantize %{{.+}} {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0
  %0 = qcc.fake_quant %x to !a : tensor<1x2xf32>
  %1 = qcc.pad %0 {pads = array<i64: 0, 1, 0, 1>} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !a : tensor<1x4xf32>
  %3 = qcc.pad %0 {pads = array<i64: 0, 1, 0, 1>} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  %4 = qcc.fake_quant %3 to !quant.uniform<u8:f32, 0.2> : tensor<1x4xf32>
  return %2, %4 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

func.func @pad_value(%x: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<1x2xf32>
  // expected-error@+1 {{cannot quantize: it pads with 1.000000e+00, not 0 (the zero point)}}
  %1 = qcc.pad %0 {pads = array<i64: 0, 1, 0, 1>, value = 1.0 : f32} : (tensor<1x2xf32>) -> tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.1:10> : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that an output grid other than 8-bit per tensor is refused.
func.func @wide_output(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  // expected-error@+1 {{cannot quantize: its output must be quantized per tensor to 8 bits}}
  %1 = qcc.add %0, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<i32:f32, 0.1> : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that an op the pass does not lower yet is named.
func.func @not_yet(%x: tensor<1x4xf32>) -> tensor<1x1xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  // expected-error@+1 {{cannot quantize 'qcc.reduce_mean' yet}}
  %1 = qcc.reduce_mean %0 {axes = array<i64: 1>} : (tensor<1x4xf32>) -> tensor<1x1xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.00390625> : tensor<1x1xf32>
  return %2 : tensor<1x1xf32>
}

// -----

// Tests that a function of one tensor whose value is not a number on the
// input grid is refused, naming the op: sqrt of negative inputs.
func.func @not_a_number(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  // expected-error@+1 {{cannot quantize: its value at -12.8, which the input grid holds, is not a number}}
  %1 = qcc.sqrt %0 : tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.05> : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.1>

// Tests that an integer-level function (a QOperator model) passes
// unchanged: its outputs are integers already.
// CHECK-LABEL: func @already_integer
// CHECK-SAME: (%[[X:.+]]: tensor<4x!quant.uniform<i8:f32, 1.000000e-01>>)
// CHECK-NEXT: return %[[X]]
func.func @already_integer(%x: tensor<4x!a>) -> tensor<4x!a> {
  return %x : tensor<4x!a>
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!b = !quant.uniform<i8:f32, 0.2:3>
!o = !quant.uniform<i8:f32, 0.5>

// Tests a residual add: both inputs go to the scale 2·max(Sa, Sb) / 2^20
// (multipliers 0.25 and 0.5), then to the output (M = 0.4 / 2^20 / 0.5).
// CHECK-LABEL: func @residual_add
func.func @residual_add(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: qcc.qadd %{{.*}}, %{{.*}} {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 1 : i32, requant = #qcc.requant<multiplier = [1717986918], shift = [20], zero_point = 0, clamp = [-128, 127], rounding = double>, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32}
  %0 = qcc.fake_quant %x to !a : tensor<1x4xf32>
  %1 = qcc.fake_quant %y to !b : tensor<1x4xf32>
  %2 = qcc.add %0, %1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !o : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1>
!o = !quant.uniform<u8:f32, 0.05>

// Tests a global average pool with its own quantization (H·W = 4 folded into
// M = 0.1 / (0.05·4) = 0.5), and one on its input's grid (where
// qcc-propagate-ranges puts PyTorch's QAT pool before a flatten): M = 1/4.
// CHECK-LABEL: func @global_pools
func.func @global_pools(%x: tensor<1x2x2x2xf32>) -> (tensor<1x2x1x1xf32>, tensor<1x2xf32>) {
  // CHECK: qcc.qglobal_avg_pool %{{.*}} {requant = #qcc.requant<multiplier = [1073741824], shift = [0], {{.*}}} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01>>) -> tensor<1x1x1x2x!quant.uniform<u8:f32, 5.000000e-02>>
  // CHECK: qcc.qglobal_avg_pool %{{.*}} {requant = #qcc.requant<multiplier = [1073741824], shift = [1], {{.*}}} : (tensor<1x2x2x2x!quant.uniform<u8:f32, 1.000000e-01>>) -> tensor<1x1x1x2x!quant.uniform<u8:f32, 1.000000e-01>>
  // CHECK: qcc.reshape %{{.*}} -> tensor<1x2x!quant.uniform<u8:f32, 1.000000e-01>>
  %0 = qcc.fake_quant %x to !a : tensor<1x2x2x2xf32>
  %1 = qcc.global_avg_pool %0 : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %2 = qcc.fake_quant %1 to !o : tensor<1x2x1x1xf32>
  %3 = qcc.global_avg_pool %0 : (tensor<1x2x2x2xf32>) -> tensor<1x2x1x1xf32>
  %4 = qcc.fake_quant %3 to !a : tensor<1x2x1x1xf32>
  %5 = qcc.reshape %4 : (tensor<1x2x1x1xf32>) -> tensor<1x2xf32>
  %6 = qcc.fake_quant %5 to !a : tensor<1x2xf32>
  return %2, %6 : tensor<1x2x1x1xf32>, tensor<1x2xf32>
}

// -----

!a = !quant.uniform<u8:f32, 0.1:100>
!o = !quant.uniform<u8:f32, 0.2:50>

// Tests an activation of a quantized value, on the same grid (a clamp:
// [Z, 255]) and on another one (a requantization
// whose clamp is the ReLU), and a concat rescaling its inputs to the
// output grid (M = 0.1 / 0.2 = 0.5).
// CHECK-LABEL: func @activation_and_concat
func.func @activation_and_concat(%x: tensor<1x2xf32>) -> (tensor<1x2xf32>, tensor<1x4xf32>) {
  // CHECK: %[[Q:.+]] = qcc.quantize
  // CHECK: %[[R:.+]] = qcc.requantize %[[Q]] {requant = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = 100, clamp = [100, 255], rounding = double>}
  // CHECK: %[[S:.+]] = qcc.requantize %[[Q]] {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 50, clamp = [50, 255], rounding = double>}
  // CHECK: qcc.qconcat %[[Q]], %[[R]] {axis = 1 : i64, requants = [#qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 50, clamp = [0, 255], rounding = double>, #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 50, clamp = [0, 255], rounding = double>]}
  %0 = qcc.fake_quant %x to !a : tensor<1x2xf32>
  %r = qcc.relu %0 : tensor<1x2xf32>
  %1 = qcc.fake_quant %r to !a : tensor<1x2xf32>
  %2 = qcc.relu %0 : tensor<1x2xf32>
  %3 = qcc.fake_quant %2 to !o : tensor<1x2xf32>
  %4 = qcc.concat %0, %1 {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %5 = qcc.fake_quant %4 to !o : tensor<1x4xf32>
  return %3, %5 : tensor<1x2xf32>, tensor<1x4xf32>
}

// -----

// Tests the anchors of a transformer: a sigmoid becomes a table over the
// 256 input values (u8 input of scale 0.1 and zero point 128: entry 128 is
// sigmoid(0) = 0.5, stored 128 on the 1/256 grid); a softmax over the last
// axis an exp table (entry 255 is exp(0) = 2^16) on the fixed 1/256 grid
// and a requantize to the fake_quant's; a matmul of two activations
// qcc.qmatmul; a division by 4 a qcc.qmul by a stored 1 of scale 0.25; a
// layer norm qcc.qlayer_norm, γ's signs and β folded in.
// CHECK-LABEL: func @sequence_ops
// CHECK-DAG: %[[QUARTER:.+]] = qcc.qconstant dense<1> : tensor<1xi8> -> tensor<1x!quant.uniform<i8:f32, 2.500000e-01>>
// CHECK: qcc.qlookup %{{.+}} {table = array<i32: {{([0-9]+, ){128}128}},
// CHECK: %[[SM:.+]] = qcc.qsoftmax {{.*}}exp_table = array<i32: {{([0-9]+, ){255}65536}}>
// CHECK-SAME: tensor<1x4x!quant.uniform<u8:f32, 3.906250e-03>>
// CHECK: qcc.requantize %[[SM]]
// CHECK: qcc.qmatmul
// CHECK: qcc.qmul %{{.+}}, %[[QUARTER]]
// CHECK: qcc.qlayer_norm {{.*}}signs = array<i32: 1, -1, 0, 1>
func.func @sequence_ops(%x: tensor<1x4xf32>, %m: tensor<4x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %four = arith.constant dense<4.0> : tensor<f32>
  %gamma = arith.constant dense<[1.0, -2.0, 0.0, 0.5]> : tensor<4xf32>
  %beta = arith.constant dense<[0.0, 0.1, 0.2, 0.3]> : tensor<4xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %1 = qcc.sigmoid %0 : tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.00390625> : tensor<1x4xf32>
  %3 = qcc.softmax %0 {axis = 1 : i64} : tensor<1x4xf32>
  %4 = qcc.fake_quant %3 to !quant.uniform<u8:f32, 0.0039215688593685627> : tensor<1x4xf32>
  %5 = qcc.fake_quant %m to !quant.uniform<i8:f32, 0.05> : tensor<4x4xf32>
  %6 = qcc.matmul %0, %5 : (tensor<1x4xf32>, tensor<4x4xf32>) -> tensor<1x4xf32>
  %7 = qcc.fake_quant %6 to !quant.uniform<i8:f32, 0.2> : tensor<1x4xf32>
  %8 = qcc.div %0, %four : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %9 = qcc.fake_quant %8 to !quant.uniform<u8:f32, 0.025:128> : tensor<1x4xf32>
  %10 = qcc.layer_norm %0, %gamma, %beta {axis = 1 : i64, epsilon = 1.0e-05 : f32} : (tensor<1x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %11 = qcc.fake_quant %10 to !quant.uniform<i8:f32, 0.05> : tensor<1x4xf32>
  return %2, %4, %7, %9, %11 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests that a function of one quantized tensor spelled with several ops
// becomes one table from the input grid (u8, scale 0.1, zero point 128:
// entry i holds x = (i - 128)/10) to the output grid (i8, scale 0.05):
// hardswish as QAT exports it at opset 13, x · HardSigmoid(x), gives
// -1/3 -> -7 at entry 118, 0 at 128, 2/3 -> 13 at 138, 3 -> 60 at 158, and
// 12.7 saturates to 127 at 255; x + 3 (an add of a constant, which has no
// integer op) and x · sigmoid(x) (SiLU) become tables too. The float ops
// are gone.
// CHECK-LABEL: func @tables
// CHECK: qcc.qlookup %{{.+}} {table = array<i32: {{(-?[0-9]+, ){118}-7, (-?[0-9]+, ){9}0, (-?[0-9]+, ){9}13, (-?[0-9]+, ){19}60, (-?[0-9]+, ){96}127}}>}
// CHECK: qcc.qlookup %{{.+}} {table = array<i32: {{(-?[0-9]+, ){128}60}},
// CHECK: qcc.qlookup
// CHECK-NOT: qcc.hard_sigmoid
// CHECK-NOT: qcc.sigmoid
func.func @tables(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  %three = arith.constant dense<3.0> : tensor<f32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %1 = qcc.hard_sigmoid %0 {alpha = 0.166666672 : f32} : tensor<1x4xf32>
  %2 = qcc.mul %0, %1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<i8:f32, 0.05> : tensor<1x4xf32>
  %4 = qcc.add %0, %three : (tensor<1x4xf32>, tensor<f32>) -> tensor<1x4xf32>
  %5 = qcc.fake_quant %4 to !quant.uniform<i8:f32, 0.05> : tensor<1x4xf32>
  %6 = qcc.sigmoid %0 : tensor<1x4xf32>
  %7 = qcc.mul %6, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %8 = qcc.fake_quant %7 to !quant.uniform<i8:f32, 0.05> : tensor<1x4xf32>
  return %3, %5, %8 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests float constants an activation meets without a fake_quant of their
// own (a ViT's class token and position embedding): a concat's constant
// input is stored on the output grid (-0.5 and 1 on 0.05 with zero point
// 10: 0 and 30); an add's constant tensor on the 8-bit grid covering its
// values, signed like the output ([-1, 2] in int8: scale 3/255).
// CHECK-LABEL: func @constant_operands
// CHECK-DAG: %[[TOKEN:.+]] = qcc.qconstant dense<{{\[\[}}0, 30]]> : tensor<1x2xi8> -> tensor<1x2x!quant.uniform<u8:f32, 5.000000e-02:10>>
// CHECK-DAG: %[[POS:.+]] = qcc.qconstant {{.*}} -> tensor<1x4x!quant.uniform<i8:f32, 0.01176470{{[0-9]+}}:-43>>
// CHECK: qcc.qconcat %[[TOKEN]], %{{.+}}
// CHECK: qcc.qadd %{{.+}}, %[[POS]]
func.func @constant_operands(%x: tensor<1x2xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  %token = arith.constant dense<[[-0.5, 1.0]]> : tensor<1x2xf32>
  %pos = arith.constant dense<[[-1.0, 0.0, 1.0, 2.0]]> : tensor<1x4xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.05:10> : tensor<1x2xf32>
  %1 = qcc.concat %token, %0 {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.05:10> : tensor<1x4xf32>
  %3 = qcc.add %2, %pos : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %4 = qcc.fake_quant %3 to !quant.uniform<i8:f32, 0.05> : tensor<1x4xf32>
  return %2, %4 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests a difference of two activations: -y is exact on the mirrored grid
// (stored 255 - q, zero point 255 - 10 = 245), then an add.
// CHECK-LABEL: func @difference
// CHECK: %[[N:.+]] = qcc.qlookup %{{.+}} {table = array<i32: 255, 254, {{([0-9]+, ){253}0}}>} : tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:10>> to tensor<1x4x!quant.uniform<u8:f32, 1.000000e-01:245>>
// CHECK: qcc.qadd %{{.+}}, %[[N]]
func.func @difference(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.05:128> : tensor<1x4xf32>
  %1 = qcc.fake_quant %y to !quant.uniform<u8:f32, 0.1:10> : tensor<1x4xf32>
  %2 = qcc.sub %0, %1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<i8:f32, 0.1> : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

// Tests that an accumulator that could overflow int32 is refused, naming
// the layer: 66000 weights stored -128 against inputs 255 steps from their
// zero point reach 66000·128·255 = 2154240000 > 2^31 - 1.
func.func @accumulator_overflow(%x: tensor<1x66000xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<-1.28> : tensor<1x66000xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x66000xf32>
  %1 = qcc.fake_quant %w to !quant.uniform<i8:f32, 0.01> : tensor<1x66000xf32>
  // expected-error@+1 {{cannot quantize: the int32 accumulator of output channel 0 can reach 2154240000 (66000 products of 8-bit values); split the layer}}
  %2 = qcc.fully_connected %0, %1 : (tensor<1x66000xf32>, tensor<1x66000xf32>) -> tensor<1x1xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 1.0> : tensor<1x1xf32>
  return %3 : tensor<1x1xf32>
}

// -----

// Tests that the deepest layer that fits is accepted: 65000 such products
// reach 2121600000.
// CHECK-LABEL: func @accumulator_fits
// CHECK: qcc.qfully_connected
func.func @accumulator_fits(%x: tensor<1x65000xf32>) -> tensor<1x1xf32> {
  %w = arith.constant dense<-1.28> : tensor<1x65000xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x65000xf32>
  %1 = qcc.fake_quant %w to !quant.uniform<i8:f32, 0.01> : tensor<1x65000xf32>
  %2 = qcc.fully_connected %0, %1 : (tensor<1x65000xf32>, tensor<1x65000xf32>) -> tensor<1x1xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 1.0> : tensor<1x1xf32>
  return %3 : tensor<1x1xf32>
}
