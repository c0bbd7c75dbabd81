// RUN: qcc-opt %s -split-input-file -qcc-fold-batch-norm | FileCheck %s

// Tests that a float conv2d absorbs the batch norm into its weights and
// bias: s = γ / sqrt(σ² + ε) = [2, 0.5], w' = w·s, b' = (b - μ)·s + β.
// CHECK-LABEL: func @float_conv
func.func @float_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[\[\[}}2.000000e+00]]], {{\[\[\[}}5.000000e-01]]]]> : tensor<2x1x1x1xf32>
  // CHECK-DAG: %[[B:.+]] = arith.constant dense<[2.000000e+00, -1.000000e+00]> : tensor<2xf32>
  // CHECK: %[[C:.+]] = qcc.conv2d %{{.*}}, %[[W]], %[[B]]
  // CHECK-NOT: qcc.batch_norm
  // CHECK: return %[[C]]
  %w = arith.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %b = arith.constant dense<[1.0, 2.0]> : tensor<2xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, -2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qcc.conv2d %x, %w, %b : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
     : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %1 : tensor<1x2x2x2xf32>
}

// -----

// Tests a fully_connected without bias: the folded op gains one.
// CHECK-LABEL: func @float_fc
func.func @float_fc(%x: tensor<1x3xf32>) -> tensor<1x2xf32> {
  // CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[}}2.000000e+00, 4.000000e+00, 6.000000e+00], [5.000000e-01, 5.000000e-01, 5.000000e-01]]> : tensor<2x3xf32>
  // CHECK-DAG: %[[B:.+]] = arith.constant dense<[-2.000000e+00, 0.000000e+00]> : tensor<2xf32>
  // CHECK: qcc.fully_connected %{{.*}}, %[[W]], %[[B]]
  // CHECK-NOT: qcc.batch_norm
  %w = arith.constant dense<[[1.0, 2.0, 3.0], [1.0, 1.0, 1.0]]> : tensor<2x3xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, 0.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qcc.fully_connected %x, %w : (tensor<1x3xf32>, tensor<2x3xf32>) -> tensor<1x2xf32>
  %1 = qcc.batch_norm %0, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
     : (tensor<1x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

!w = !quant.uniform<i8:f32:0, {0.01, 0.02}>

// Tests PyTorch's QAT form: the fake-quantized weights W' already carry γ/σ
// (here [2, 0.5]) and the div undoes it, so only the bias changes:
// b' = β - μ·s = [0 - 1·2, -2 - 0] = [-2, -2]; the weights stay.
// CHECK-LABEL: func @qat_conv
func.func @qat_conv(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK-DAG: %[[WQ:.+]] = qcc.fake_quant %{{.*}} to !quant.uniform<i8:f32:0
  // CHECK-DAG: %[[B:.+]] = arith.constant dense<-2.000000e+00> : tensor<2xf32>
  // CHECK: %[[C:.+]] = qcc.conv2d %{{.*}}, %[[WQ]], %[[B]]
  // CHECK-NOT: qcc.div
  // CHECK-NOT: qcc.batch_norm
  // CHECK: return %[[C]]
  %w = arith.constant dense<[[[[0.5]]], [[[0.25]]]]> : tensor<2x1x1x1xf32>
  %wq = qcc.fake_quant %w to !w : tensor<2x1x1x1xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %c = arith.constant dense<[[[[2.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, -2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qcc.conv2d %x, %wq, %zero : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.div %0, %c : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = qcc.batch_norm %1, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
     : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Tests the QAT form of a convolution with its own bias b0 (nn.Conv2d's
// default bias=True), added after the div: with s = [2, 0.5] and
// b0 = [3, 8], b' = s·b0 + β - μ·s = [6 + 0 - 2, 4 - 2 - 0] = [4, 2].
// CHECK-LABEL: func @qat_conv_bias
func.func @qat_conv_bias(%x: tensor<1x1x2x2xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK-DAG: %[[WQ:.+]] = qcc.fake_quant %{{.*}} to !quant.uniform<i8:f32:0
  // CHECK-DAG: %[[B:.+]] = arith.constant dense<[4.000000e+00, 2.000000e+00]> : tensor<2xf32>
  // CHECK: %[[C:.+]] = qcc.conv2d %{{.*}}, %[[WQ]], %[[B]]
  // CHECK-NOT: qcc.div
  // CHECK-NOT: qcc.add
  // CHECK-NOT: qcc.batch_norm
  // CHECK: return %[[C]]
  %w = arith.constant dense<[[[[0.5]]], [[[0.25]]]]> : tensor<2x1x1x1xf32>
  %wq = qcc.fake_quant %w to !quant.uniform<i8:f32:0, {0.01, 0.02}> : tensor<2x1x1x1xf32>
  %zero = arith.constant dense<0.0> : tensor<2xf32>
  %c = arith.constant dense<[[[[2.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>
  %b0 = arith.constant dense<[[[[3.0]], [[8.0]]]]> : tensor<1x2x1x1xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, -2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qcc.conv2d %x, %wq, %zero : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.div %0, %c : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = qcc.add %1, %b0 : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qcc.batch_norm %2, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
     : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %3 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a div by something other than γ/σ is kept: folding it would
// need to change weights that are already quantized.
// CHECK-LABEL: func @qat_other_divisor
func.func @qat_other_divisor(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32> {
  // CHECK: qcc.conv2d
  // CHECK: qcc.div
  // CHECK: qcc.batch_norm
  %c = arith.constant dense<[[[[3.0]], [[0.5]]]]> : tensor<1x2x1x1xf32>
  %gamma = arith.constant dense<[2.0, 1.0]> : tensor<2xf32>
  %beta = arith.constant dense<[0.0, -2.0]> : tensor<2xf32>
  %mean = arith.constant dense<[1.0, 0.0]> : tensor<2xf32>
  %var = arith.constant dense<[1.0, 4.0]> : tensor<2xf32>
  %0 = qcc.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.div %0, %c : (tensor<1x2x2x2xf32>, tensor<1x2x1x1xf32>) -> tensor<1x2x2x2xf32>
  %2 = qcc.batch_norm %1, %gamma, %beta, %mean, %var {epsilon = 0.0 : f32}
     : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %2 : tensor<1x2x2x2xf32>
}

// -----

// Tests that a conv whose result has other users is kept, as are batch
// norms with non-constant statistics.
// CHECK-LABEL: func @shared
func.func @shared(%x: tensor<1x1x2x2xf32>, %mean: tensor<2xf32>) -> (tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>) {
  // CHECK-COUNT-2: qcc.batch_norm
  %w = arith.constant dense<[[[[1.0]]], [[[1.0]]]]> : tensor<2x1x1x1xf32>
  %one = arith.constant dense<1.0> : tensor<2xf32>
  %0 = qcc.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.batch_norm %0, %one, %one, %one, %one : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  %2 = qcc.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %3 = qcc.batch_norm %2, %one, %one, %mean, %one : (tensor<1x2x2x2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>, tensor<2xf32>) -> tensor<1x2x2x2xf32>
  return %0, %1, %3 : tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>, tensor<1x2x2x2xf32>
}
