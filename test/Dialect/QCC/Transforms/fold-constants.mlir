// RUN: qcc-opt %s -split-input-file -qcc-fold-constants | FileCheck %s

// Tests that the weights of a QAT convolution exported without constant
// folding, W·γ/sqrt(σ² + ε) reshaped, become one constant, and that the
// fake_quant of that constant (the weight's quantization) stays.
// CHECK-LABEL: func @unfolded_weights
func.func @unfolded_weights(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}1.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
  // CHECK: %[[WQ:.+]] = qcc.fake_quant %[[W]]
  // CHECK: qcc.conv2d %{{.*}}, %[[WQ]]
  // CHECK-NOT: qcc.sqrt
  // CHECK-NOT: qcc.mul
  %w = arith.constant dense<[[[[0.5]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %var = arith.constant dense<[0.75, 3.75]> : tensor<2xf32>
  %eps = arith.constant dense<0.25> : tensor<f32>
  %0 = qcc.add %var, %eps : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
  %1 = qcc.sqrt %0 : tensor<2xf32>
  %2 = qcc.div %gamma, %1 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %3 = qcc.reshape %2 : (tensor<2xf32>) -> tensor<2x1x1x1xf32>
  %4 = qcc.mul %w, %3 : (tensor<2x1x1x1xf32>, tensor<2x1x1x1xf32>) -> tensor<2x1x1x1xf32>
  %5 = qcc.fake_quant %4 to !quant.uniform<i8:f32:0, {0.01, 0.02}> : tensor<2x1x1x1xf32>
  %6 = qcc.conv2d %x, %5 : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  return %6 : tensor<1x2x2x2xf32>
}

// -----

// Tests that an op with a fused activation folds with its clamp, and that
// ops reading a non-constant value are kept.
// CHECK-LABEL: func @clamped
func.func @clamped(%x: tensor<2xf32>) -> (tensor<2xf32>, tensor<2xf32>) {
  // CHECK-DAG: %[[C:.+]] = arith.constant dense<[0.000000e+00, 3.000000e+00]> : tensor<2xf32>
  // CHECK-DAG: %[[A:.+]] = qcc.add %{{.*}}, %{{.*}}
  // CHECK: return %[[C]], %[[A]]
  %a = arith.constant dense<[-4.0, 5.0]> : tensor<2xf32>
  %b = arith.constant dense<[1.0, 1.0]> : tensor<2xf32>
  %0 = qcc.add %a, %b {clamp_min = 0.0 : f32, clamp_max = 3.0 : f32} : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  %1 = qcc.add %x, %b : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
  return %0, %1 : tensor<2xf32>, tensor<2xf32>
}
