// Two samples of a 1x2 input: [-1, 1] and [3, 0.5], as a batch file and as
// a directory of single samples.
// RUN: rm -rf %t && mkdir -p %t/dir
// RUN: %python -c "import numpy as np; np.save('%t/batch.npy', np.array([[[-1, 1]], [[3, 0.5]]], np.float32)); np.save('%t/dir/a.npy', np.array([[-1, 1]], np.float32)); np.save('%t/dir/b.npy', np.array([[3, 0.5]], np.float32)); np.save('%t/wrong.npy', np.zeros((3,), np.float32))"

// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/batch.npy" | FileCheck %s
// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/dir" | FileCheck %s
// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/batch.npy activations=int8" | FileCheck %s --check-prefix=INT8
// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/batch.npy method=percentile" | FileCheck %s --check-prefix=OTHER
// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/batch.npy method=mse" | FileCheck %s --check-prefix=OTHER
// RUN: qcc-opt %s -split-input-file -verify-diagnostics -qcc-calibrate="samples=%t/batch.npy method=mse progress=true" -o /dev/null 2>&1 | FileCheck %s --check-prefix=PROGRESS
// PROGRESS: calibrating (pass 2/2) [##############################] 2/2
// RUN: not qcc-opt %s -split-input-file -qcc-calibrate="samples=%t/wrong.npy" 2>&1 | FileCheck %s --check-prefix=WRONG
// RUN: not qcc-opt %s -split-input-file -qcc-calibrate="samples=%t/missing.npy" 2>&1 | FileCheck %s --check-prefix=MISSING
// RUN: not qcc-opt %s -split-input-file -qcc-calibrate="samples=%t/batch.npy method=kl" 2>&1 | FileCheck %s --check-prefix=METHOD

// Tests that the input and the fully_connected's result get the grid of
// their observed range [-1, 3] (x, then y = [x0, 2·x1] = [-1, 2], [3, 1]):
// scale 4/255, zero point 64 (int8: -64); the weights per-channel
// symmetric int8, scales 1/127 and 2/127; the relu nothing (it keeps its
// input's values).
// CHECK-LABEL: func @mlp
// CHECK-NEXT: %[[X:.+]] = qcc.fake_quant %arg0 to !quant.uniform<u8:f32, 0.01568627{{[0-9]+}}:64>
// CHECK-NEXT: %[[W:.+]] = arith.constant
// CHECK-NEXT: %[[WQ:.+]] = qcc.fake_quant %[[W]] to !quant.uniform<i8<-127:127>:f32:0, {0.0078740{{[0-9]+}},0.015748{{[0-9]+}}}>
// CHECK-NEXT: %[[Y:.+]] = qcc.fully_connected %[[X]], %[[WQ]]
// CHECK-NEXT: %[[YQ:.+]] = qcc.fake_quant %[[Y]] to !quant.uniform<u8:f32, 0.01568627{{[0-9]+}}:64>
// CHECK-NEXT: %[[R:.+]] = qcc.relu %[[YQ]]
// CHECK-NEXT: return %[[R]]
// INT8-LABEL: func @mlp
// INT8: qcc.fake_quant %arg0 to !quant.uniform<i8:f32, 0.01568627{{[0-9]+}}:-64>
// OTHER-LABEL: func @mlp
// OTHER: qcc.fake_quant %arg0 to !quant.uniform<u8:f32
// OTHER: qcc.fake_quant %{{.*}} to !quant.uniform<u8:f32
// WRONG: calibration sample '{{.*}}wrong.npy' is float32[3], which is neither the model input's 2 elements nor a batch of them
// MISSING: error: cannot read calibration samples '{{.*}}missing.npy': no such file or directory
// METHOD: unknown calibration method 'kl' (expected minmax, percentile or mse)
func.func @mlp(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %w = arith.constant dense<[[1.0, 0.0], [0.0, 2.0]]> : tensor<2x2xf32>
  %0 = qcc.fully_connected %x, %w : (tensor<1x2xf32>, tensor<2x2xf32>) -> tensor<1x2xf32>
  %1 = qcc.relu %0 : tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Tests that a partly quantized model keeps its fake_quant ops and gets
// the missing ones only.
// CHECK-LABEL: func @partial
// CHECK-NEXT: %[[X:.+]] = qcc.fake_quant %arg0 to !quant.uniform<u8:f32, 1.000000e-01:10>
// CHECK-NEXT: %[[S:.+]] = qcc.add %[[X]], %[[X]]
// CHECK-NEXT: qcc.fake_quant %[[S]] to !quant.uniform<u8:f32, 0.0313725{{[0-9]+}}:64>
// CHECK-NOT: qcc.fake_quant
func.func @partial(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = qcc.fake_quant %x to !quant.uniform<u8:f32, 0.1:10> : tensor<1x2xf32>
  %1 = qcc.add %0, %0 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Tests that a concat with a constant input (a ViT's class token) is
// calibrated: its values [5, -2] lie outside the input's range, so the
// result gets the grid of [-2, 5] (scale 7/255, zero point 73), not its
// input's.
// CHECK-LABEL: func @concat_constant
// CHECK: %[[C:.+]] = qcc.concat
// CHECK-NEXT: qcc.fake_quant %[[C]] to !quant.uniform<u8:f32, 0.0274509{{[0-9]+}}:73>
func.func @concat_constant(%x: tensor<1x2xf32>) -> tensor<1x4xf32> {
  %token = arith.constant dense<[[5.0, -2.0]]> : tensor<1x2xf32>
  %0 = qcc.concat %token, %x {axis = 1 : i64} : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

// Tests that the inner values of a pointwise chain are not calibrated:
// hardswish spelled x · HardSigmoid(x) gets ranges at x and at the product
// only, so that quantization makes it one table.
// CHECK-LABEL: func @hardswish
// CHECK: %[[X:.+]] = qcc.fake_quant %arg0
// CHECK-NEXT: %[[H:.+]] = qcc.hard_sigmoid %[[X]]
// CHECK-NEXT: %[[M:.+]] = qcc.mul %[[X]], %[[H]]
// CHECK-NEXT: qcc.fake_quant %[[M]]
func.func @hardswish(%x: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = qcc.hard_sigmoid %x {alpha = 0.166666672 : f32} : tensor<1x2xf32>
  %1 = qcc.mul %x, %0 : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %1 : tensor<1x2xf32>
}

// -----

// Tests that a model with two inputs needs two sample sources
// (calibrate-inputs.mlir gives them).
// expected-error@+1 {{calibration needs one sample file or directory per model input (comma-separated); the model has 2 inputs but 1 was given}}
func.func @two_inputs(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = qcc.add %x, %y : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
