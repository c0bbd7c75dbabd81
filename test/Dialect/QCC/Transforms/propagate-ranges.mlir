// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-propagate-ranges | FileCheck %s

!a = !quant.uniform<u8:f32, 0.1:10>

// Tests that value-keeping ops and averages get their input's range, each
// through a fake_quant after it, and that the chain continues from there.
// CHECK-LABEL: func @keep_input_grid
func.func @keep_input_grid(%x: tensor<1x2x4x4xf32>) -> tensor<1x8xf32> {
  // CHECK: %[[X:.+]] = qcc.fake_quant %arg0 to ![[A:.+]] :
  // CHECK: %[[P:.+]] = qcc.max_pool %[[X]]
  // CHECK: %[[PQ:.+]] = qcc.fake_quant %[[P]] to ![[A]]
  // CHECK: %[[G:.+]] = qcc.avg_pool %[[PQ]]
  // CHECK: %[[GQ:.+]] = qcc.fake_quant %[[G]] to ![[A]]
  // CHECK: %[[R:.+]] = qcc.relu %[[GQ]]
  // CHECK: %[[RQ:.+]] = qcc.fake_quant %[[R]] to ![[A]]
  // CHECK: %[[F:.+]] = qcc.reshape %[[RQ]]
  // CHECK: %[[FQ:.+]] = qcc.fake_quant %[[F]] to ![[A]]
  // CHECK: return %[[FQ]]
  %0 = qcc.fake_quant %x to !a : tensor<1x2x4x4xf32>
  %1 = qcc.max_pool %0 {kernel = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  %2 = qcc.avg_pool %1 {kernel = array<i64: 2, 2>} : (tensor<1x2x3x3xf32>) -> tensor<1x2x2x2xf32>
  %3 = qcc.relu %2 : tensor<1x2x2x2xf32>
  %4 = qcc.reshape %3 : (tensor<1x2x2x2xf32>) -> tensor<1x8xf32>
  return %4 : tensor<1x8xf32>
}

// -----

// Tests that an op whose result a fake_quant already quantizes is left
// alone, and that a concat of same-grid inputs keeps the grid while one of
// different grids gets the uint8 grid covering both: 0.05 with zero point
// 10 spans [-0.5, 12.25], 0.1 with zero point 10 spans [-1, 24.5], so the
// union [-1, 24.5] gets scale 25.5/255 = 0.1 (as a float32) and zero
// point 10.
// CHECK-LABEL: func @concat
func.func @concat(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK: %[[S:.+]] = qcc.concat %{{.*}}, %{{.*}} {axis = 1 : i64}
  // CHECK-NEXT: qcc.fake_quant %[[S]] to !quant.uniform<u8:f32, 5.000000e-02:10>
  // CHECK: %[[D:.+]] = qcc.concat
  // CHECK-NEXT: qcc.fake_quant %[[D]] to !quant.uniform<u8:f32, 0.1000000{{[0-9]+}}:10>
  // CHECK-NOT: qcc.fake_quant
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.05:10> : tensor<1x2xf32>
  %1 = qcc.fake_quant %y to !quant.uniform<u8:f32, 0.1:10> : tensor<1x2xf32>
  %2 = qcc.concat %0, %0 {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %3 = qcc.concat %0, %1 {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %2, %3 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests that per-axis weights read through a transpose count as ranged.
// CHECK-LABEL: func @weights
func.func @weights(%x: tensor<1x4xf32>, %w: tensor<4x2xf32>) -> tensor<1x2xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %1 = qcc.fake_quant %w to !quant.uniform<i8:f32:1, {0.1, 0.2}> : tensor<4x2xf32>
  %2 = qcc.transpose %1 {perm = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
  %3 = qcc.fully_connected %0, %2 : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  %4 = qcc.fake_quant %3 to !quant.uniform<u8:f32, 0.1> : tensor<1x2xf32>
  return %4 : tensor<1x2xf32>
}

// -----

// Tests that a concat with a constant input (a ViT's class token) gets the
// grid covering the constant and the other inputs: [-2, 0.5] and the
// grid of 0.1 with zero point 10, [-1, 24.5], give [-2, 24.5]: scale
// 26.5/255 and zero point round(2 / scale) = 19.
// CHECK-LABEL: func @concat_constant
func.func @concat_constant(%x: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // CHECK: %[[C:.+]] = qcc.concat
  // CHECK-NEXT: qcc.fake_quant %[[C]] to !quant.uniform<u8:f32, 0.10392{{[0-9]+}}:19>
  %token = arith.constant dense<[[-2.0, 0.5]]> : tensor<1x2xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<1x2xf32>
  %1 = qcc.concat %token, %0 {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %1 : tensor<1x4xf32>
}

// -----

// Tests that an op reading directly an input a fake_quant quantizes (a
// residual around QAT-trained linear layers) reads the quantized value.
// CHECK-LABEL: func @residual
func.func @residual(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: %[[X:.+]] = qcc.fake_quant %arg0
  // CHECK: qcc.add %[[X]], %[[X]]
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %1 = qcc.add %x, %0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.2> : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that a float model's first unranged tensor is named.
func.func @float_input(%x: tensor<1x4xf32> {qcc.name = "pixels"}) -> tensor<1x4xf32> {
  // expected-error@+1 {{input 'pixels' has no quantization range (no fake_quant fixes it); calibrate the model (qcc --calibrate=SAMPLES)}}
  %0 = qcc.relu %x : tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that a tensor computed by an op nothing quantizes is named by its
// node when it reaches a quantized op (here an add of two tensors, which
// is no function of one), and a model output when returned.
func.func @unranged_op(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %1 = qcc.erf %0 : tensor<1x4xf32> loc("act/Erf")
  %y0 = qcc.fake_quant %y to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  // expected-error@+1 {{the output of node 'act/Erf' (qcc.erf) has no quantization range}}
  %2 = qcc.add %1, %y0 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

// Tests that the inner values of a function of one ranged tensor between
// two fake_quants need no range (QAT leaves hardswish's HardSigmoid and
// SiLU's Sigmoid float): no error, and no fake_quant inserted inside.
// CHECK-LABEL: func @pointwise_chain
func.func @pointwise_chain(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: %[[X:.+]] = qcc.fake_quant
  // CHECK-NEXT: %[[H:.+]] = qcc.hard_sigmoid %[[X]]
  // CHECK-NEXT: %[[M:.+]] = qcc.mul %[[X]], %[[H]]
  // CHECK-NEXT: qcc.fake_quant %[[M]]
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %1 = qcc.hard_sigmoid %0 {alpha = 0.166666672 : f32} : tensor<1x4xf32>
  %2 = qcc.mul %0, %1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 0.05> : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

// Tests that the unranged inputs of a fake-quantized concat (a per-channel
// PRelu's slices, each a leaky_relu) take the concat's grid, so each
// leaky_relu becomes a table to it; a ranged input keeps its own.
// CHECK-LABEL: func @concat_inputs
func.func @concat_inputs(%x: tensor<1x2xf32>) -> tensor<1x4xf32> {
  // CHECK: %[[X:.+]] = qcc.fake_quant %arg0
  // CHECK: %[[A:.+]] = qcc.leaky_relu
  // CHECK: %[[B:.+]] = qcc.leaky_relu
  // CHECK: %[[AQ:.+]] = qcc.fake_quant %[[A]] to !quant.uniform<u8:f32, 5.000000e-02:20>
  // CHECK: %[[BQ:.+]] = qcc.fake_quant %[[B]] to !quant.uniform<u8:f32, 5.000000e-02:20>
  // CHECK: qcc.concat %[[AQ]], %[[BQ]], %[[X]]
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<1x2xf32>
  %1 = qcc.slice %0 {offsets = array<i64: 0, 0>, sizes = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2xf32>) -> tensor<1x1xf32>
  %2 = qcc.leaky_relu %1 {alpha = 0.1 : f32} : tensor<1x1xf32>
  %3 = qcc.slice %0 {offsets = array<i64: 0, 1>, sizes = array<i64: 1, 1>, strides = array<i64: 1, 1>} : (tensor<1x2xf32>) -> tensor<1x1xf32>
  %4 = qcc.leaky_relu %3 {alpha = 0.2 : f32} : tensor<1x1xf32>
  %5 = qcc.concat %2, %4, %0 {axis = 1 : i64} : (tensor<1x1xf32>, tensor<1x1xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  %6 = qcc.fake_quant %5 to !quant.uniform<u8:f32, 0.05:20> : tensor<1x4xf32>
  return %6 : tensor<1x4xf32>
}

// -----

// Tests that a fully_connected taking convex combinations (no bias,
// nonnegative weight rows summing to 1: a linear Resize) keeps its input's
// grid, and that one with other weights gets none (its output is reported).
// CHECK-LABEL: func @convex_combination
func.func @convex_combination(%x: tensor<2x2xf32>) -> tensor<2x3xf32> {
  // CHECK: %[[F:.+]] = qcc.fully_connected
  // CHECK-NEXT: qcc.fake_quant %[[F]] to !quant.uniform<u8:f32, 1.000000e-01:10>
  %w = arith.constant dense<[[1.0, 0.0], [0.5, 0.5], [0.25, 0.75]]> : tensor<3x2xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<2x2xf32>
  %1 = qcc.fake_quant %w to !quant.uniform<i8<-127:127>:f32:0, {1.0, 0.5, 0.25}> : tensor<3x2xf32>
  %2 = qcc.fully_connected %0, %1 : (tensor<2x2xf32>, tensor<3x2xf32>) -> tensor<2x3xf32>
  return %2 : tensor<2x3xf32>
}

// -----

func.func @not_convex(%x: tensor<2x2xf32>) -> tensor<2x2xf32> {
  %w = arith.constant dense<[[1.0, 0.5], [0.5, 0.5]]> : tensor<2x2xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<2x2xf32>
  %1 = qcc.fully_connected %0, %w : (tensor<2x2xf32>, tensor<2x2xf32>) -> tensor<2x2xf32>
  // expected-error@+1 {{has no quantization range}}
  return %1 : tensor<2x2xf32>
}

// -----

func.func @unranged_output(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %1 = qcc.softmax %0 : tensor<1x4xf32>
  // expected-error@+1 {{the output of qcc.softmax has no quantization range}}
  return %1 : tensor<1x4xf32>
}

// -----

// Tests that a sigmoid and a tanh of ranged tensors, read by a product of
// two activations, get PyTorch's fixed grids (uint8: 1/256 from 0, 1/128
// around 128; int8: zero points -128 and 0), as an LSTM gate exports.
// CHECK-LABEL: func @gates
func.func @gates(%x: tensor<1x4xf32>, %y: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK: %[[S:.+]] = qcc.sigmoid
  // CHECK-NEXT: qcc.fake_quant %[[S]] to !quant.uniform<u8:f32, 3.906250e-03>
  // CHECK: %[[T:.+]] = qcc.tanh
  // CHECK-NEXT: qcc.fake_quant %[[T]] to !quant.uniform<u8:f32, 7.812500e-03:128>
  // CHECK: %[[SS:.+]] = qcc.sigmoid
  // CHECK-NEXT: qcc.fake_quant %[[SS]] to !quant.uniform<i8:f32, 3.906250e-03:-128>
  // CHECK: %[[TS:.+]] = qcc.tanh
  // CHECK-NEXT: qcc.fake_quant %[[TS]] to !quant.uniform<i8:f32, 7.812500e-03>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %1 = qcc.fake_quant %y to !quant.uniform<u8:f32, 0.2:128> : tensor<1x4xf32>
  %2 = qcc.sigmoid %0 : tensor<1x4xf32>
  %3 = qcc.tanh %1 : tensor<1x4xf32>
  %4 = qcc.mul %2, %3 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %5 = qcc.fake_quant %4 to !quant.uniform<u8:f32, 0.01:128> : tensor<1x4xf32>
  %6 = qcc.fake_quant %x to !quant.uniform<i8:f32, 0.1> : tensor<1x4xf32>
  %7 = qcc.fake_quant %y to !quant.uniform<i8:f32, 0.2> : tensor<1x4xf32>
  %8 = qcc.sigmoid %6 : tensor<1x4xf32>
  %9 = qcc.tanh %7 : tensor<1x4xf32>
  %10 = qcc.mul %8, %9 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %11 = qcc.fake_quant %10 to !quant.uniform<i8:f32, 0.01> : tensor<1x4xf32>
  return %5, %11 : tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests that the sigmoid of a SiLU (a pointwise chain between two ranged
// tensors) gets no grid of its own: the chain becomes one table.
// CHECK-LABEL: func @silu
func.func @silu(%x: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: qcc.sigmoid
  // CHECK-NEXT: qcc.mul
  // CHECK-NEXT: qcc.fake_quant
  // CHECK-NEXT: return
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %1 = qcc.sigmoid %0 : tensor<1x4xf32>
  %2 = qcc.mul %0, %1 : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 0.01:128> : tensor<1x4xf32>
  return %3 : tensor<1x4xf32>
}

// -----

// Tests that a constant weight no fake_quant quantizes (a QAT export of
// PyTorch's quantizable LSTM) gets the per-channel symmetric int8 grid of
// its values: rows of largest magnitude 1 and 2, scales 1/127 and 2/127.
// CHECK-LABEL: func @float_weights
func.func @float_weights(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  // CHECK: %[[W:.+]] = arith.constant
  // CHECK: %[[WQ:.+]] = qcc.fake_quant %[[W]] to !quant.uniform<i8<-127:127>:f32:0, {0.0078740{{[0-9]+}},0.015748{{[0-9]+}}}>
  // CHECK-NEXT: qcc.fully_connected %{{.+}}, %[[WQ]]
  %w = arith.constant dense<[[1.0, 0.0], [0.0, -2.0]]> : tensor<2x2xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x2xf32>
  %1 = qcc.fully_connected %0, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8:f32, 0.1:128> : tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}
