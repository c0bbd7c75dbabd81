// RUN: qcc-opt %s --split-input-file --qcc-raise-composites | FileCheck %s

// Tests that PyTorch's opset-13 LayerNorm (mean, subtract, square, mean,
// add epsilon, sqrt, divide, scale, shift) becomes one qcc.layer_norm.
// CHECK-LABEL: func.func @layer_norm
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8xf32>)
// CHECK-DAG: %[[G:.+]] = arith.constant dense<2.000000e+00> : tensor<8xf32>
// CHECK-DAG: %[[B:.+]] = arith.constant dense<1.000000e-01> : tensor<8xf32>
// CHECK: %[[N:.+]] = qcc.layer_norm %[[X]], %[[G]], %[[B]] {axis = 2 : i64, epsilon = 9.99999997E-7 : f32}
// CHECK-NEXT: return %[[N]]
func.func @layer_norm(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-6> : tensor<f32>
  %g = arith.constant dense<2.0> : tensor<8xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %0 = qcc.reduce_mean %x {axes = array<i64: 2>} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %1 = qcc.sub %x, %0 : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %2 = qcc.pow %1, %two : (tensor<1x4x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  %3 = qcc.reduce_mean %2 {axes = array<i64: 2>} : (tensor<1x4x8xf32>) -> tensor<1x4x1xf32>
  %4 = qcc.add %3, %eps : (tensor<1x4x1xf32>, tensor<f32>) -> tensor<1x4x1xf32>
  %5 = qcc.sqrt %4 : tensor<1x4x1xf32>
  %6 = qcc.div %1, %5 : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %7 = qcc.mul %6, %g : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %8 = qcc.add %7, %b : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %8 : tensor<1x4x8xf32>
}

// -----

// Tests that the shape of a layer norm without its means (what a mutated
// model held: the subtrahend and the variance come from elsewhere) is
// left alone, not dereferenced as if the means were there.
// CHECK-LABEL: func.func @no_means
// CHECK-NOT: qcc.layer_norm
func.func @no_means(%x: tensor<1x4x8xf32>, %m: tensor<1x4x1xf32>, %v: tensor<1x4x1xf32>) -> tensor<1x4x8xf32> {
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %g = arith.constant dense<2.0> : tensor<8xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %1 = qcc.sub %x, %m : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %4 = qcc.add %v, %eps : (tensor<1x4x1xf32>, tensor<f32>) -> tensor<1x4x1xf32>
  %5 = qcc.sqrt %4 : tensor<1x4x1xf32>
  %6 = qcc.div %1, %5 : (tensor<1x4x8xf32>, tensor<1x4x1xf32>) -> tensor<1x4x8xf32>
  %7 = qcc.mul %6, %g : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %8 = qcc.add %7, %b : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %8 : tensor<1x4x8xf32>
}

// -----

// Tests that a mean over another axis is not a layer norm.
// CHECK-LABEL: func.func @not_last_axis
// CHECK-NOT: qcc.layer_norm
func.func @not_last_axis(%x: tensor<1x4x8xf32>) -> tensor<1x4x8xf32> {
  %two = arith.constant dense<2.0> : tensor<f32>
  %eps = arith.constant dense<1.0e-5> : tensor<f32>
  %g = arith.constant dense<2.0> : tensor<8xf32>
  %b = arith.constant dense<0.1> : tensor<8xf32>
  %0 = qcc.reduce_mean %x {axes = array<i64: 1>} : (tensor<1x4x8xf32>) -> tensor<1x1x8xf32>
  %1 = qcc.sub %x, %0 : (tensor<1x4x8xf32>, tensor<1x1x8xf32>) -> tensor<1x4x8xf32>
  %2 = qcc.pow %1, %two : (tensor<1x4x8xf32>, tensor<f32>) -> tensor<1x4x8xf32>
  %3 = qcc.reduce_mean %2 {axes = array<i64: 1>} : (tensor<1x4x8xf32>) -> tensor<1x1x8xf32>
  %4 = qcc.add %3, %eps : (tensor<1x1x8xf32>, tensor<f32>) -> tensor<1x1x8xf32>
  %5 = qcc.sqrt %4 : tensor<1x1x8xf32>
  %6 = qcc.div %1, %5 : (tensor<1x4x8xf32>, tensor<1x1x8xf32>) -> tensor<1x4x8xf32>
  %7 = qcc.mul %6, %g : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  %8 = qcc.add %7, %b : (tensor<1x4x8xf32>, tensor<8xf32>) -> tensor<1x4x8xf32>
  return %8 : tensor<1x4x8xf32>
}

// -----

// Tests that exact GELU, x · (1 + erf(x / √2)) · 0.5, becomes qcc.gelu.
// CHECK-LABEL: func.func @gelu
// CHECK-SAME: (%[[X:.+]]: tensor<2x3xf32>)
// CHECK: %[[G:.+]] = qcc.gelu %[[X]] : tensor<2x3xf32>
// CHECK-NEXT: return %[[G]]
func.func @gelu(%x: tensor<2x3xf32>) -> tensor<2x3xf32> {
  %root2 = arith.constant dense<1.41421354> : tensor<f32>
  %one = arith.constant dense<1.0> : tensor<f32>
  %half = arith.constant dense<0.5> : tensor<f32>
  %0 = qcc.div %x, %root2 : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %1 = qcc.erf %0 : tensor<2x3xf32>
  %2 = qcc.add %1, %one : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  %3 = qcc.mul %x, %2 : (tensor<2x3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
  %4 = qcc.mul %3, %half : (tensor<2x3xf32>, tensor<f32>) -> tensor<2x3xf32>
  return %4 : tensor<2x3xf32>
}

// -----

// Tests that a linear layer on a 3-D input (MatMul by a transposed weight,
// then Add) becomes a fully-connected layer on its rows, and that the
// layer's fake_quant moves onto the fully-connected output.
// CHECK-LABEL: func.func @linear
// CHECK-SAME: (%[[X:.+]]: tensor<1x4x8xf32>)
// CHECK: %[[W:.+]] = qcc.fake_quant %{{.+}} to !quant.uniform<i8:f32, 1.000000e-02> : tensor<3x8xf32>
// CHECK: %[[ROWS:.+]] = qcc.reshape %[[X]] : (tensor<1x4x8xf32>) -> tensor<4x8xf32>
// CHECK: %[[FC:.+]] = qcc.fully_connected %[[ROWS]], %[[W]], %{{.+}} : (tensor<4x8xf32>, tensor<3x8xf32>, tensor<3xf32>) -> tensor<4x3xf32>
// CHECK: %[[Q:.+]] = qcc.fake_quant %[[FC]] to !quant.uniform<u8:f32, 5.000000e-02:128> : tensor<4x3xf32>
// CHECK: %[[Y:.+]] = qcc.reshape %[[Q]] : (tensor<4x3xf32>) -> tensor<1x4x3xf32>
// CHECK: return %[[Y]]
func.func @linear(%x: tensor<1x4x8xf32>) -> tensor<1x4x3xf32> {
  %w = arith.constant dense<0.5> : tensor<3x8xf32>
  %b = arith.constant dense<[0.1, 0.2, 0.3]> : tensor<3xf32>
  %0 = qcc.fake_quant %w to !quant.uniform<i8:f32, 0.01> : tensor<3x8xf32>
  %1 = qcc.transpose %0 {perm = array<i64: 1, 0>} : (tensor<3x8xf32>) -> tensor<8x3xf32>
  %2 = qcc.matmul %x, %1 : (tensor<1x4x8xf32>, tensor<8x3xf32>) -> tensor<1x4x3xf32>
  %3 = qcc.add %b, %2 : (tensor<3xf32>, tensor<1x4x3xf32>) -> tensor<1x4x3xf32>
  %4 = qcc.fake_quant %3 to !quant.uniform<u8:f32, 0.05:128> : tensor<1x4x3xf32>
  return %4 : tensor<1x4x3xf32>
}

// -----

// Tests a float model's linear layer, whose transposed weight was folded
// to a K x N constant: the fully-connected layer gets it transposed back.
// CHECK-LABEL: func.func @folded_linear
// CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00], [2.000000e+00, 4.000000e+00]]> : tensor<2x2xf32>
// CHECK: qcc.fully_connected %{{.+}}, %[[W]], %{{.+}} : (tensor<3x2xf32>, tensor<2x2xf32>, tensor<2xf32>) -> tensor<3x2xf32>
func.func @folded_linear(%x: tensor<1x3x2xf32>) -> tensor<1x3x2xf32> {
  %wt = arith.constant dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  %b = arith.constant dense<[0.1, 0.2]> : tensor<2xf32>
  %0 = qcc.matmul %x, %wt : (tensor<1x3x2xf32>, tensor<2x2xf32>) -> tensor<1x3x2xf32>
  %1 = qcc.add %0, %b : (tensor<1x3x2xf32>, tensor<2xf32>) -> tensor<1x3x2xf32>
  return %1 : tensor<1x3x2xf32>
}

// -----

// Tests that a matmul of two activations stays (attention), as does a
// linear layer whose product is also read elsewhere.
// CHECK-LABEL: func.func @not_linear
// CHECK-NOT: qcc.fully_connected
func.func @not_linear(%x: tensor<4x8xf32>, %y: tensor<8x3xf32>) -> (tensor<4x3xf32>, tensor<4x3xf32>) {
  %b = arith.constant dense<0.1> : tensor<3xf32>
  %0 = qcc.matmul %x, %y : (tensor<4x8xf32>, tensor<8x3xf32>) -> tensor<4x3xf32>
  %1 = qcc.add %0, %b : (tensor<4x3xf32>, tensor<3xf32>) -> tensor<4x3xf32>
  return %0, %1 : tensor<4x3xf32>, tensor<4x3xf32>
}
