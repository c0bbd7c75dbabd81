// RUN: qcc-opt %s -split-input-file -qcc-fuse-activation | FileCheck %s

// Tests that a Relu after a conv becomes its clamp_min and a Clip(0, 6)
// after a fully_connected its clamp_min and clamp_max.
// CHECK-LABEL: func @into_producer
func.func @into_producer(%x: tensor<1x1x2x2xf32>, %w: tensor<2x1x1x1xf32>,
                         %v: tensor<3x8xf32>, %m: tensor<1x8xf32>)
    -> (tensor<1x2x2x2xf32>, tensor<1x3xf32>) {
  // CHECK: %[[C:.+]] = qcc.conv2d %{{.*}}, %{{.*}} {clamp_min = 0.000000e+00 : f32}
  // CHECK: %[[F:.+]] = qcc.fully_connected %{{.*}}, %{{.*}} {clamp_max = 6.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
  // CHECK-NOT: qcc.relu
  // CHECK-NOT: qcc.clamp
  // CHECK: return %[[C]], %[[F]]
  %0 = qcc.conv2d %x, %w : (tensor<1x1x2x2xf32>, tensor<2x1x1x1xf32>) -> tensor<1x2x2x2xf32>
  %1 = qcc.relu %0 : tensor<1x2x2x2xf32>
  %2 = qcc.fully_connected %m, %v : (tensor<1x8xf32>, tensor<3x8xf32>) -> tensor<1x3xf32>
  %3 = qcc.clamp %2 {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x3xf32>
  return %1, %3 : tensor<1x2x2x2xf32>, tensor<1x3xf32>
}

// -----

// Tests that a second activation intersects with the one already fused:
// relu then clamp(-1, 4) is [0, 4]. A Relu after an add fuses too.
// CHECK-LABEL: func @intersect
func.func @intersect(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>) -> tensor<1x4xf32> {
  // CHECK: qcc.add %{{.*}}, %{{.*}} {clamp_max = 4.000000e+00 : f32, clamp_min = 0.000000e+00 : f32}
  // CHECK-NOT: qcc.relu
  // CHECK-NOT: qcc.clamp
  %0 = qcc.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qcc.relu %0 : tensor<1x4xf32>
  %2 = qcc.clamp %1 {min = -1.0 : f32, max = 4.0 : f32} : tensor<1x4xf32>
  return %2 : tensor<1x4xf32>
}

// -----

// Tests that an activation is kept when its producer has another user,
// when the producer cannot fuse one, and when the intervals are disjoint.
// CHECK-LABEL: func @kept
func.func @kept(%a: tensor<1x4xf32>, %b: tensor<1x4xf32>)
    -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK: qcc.add %{{.*}}, %{{.*}} : (
  // CHECK: qcc.relu
  // CHECK: qcc.sub
  // CHECK: qcc.relu
  // CHECK: qcc.add %{{.*}}, %{{.*}} {clamp_max = -1.000000e+00 : f32, clamp_min = -2.000000e+00 : f32}
  // CHECK: qcc.relu
  %0 = qcc.add %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %1 = qcc.relu %0 : tensor<1x4xf32>
  %2 = qcc.sub %a, %b : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %3 = qcc.relu %2 : tensor<1x4xf32>
  %4 = qcc.add %a, %b {clamp_min = -2.0 : f32, clamp_max = -1.0 : f32} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  %5 = qcc.relu %4 : tensor<1x4xf32>
  return %0, %1, %3, %5 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests that a Relu disappears before a quantizer whose range starts at 0
// (uint8, zero point 0; per-axis int8 with zero points -128), and stays
// before one whose range reaches below 0 (zero point 128).
// CHECK-LABEL: func @before_quantizer
func.func @before_quantizer(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK-NEXT: %[[A:.+]] = qcc.fake_quant %arg0 to !quant.uniform<u8:f32, 1.000000e-01>
  // CHECK-NEXT: %[[B:.+]] = qcc.fake_quant %arg0 to !quant.uniform<i8:f32:1, {1.000000e-01:-128,2.000000e-01:-128,1.000000e-01:-128,1.000000e-01:-128}>
  // CHECK-NEXT: %[[R:.+]] = qcc.relu %arg0
  // CHECK-NEXT: %[[C:.+]] = qcc.fake_quant %[[R]] to !quant.uniform<u8:f32, 1.000000e-01:128>
  // CHECK-NEXT: return %[[A]], %[[B]], %[[C]]
  %0 = qcc.relu %x : tensor<1x4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  %2 = qcc.relu %x : tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<i8:f32:1, {0.1:-128, 0.2:-128, 0.1:-128, 0.1:-128}> : tensor<1x4xf32>
  %4 = qcc.relu %x : tensor<1x4xf32>
  %5 = qcc.fake_quant %4 to !quant.uniform<u8:f32, 0.1:128> : tensor<1x4xf32>
  return %1, %3, %5 : tensor<1x4xf32>, tensor<1x4xf32>, tensor<1x4xf32>
}

// -----

// Tests that a Clip(0, 6) before a quantizer spanning [0, 5.1] disappears,
// while one before a quantizer spanning [0, 25.5] stays.
// CHECK-LABEL: func @clip_before_quantizer
func.func @clip_before_quantizer(%x: tensor<1x4xf32>) -> (tensor<1x4xf32>, tensor<1x4xf32>) {
  // CHECK-NEXT: qcc.fake_quant %arg0 to !quant.uniform<u8:f32, 2.000000e-02>
  // CHECK-NEXT: qcc.clamp %arg0
  %0 = qcc.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<u8:f32, 0.02> : tensor<1x4xf32>
  %2 = qcc.clamp %x {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x4xf32>
  %3 = qcc.fake_quant %2 to !quant.uniform<u8:f32, 0.1> : tensor<1x4xf32>
  return %1, %3 : tensor<1x4xf32>, tensor<1x4xf32>
}
