// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-check-integer-only | FileCheck %s

!a = !quant.uniform<i8:f32, 0.1:-3>
#r = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = -3, clamp = [-3, 127], rounding = double>

// Tests that a model that is integer between its boundary quantize and
// dequantize passes unchanged.
// CHECK-LABEL: func @integer_model
func.func @integer_model(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: qcc.quantize
  // CHECK: qcc.requantize
  // CHECK: qcc.dequantize
  %0 = qcc.quantize %x : tensor<1x4xf32> to tensor<1x4x!a>
  %1 = qcc.requantize %0 {requant = #r} : tensor<1x4x!a> to tensor<1x4x!a>
  %2 = qcc.dequantize %1 : tensor<1x4x!a> to tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that a float op on the path is reported by name, as is the float
// argument it consumes.
// expected-error@+1 {{float argument #0 is used by ops other than qcc.quantize}}
func.func @float_op(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // expected-error@+1 {{'qcc.relu' produces a float value on the integer path}}
  %0 = qcc.relu %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.1:-3>

// Tests that a dequantized value may only be returned, not computed on.
func.func @dequantize_then_compute(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.quantize %x : tensor<1x4xf32> to tensor<1x4x!a>
  // expected-error@+1 {{'qcc.dequantize' produces a float value on the integer path}}
  %1 = qcc.dequantize %0 : tensor<1x4x!a> to tensor<1x4xf32>
  // expected-error@+1 {{'qcc.relu' produces a float value on the integer path}}
  %2 = qcc.relu %1 : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that a float argument used by anything but qcc.quantize is reported.
// expected-error@+1 {{float argument #0 is used by ops other than qcc.quantize on the integer path}}
func.func @float_argument(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  return %x : tensor<1x4xf32>
}
