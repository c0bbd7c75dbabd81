// RUN: qcc %s --emit=float -o %t.mlir
// RUN: FileCheck %s < %t.mlir
// RUN: qcc-opt %s --qcc-compile | FileCheck %s

// Tests that qcc --emit=float runs the qcc-compile pipeline (the same one
// qcc-opt registers) and prints the result: the weight transpose is folded
// into the constant and the duplicate fake_quant disappears.

// CHECK-LABEL: func @model
func.func @model(%x: tensor<1x4xf32>) -> tensor<1x2xf32> {
  // CHECK-DAG: %[[W:.+]] = arith.constant dense<{{\[\[}}1.000000e+00, 3.000000e+00, 5.000000e+00, 7.000000e+00], [2.000000e+00, 4.000000e+00, 6.000000e+00, 8.000000e+00]]> : tensor<2x4xf32>
  // CHECK: %[[Q:.+]] = qcc.fake_quant %{{.*}} to !quant.uniform<u8:f32, 1.000000e-01:128>
  // CHECK-NEXT: qcc.fully_connected %[[Q]], %[[W]]
  // CHECK-NOT: qcc.transpose
  %k = arith.constant dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0], [7.0, 8.0]]> : tensor<4x2xf32>
  %w = qcc.transpose %k {perm = array<i64: 1, 0>} : (tensor<4x2xf32>) -> tensor<2x4xf32>
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  %2 = qcc.fully_connected %1, %w : (tensor<1x4xf32>, tensor<2x4xf32>) -> tensor<1x2xf32>
  return %2 : tensor<1x2xf32>
}
