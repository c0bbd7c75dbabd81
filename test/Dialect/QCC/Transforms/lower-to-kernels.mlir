// RUN: qcc-opt %s --split-input-file --verify-diagnostics --qcc-lower-to-kernels | FileCheck %s

// Tests that a 1x1 convolution on uint8 tensors becomes the 1x1 kernel: the
// input is flipped to int8 storage at the boundary (zero point 3 - 128), the
// constant zero-point term is folded into the bias (10 - (-125)·1 and
// 20 - (-125)·(-2)), the per-tensor multiplier is spread per channel and the
// output is flipped back; the function takes and returns the quantized
// tensors and records their types.
// CHECK-LABEL: func.func @conv_uint8
// CHECK-SAME: (%[[ARG:.+]]: tensor<1x4x4x1xi8> {qcc.boundary = tensor<1x4x4x1x!quant.uniform<u8:f32, 5.000000e-01:3>>})
// CHECK-SAME: -> (tensor<1x4x4x2xi8> {qcc.boundary = tensor<1x4x4x2x!quant.uniform<u8:f32, 1.000000e-01:5>>})
// CHECK: %[[IN:.+]] = qcc.kernel "qcc_flip_sign_s8"(%[[ARG]]) {descriptor = array<i32: 16>, in_place}
// CHECK: %[[CONV:.+]] = qcc.kernel "qcc_conv2d_1x1_s8"(%[[IN]])
// CHECK-SAME: constants = [dense<[1, -2]> : tensor<2xi8>, dense<[135, -230]> : tensor<2xi32>, dense<1073741824> : tensor<2xi32>, dense<0> : tensor<2xi32>]
// CHECK-SAME: descriptor = array<i32: 1, 4, 4, 1, 4, 4, 2, 1, 1, 1, 1, 0, 0, 1, 1, 1, -125, 0, -123, -128, 127, 0>
// CHECK-SAME: qcc.macs = 32
// CHECK: %[[OUT:.+]] = qcc.kernel "qcc_flip_sign_s8"(%[[CONV]])
// CHECK: return %[[OUT]]
func.func @conv_uint8(%arg0: tensor<1x4x4x1xf32>) -> tensor<1x4x4x2xf32> {
  %w = qcc.qconstant dense<[[[[1]]], [[[-2]]]]> : tensor<2x1x1x1xi8> -> tensor<2x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %b = arith.constant dense<[10, 20]> : tensor<2xi32>
  %q = qcc.quantize %arg0 : tensor<1x4x4x1xf32> to tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:3>>
  %y = qcc.qconv2d %q, %w, %b {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 5, clamp = [0, 255], rounding = double>} : (tensor<1x4x4x1x!quant.uniform<u8:f32, 0.5:3>>, tensor<2x1x1x1x!quant.uniform<i8:f32, 0.1>>, tensor<2xi32>) -> tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:5>>
  %r = qcc.dequantize %y : tensor<1x4x4x2x!quant.uniform<u8:f32, 0.1:5>> to tensor<1x4x4x2xf32>
  return %r : tensor<1x4x4x2xf32>
}

// -----

// Tests that portable code keeps a grouped convolution's groups (8 of 3
// input and 4 output channels; the vector kernels merge them, see
// lower-to-kernels-variants.mlir) and its OHWI weights as they are.
// CHECK-LABEL: func.func @grouped
// CHECK: qcc.kernel "qcc_conv2d_s8"
// CHECK-SAME: dense<1> : tensor<864xi8>
// CHECK-SAME: descriptor = array<i32: 1, 5, 5, 24, 3, 3, 32, 3, 3, 1, 1, 0, 0, 1, 1, 8,
// CHECK-SAME: qcc.macs = 7776 : i64
// CHECK-NOT: scratch
// CHECK: return
func.func @grouped(%arg0: tensor<1x5x5x24xf32>) -> tensor<1x3x3x32xf32> {
  %w = qcc.qconstant dense<1> : tensor<32x3x3x3xi8> -> tensor<32x3x3x3x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x5x5x24xf32> to tensor<1x5x5x24x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 8 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x5x5x24x!quant.uniform<i8:f32, 0.5>>, tensor<32x3x3x3x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x32x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x32xf32>
  return %r : tensor<1x3x3x32xf32>
}

// -----

// Tests that a depthwise convolution gets its weights packed [kh][kw][c]
// (OHWI [[1, 2], [3, 4]] and [[5, 6], [7, 8]] interleave per position), and
// that int8 tensors need no flip.
// CHECK-LABEL: func.func @depthwise
// CHECK-NOT: qcc_flip_sign_s8
// CHECK: qcc.kernel "qcc_depthwise_conv2d_s8"
// CHECK-SAME: dense<[1, 5, 2, 6, 3, 7, 4, 8]> : tensor<8xi8>
// CHECK-SAME: descriptor = array<i32: 1, 3, 3, 2, 2, 2, 2, 2, 2, 1, 1, 0, 0, 1, 1, 2, 0, 0, 0, -128, 127, 0>
// CHECK-NOT: qcc_flip_sign_s8
func.func @depthwise(%arg0: tensor<1x3x3x2xf32>) -> tensor<1x2x2x2xf32> {
  %w = qcc.qconstant dense<[[[[1], [2]], [[3], [4]]], [[[5], [6]], [[7], [8]]]]> : tensor<2x2x2x1xi8> -> tensor<2x2x2x1x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x3x3x2xf32> to tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 2 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x3x3x2x!quant.uniform<i8:f32, 0.5>>, tensor<2x2x2x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x2x2x2x!quant.uniform<i8:f32, 0.1>> to tensor<1x2x2x2xf32>
  return %r : tensor<1x2x2x2xf32>
}

// -----

// Tests that layout ops become gathers (a transpose walks the input with
// permuted strides; size-1 dimensions are dropped), that a reshape stays a
// view, and that a returned view of the input is copied into a buffer of
// its own.
// CHECK-LABEL: func.func @layout
// CHECK: %[[T:.+]] = qcc.kernel "qcc_gather_s8"(%[[ARG:.+]]) {descriptor = array<i32: 2, 0, 3, 2, 0, 0, 0, 0, 1, 3, 0, 0, 0, 0>}
// CHECK: %[[V:.+]] = qcc.reshape %[[T]] : (tensor<1x3x2xi8>) -> tensor<6xi8>
// CHECK: %[[C:.+]] = qcc.kernel "qcc_gather_s8"(%[[ARG]]) {descriptor = array<i32: 1, 0, 6, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>}
// CHECK: return %[[V]], %[[C]]
func.func @layout(%arg0: tensor<1x2x3xf32>) -> (tensor<6xf32>, tensor<1x2x3xf32>) {
  %q = qcc.quantize %arg0 : tensor<1x2x3xf32> to tensor<1x2x3x!quant.uniform<i8:f32, 0.5>>
  %t = qcc.transpose %q {perm = array<i64: 0, 2, 1>} : (tensor<1x2x3x!quant.uniform<i8:f32, 0.5>>) -> tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>
  %v = qcc.reshape %t : (tensor<1x3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<6x!quant.uniform<i8:f32, 0.5>>
  %r = qcc.dequantize %v : tensor<6x!quant.uniform<i8:f32, 0.5>> to tensor<6xf32>
  %s = qcc.dequantize %q : tensor<1x2x3x!quant.uniform<i8:f32, 0.5>> to tensor<1x2x3xf32>
  return %r, %s : tensor<6xf32>, tensor<1x2x3xf32>
}

// -----

// Tests that a concatenation writes its inputs one call each into one
// buffer (the second call tied to the first's result), copying an input
// already on the output grid and requantizing the other.
// CHECK-LABEL: func.func @concat
// CHECK: %[[A:.+]] = qcc.kernel "qcc_concat_s8"(%{{.+}}) {descriptor = array<i32: 2, 1, 3, 0, 1, 0, 1073741824, -1, 0, -128, 127, 0>}
// CHECK: qcc.kernel "qcc_concat_s8"(%{{.+}}, %[[A]]) {descriptor = array<i32: 2, 2, 3, 1, 0, 0, 1073741824, -2, 0, -128, 127, 0>, tied}
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

// -----

// Tests that an add broadcasting its second input walks it with stride 0,
// and may write over its first input.
// CHECK-LABEL: func.func @add_broadcast
// CHECK: qcc.kernel "qcc_add_s8"
// CHECK-SAME: descriptor = array<i32: 2, 2, 3, 0, 0, 0, 0, 3, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 20,
// CHECK-SAME: in_place
func.func @add_broadcast(%arg0: tensor<2x3xf32>, %arg1: tensor<3xf32>) -> tensor<2x3xf32> {
  %a = qcc.quantize %arg0 : tensor<2x3xf32> to tensor<2x3x!quant.uniform<i8:f32, 0.1>>
  %b = qcc.quantize %arg1 : tensor<3xf32> to tensor<3x!quant.uniform<i8:f32, 0.1>>
  %y = qcc.qadd %a, %b {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #qcc.requant<multiplier = [1073741824], shift = [19], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<2x3x!quant.uniform<i8:f32, 0.1>>, tensor<3x!quant.uniform<i8:f32, 0.1>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.2>>
  %r = qcc.dequantize %y : tensor<2x3x!quant.uniform<i8:f32, 0.2>> to tensor<2x3xf32>
  return %r : tensor<2x3xf32>
}

// -----

// Tests that a convolution whose output is its 32-bit accumulator (ONNX
// ConvInteger) is reported: no kernel writes one.
func.func @accumulator(%arg0: tensor<1x2x2x1xf32>) -> tensor<1x2x2x1xf32> {
  %w = qcc.qconstant dense<1> : tensor<1x1x1x1xi8> -> tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x2x2x1xf32> to tensor<1x2x2x1x!quant.uniform<i8:f32, 0.5>>
  // expected-error@+1 {{has no kernel: its output is the 32-bit accumulator}}
  %y = qcc.qconv2d %q, %w : (tensor<1x2x2x1x!quant.uniform<i8:f32, 0.5>>, tensor<1x1x1x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x2x2x1x!quant.uniform<i32:f32, 0.05>>
  %r = qcc.dequantize %y : tensor<1x2x2x1x!quant.uniform<i32:f32, 0.05>> to tensor<1x2x2x1xf32>
  return %r : tensor<1x2x2x1xf32>
}

// -----

// Tests that a layer norm becomes its kernel with the signs, bias and
// per-channel stage as constants and the int64 epsilon split into two
// fields (2^32 + 5), and that a product with a quantized constant gets the
// constant's int8 form as an operand.
// CHECK-LABEL: func.func @layer_norm_and_factor
// CHECK: %[[FACTOR:.+]] = arith.constant dense<1> : tensor<1xi8>
// CHECK: %[[LN:.+]] = qcc.kernel "qcc_layer_norm_s8"(%{{.+}}) {constants = [dense<[1, -1]> : tensor<2xi8>, dense<[7, 8]> : tensor<2xi32>, dense<1073741824> : tensor<2xi32>, dense<10> : tensor<2xi32>], descriptor = array<i32: 3, 2, 0, 5, 1, 0, -128, 127, 0>, in_place}
// CHECK: qcc.kernel "qcc_mul_s8"(%[[LN]], %[[FACTOR]])
func.func @layer_norm_and_factor(%arg0: tensor<3x2xf32>) -> tensor<3x2xf32> {
  %b = arith.constant dense<[7, 8]> : tensor<2xi32>
  %f = qcc.qconstant dense<1> : tensor<1xi8> -> tensor<1x!quant.uniform<i8:f32, 0.25>>
  %q = qcc.quantize %arg0 : tensor<3x2xf32> to tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  %n = qcc.qlayer_norm %q, %b {epsilon = 4294967301 : i64, signs = array<i32: 1, -1>,
         requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<3x2x!quant.uniform<i8:f32, 0.1>>, tensor<2xi32>) -> tensor<3x2x!quant.uniform<i8:f32, 0.1>>
  %m = qcc.qmul %n, %f {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<3x2x!quant.uniform<i8:f32, 0.1>>, tensor<1x!quant.uniform<i8:f32, 0.25>>) -> tensor<3x2x!quant.uniform<i8:f32, 0.05>>
  %r = qcc.dequantize %m : tensor<3x2x!quant.uniform<i8:f32, 0.05>> to tensor<3x2xf32>
  return %r : tensor<3x2xf32>
}
