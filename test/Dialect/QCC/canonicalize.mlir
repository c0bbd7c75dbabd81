// RUN: qcc-opt %s -canonicalize -split-input-file | FileCheck %s

// Tests that fake_quant onto the grid it already lies on folds away.
// CHECK-LABEL: func @fake_quant_idempotent
func.func @fake_quant_idempotent(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[Q:.+]] = qcc.fake_quant %{{.*}} to !quant.uniform<u8:f32, 1.000000e-01:3>
  // CHECK-NOT: qcc.fake_quant
  // CHECK: return %[[Q]]
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:3> : tensor<4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.1:3> : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// Tests that a fake_quant onto a different grid is kept.
// CHECK-LABEL: func @fake_quant_other_grid
func.func @fake_quant_other_grid(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK-COUNT-2: qcc.fake_quant
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:3> : tensor<4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.2:3> : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Tests relu(relu(x)) == relu(x).
// CHECK-LABEL: func @relu_idempotent
func.func @relu_idempotent(%x: tensor<4xf32>) -> tensor<4xf32> {
  // CHECK: %[[R:.+]] = qcc.relu
  // CHECK-NEXT: return %[[R]]
  %0 = qcc.relu %x : tensor<4xf32>
  %1 = qcc.relu %0 : tensor<4xf32>
  return %1 : tensor<4xf32>
}

// -----

// Tests that a reshape to the same type disappears and a chain of reshapes
// becomes one.
// CHECK-LABEL: func @reshape_chain
// CHECK-SAME: (%[[X:.+]]: tensor<2x6xf32>)
func.func @reshape_chain(%x: tensor<2x6xf32>) -> (tensor<2x6xf32>, tensor<3x4xf32>) {
  // CHECK: %[[R:.+]] = qcc.reshape %[[X]] : (tensor<2x6xf32>) -> tensor<3x4xf32>
  // CHECK: return %[[X]], %[[R]]
  %0 = qcc.reshape %x : (tensor<2x6xf32>) -> tensor<2x6xf32>
  %1 = qcc.reshape %0 : (tensor<2x6xf32>) -> tensor<12xf32>
  %2 = qcc.reshape %1 : (tensor<12xf32>) -> tensor<3x4xf32>
  return %0, %2 : tensor<2x6xf32>, tensor<3x4xf32>
}

// Tests that float and quantized constants are reshaped at compile time.
// CHECK-LABEL: func @reshape_constants
func.func @reshape_constants() -> (tensor<2x2xf32>, tensor<4x!quant.uniform<i8:f32, 0.5>>) {
  // CHECK-DAG: %[[F:.+]] = arith.constant dense<{{\[\[}}1.000000e+00, 2.000000e+00], [3.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
  // CHECK-DAG: %[[Q:.+]] = qcc.qconstant dense<[1, -2, 3, -4]> : tensor<4xi8> -> tensor<4x!quant.uniform<i8:f32, 5.000000e-01>>
  // CHECK-NOT: qcc.reshape
  // CHECK: return %[[F]], %[[Q]]
  %c = arith.constant dense<[1.0, 2.0, 3.0, 4.0]> : tensor<4xf32>
  %0 = qcc.reshape %c : (tensor<4xf32>) -> tensor<2x2xf32>
  %q = qcc.qconstant dense<[[1, -2], [3, -4]]> : tensor<2x2xi8> -> tensor<2x2x!quant.uniform<i8:f32, 0.5>>
  %1 = qcc.reshape %q : (tensor<2x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<4x!quant.uniform<i8:f32, 0.5>>
  return %0, %1 : tensor<2x2xf32>, tensor<4x!quant.uniform<i8:f32, 0.5>>
}

// -----

// Tests that the identity permutation disappears and that two transposes
// compose into one (or none, when they cancel).
// CHECK-LABEL: func @transpose_compose
// CHECK-SAME: (%[[X:.+]]: tensor<1x2x3x4xf32>)
func.func @transpose_compose(%x: tensor<1x2x3x4xf32>) -> (tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<1x4x2x3xf32>) {
  %0 = qcc.transpose %x {perm = array<i64: 0, 1, 2, 3>} : (tensor<1x2x3x4xf32>) -> tensor<1x2x3x4xf32>
  // NCHW -> NHWC -> NCHW cancels.
  %1 = qcc.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x2x3x4xf32>) -> tensor<1x3x4x2xf32>
  %2 = qcc.transpose %1 {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x3x4x2xf32>) -> tensor<1x2x3x4xf32>
  // NHWC then NHWC again is one transpose by [0, 3, 1, 2].
  %3 = qcc.transpose %1 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x3x4x2xf32>) -> tensor<1x4x2x3xf32>
  // CHECK: %[[T:.+]] = qcc.transpose %[[X]] {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x2x3x4xf32>) -> tensor<1x4x2x3xf32>
  // CHECK: return %[[X]], %[[X]], %[[T]]
  return %0, %2, %3 : tensor<1x2x3x4xf32>, tensor<1x2x3x4xf32>, tensor<1x4x2x3xf32>
}

// Tests that constants are permuted at compile time, float and quantized.
// CHECK-LABEL: func @transpose_constants
func.func @transpose_constants() -> (tensor<3x2xf32>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x2xf32>) {
  // CHECK-DAG: arith.constant dense<{{\[\[}}1.000000e+00, 4.000000e+00], [2.000000e+00, 5.000000e+00], [3.000000e+00, 6.000000e+00]]> : tensor<3x2xf32>
  // CHECK-DAG: qcc.qconstant dense<{{\[\[}}1, 3, 5], [2, 4, 6]]> : tensor<2x3xi8>
  // CHECK-DAG: arith.constant dense<7.000000e+00> : tensor<2x2xf32>
  // CHECK-NOT: qcc.transpose
  %c = arith.constant dense<[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]> : tensor<2x3xf32>
  %0 = qcc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3xf32>) -> tensor<3x2xf32>
  %q = qcc.qconstant dense<[[1, 2], [3, 4], [5, 6]]> : tensor<3x2xi8> -> tensor<3x2x!quant.uniform<i8:f32, 0.5>>
  %1 = qcc.transpose %q {perm = array<i64: 1, 0>} : (tensor<3x2x!quant.uniform<i8:f32, 0.5>>) -> tensor<2x3x!quant.uniform<i8:f32, 0.5>>
  %s = arith.constant dense<7.0> : tensor<2x2xf32>
  %2 = qcc.transpose %s {perm = array<i64: 1, 0>} : (tensor<2x2xf32>) -> tensor<2x2xf32>
  return %0, %1, %2 : tensor<3x2xf32>, tensor<2x3x!quant.uniform<i8:f32, 0.5>>, tensor<2x2xf32>
}

// -----

// Tests that whole-tensor slices and single-input concats disappear while a
// real slice stays.
// CHECK-LABEL: func @identities
// CHECK-SAME: (%[[X:.+]]: tensor<2x4xf32>)
func.func @identities(%x: tensor<2x4xf32>) -> (tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x2xf32>) {
  %0 = qcc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 4>, strides = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  %1 = qcc.concat %x {axis = 1 : i64} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  // CHECK: %[[S:.+]] = qcc.slice %[[X]]
  %2 = qcc.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  // CHECK: return %[[X]], %[[X]], %[[S]]
  return %0, %1, %2 : tensor<2x4xf32>, tensor<2x4xf32>, tensor<2x2xf32>
}

// -----

!a = !quant.uniform<i8:f32, 0.1:-3>

// Tests quantize(dequantize(q)) == q for the same type, and that a
// different type is kept.
// CHECK-LABEL: func @quantize_dequantize
// CHECK-SAME: (%[[Q:.+]]: tensor<4x!quant.uniform<i8:f32, 1.000000e-01:-3>>)
func.func @quantize_dequantize(%q: tensor<4x!a>) -> (tensor<4x!a>, tensor<4x!quant.uniform<i8:f32, 0.2>>) {
  %0 = qcc.dequantize %q : tensor<4x!a> to tensor<4xf32>
  %1 = qcc.quantize %0 : tensor<4xf32> to tensor<4x!a>
  // CHECK: %[[D:.+]] = qcc.dequantize %[[Q]]
  // CHECK: %[[R:.+]] = qcc.quantize %[[D]]
  %2 = qcc.quantize %0 : tensor<4xf32> to tensor<4x!quant.uniform<i8:f32, 0.2>>
  // CHECK: return %[[Q]], %[[R]]
  return %1, %2 : tensor<4x!a>, tensor<4x!quant.uniform<i8:f32, 0.2>>
}

// Tests that a unit requantization without clamping folds, while one that
// clamps (a fused ReLU) stays.
// CHECK-LABEL: func @requantize_identity
// CHECK-SAME: (%[[Q:.+]]: tensor<4x!quant.uniform<i8:f32, 1.000000e-01:-3>>)
func.func @requantize_identity(%q: tensor<4x!a>) -> (tensor<4x!a>, tensor<4x!a>) {
  %0 = qcc.requantize %q {requant = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = -3, clamp = [-128, 127], rounding = double>} : tensor<4x!a> to tensor<4x!a>
  // CHECK: %[[R:.+]] = qcc.requantize %[[Q]] {{.*}}clamp = [-3, 127]
  %1 = qcc.requantize %q {requant = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = -3, clamp = [-3, 127], rounding = double>} : tensor<4x!a> to tensor<4x!a>
  // CHECK: return %[[Q]], %[[R]]
  return %0, %1 : tensor<4x!a>, tensor<4x!a>
}

// -----

!w = !quant.uniform<i8:f32:0, {0.1, 0.2}>
!wt = !quant.uniform<i8:f32:1, {0.1, 0.2}>

// Tests that per-axis constants fold through layout ops with their scales
// following the quantized dimension.
// CHECK-LABEL: func @per_axis_constants
func.func @per_axis_constants() -> (tensor<3x2x!wt>, tensor<2x1x3x!w>) {
  // CHECK-DAG: qcc.qconstant dense<{{\[\[}}1, 4], [2, 5], [3, 6]]> : tensor<3x2xi8> -> tensor<3x2x!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>>
  // CHECK-DAG: qcc.qconstant dense<{{\[\[\[}}1, 2, 3]], {{\[\[}}4, 5, 6]]]> : tensor<2x1x3xi8> -> tensor<2x1x3x!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>>
  // CHECK-NOT: qcc.transpose
  // CHECK-NOT: qcc.reshape
  %c = qcc.qconstant dense<[[1, 2, 3], [4, 5, 6]]> : tensor<2x3xi8> -> tensor<2x3x!w>
  %0 = qcc.transpose %c {perm = array<i64: 1, 0>} : (tensor<2x3x!w>) -> tensor<3x2x!wt>
  %1 = qcc.reshape %c : (tensor<2x3x!w>) -> tensor<2x1x3x!w>
  return %0, %1 : tensor<3x2x!wt>, tensor<2x1x3x!w>
}

// -----

// Tests that elementwise integer ops move past the transposes of their
// operands, so the transposes around a residual add between two NHWC
// convolutions cancel: only the add remains between them.
!a = !quant.uniform<i8:f32, 0.1>
!b = !quant.uniform<i8:f32, 0.2>
// CHECK-LABEL: func @sink_transposes
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>, %[[Y:.+]]: tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>)
// CHECK-NOT: qcc.transpose
// CHECK: %[[SUM:.+]] = qcc.qadd %[[X]], %[[Y]] {{.*}} -> tensor<1x4x4x8x!quant.uniform<i8:f32, 2.000000e-01>>
// CHECK-NEXT: %[[R:.+]] = qcc.requantize %[[SUM]] {{.*}} : tensor<1x4x4x8x!quant.uniform<i8:f32, 2.000000e-01>> to tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>
// CHECK-NEXT: return %[[R]]
func.func @sink_transposes(%x: tensor<1x4x4x8x!a>, %y: tensor<1x4x4x8x!a>) -> tensor<1x4x4x8x!a> {
  %0 = qcc.transpose %x {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x8x!a>) -> tensor<1x8x4x4x!a>
  %1 = qcc.transpose %y {perm = array<i64: 0, 3, 1, 2>} : (tensor<1x4x4x8x!a>) -> tensor<1x8x4x4x!a>
  %2 = qcc.qadd %0, %1 {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #qcc.requant<multiplier = [1073741824], shift = [19], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x8x4x4x!a>, tensor<1x8x4x4x!a>) -> tensor<1x8x4x4x!b>
  %3 = qcc.requantize %2 {requant = #qcc.requant<multiplier = [1073741824], shift = [-2], zero_point = 0, clamp = [-128, 127], rounding = double>} : tensor<1x8x4x4x!b> to tensor<1x8x4x4x!a>
  %4 = qcc.transpose %3 {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x4x!a>) -> tensor<1x4x4x8x!a>
  return %4 : tensor<1x4x4x8x!a>
}
