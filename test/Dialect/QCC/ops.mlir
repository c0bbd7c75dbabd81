// RUN: qcc-opt %s | FileCheck %s
// RUN: qcc-opt %s | qcc-opt | FileCheck %s
// RUN: qcc-opt --mlir-print-op-generic %s | qcc-opt | FileCheck %s

// Tests that every qcc op prints in its custom form and parses back.

!u8 = !quant.uniform<u8:f32, 0.02:128>
!i8 = !quant.uniform<i8:f32, 0.05:-128>
!i8b = !quant.uniform<i8:f32, 0.1>
!w = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02}>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
#id = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = 0, clamp = [-128, 127], rounding = double>
#rq = #qcc.requant<multiplier = [1374389535, 1374389535], shift = [6, 5], zero_point = -128, clamp = [-128, 127], rounding = single>
// M = 0.1 (0.1 * 0.1 / 0.1), M = 1/16 (0.1 / (0.1 * 4 * 4)), M = 2^-19.
#tenth = #qcc.requant<multiplier = [1717986918], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>
#sixteenth = #qcc.requant<multiplier = [1073741824], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>
#add = #qcc.requant<multiplier = [1073741824], shift = [18], zero_point = 0, clamp = [-128, 127], rounding = double>

// CHECK-LABEL: func @fake_quant
func.func @fake_quant(%x: tensor<1x2x4x4xf32>) -> tensor<1x2x4x4xf32> {
  // CHECK: qcc.fake_quant %{{.*}} to !quant.uniform<u8:f32, 2.000000e-02:128> : tensor<1x2x4x4xf32>
  %0 = qcc.fake_quant %x to !u8 : tensor<1x2x4x4xf32>
  // CHECK: qcc.fake_quant %{{.*}} to !quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}> : tensor<1x2x4x4xf32>
  %1 = qcc.fake_quant %0 to !quant.uniform<i8:f32:1, {0.1, 0.2}> : tensor<1x2x4x4xf32>
  // CHECK: qcc.fake_quant %{{.*}} to !quant.uniform<u8<0:127>:f32, 5.000000e-02:64> : tensor<1x2x4x4xf32>
  %2 = qcc.fake_quant %1 to !quant.uniform<u8<0:127>:f32, 0.05:64> : tensor<1x2x4x4xf32>
  return %2 : tensor<1x2x4x4xf32>
}

// CHECK-LABEL: func @conv_and_products
func.func @conv_and_products(%x: tensor<1x3x8x8xf32>, %w: tensor<4x3x3x3xf32>, %b: tensor<4xf32>,
                             %dw: tensor<8x1x3x3xf32>, %f: tensor<1x64xf32>, %fw: tensor<10x64xf32>,
                             %q: tensor<4x16x8xf32>, %k: tensor<1x8x16xf32>) {
  // CHECK: qcc.conv2d %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  %0 = qcc.conv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}
     : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: qcc.conv2d %{{.*}}, %{{.*}} {dilations = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  %1 = qcc.conv2d %x, %w {dilations = array<i64: 2, 2>}
     : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>) -> tensor<1x4x4x4xf32>
  // CHECK: qcc.conv2d {{.*}} {group = 4 : i64}
  %2 = qcc.conv2d %0, %dw {group = 4 : i64} : (tensor<1x4x4x4xf32>, tensor<8x1x3x3xf32>) -> tensor<1x8x2x2xf32>
  // CHECK: qcc.fully_connected %{{.*}}, %{{.*}} : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  %3 = qcc.fully_connected %f, %fw : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  // CHECK: qcc.matmul %{{.*}}, %{{.*}} : (tensor<4x16x8xf32>, tensor<1x8x16xf32>) -> tensor<4x16x16xf32>
  %4 = qcc.matmul %q, %k : (tensor<4x16x8xf32>, tensor<1x8x16xf32>) -> tensor<4x16x16xf32>
  return
}

// CHECK-LABEL: func @elementwise
func.func @elementwise(%a: tensor<1x8x4x4xf32>, %b: tensor<1x8x1x1xf32>) {
  // CHECK: qcc.add %{{.*}}, %{{.*}} : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  %0 = qcc.add %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.sub
  %1 = qcc.sub %b, %a : (tensor<1x8x1x1xf32>, tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.mul
  %2 = qcc.mul %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.div
  %3 = qcc.div %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.pow
  %4 = qcc.pow %a, %b : (tensor<1x8x4x4xf32>, tensor<1x8x1x1xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.relu %{{.*}} : tensor<1x8x4x4xf32>
  %5 = qcc.relu %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.sigmoid
  %6 = qcc.sigmoid %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.erf
  %7 = qcc.erf %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.gelu
  %8 = qcc.gelu %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.sqrt
  %9 = qcc.sqrt %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.tanh
  %10 = qcc.tanh %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.leaky_relu %{{.*}} {alpha = 1.000000e-01 : f32} : tensor<1x8x4x4xf32>
  %11 = qcc.leaky_relu %a {alpha = 0.1 : f32} : tensor<1x8x4x4xf32>
  // CHECK: qcc.hard_sigmoid %{{.*}} {alpha = 0.166666672 : f32, beta = 2.500000e-01 : f32} : tensor<1x8x4x4xf32>
  %hs = qcc.hard_sigmoid %a {alpha = 0.166666672 : f32, beta = 0.25 : f32} : tensor<1x8x4x4xf32>
  // CHECK: qcc.hard_swish %{{.*}} : tensor<1x8x4x4xf32>
  %hw = qcc.hard_swish %a : tensor<1x8x4x4xf32>
  // CHECK: qcc.clamp %{{.*}} {max = 6.000000e+00 : f32, min = 0.000000e+00 : f32} : tensor<1x8x4x4xf32>
  %12 = qcc.clamp %a {min = 0.0 : f32, max = 6.0 : f32} : tensor<1x8x4x4xf32>
  return
}

// CHECK-LABEL: func @normalization
func.func @normalization(%x: tensor<1x8x4x4xf32>, %c: tensor<8xf32>, %t: tensor<1x16x32xf32>, %g: tensor<32xf32>) {
  // CHECK: qcc.batch_norm %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}}, %{{.*}} {epsilon = 1.000000e-03 : f32}
  %0 = qcc.batch_norm %x, %c, %c, %c, %c {epsilon = 1.0e-3 : f32}
     : (tensor<1x8x4x4xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>, tensor<8xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.layer_norm %{{.*}}, %{{.*}}, %{{.*}} {axis = 2 : i64}
  %1 = qcc.layer_norm %t, %g, %g {axis = 2 : i64}
     : (tensor<1x16x32xf32>, tensor<32xf32>, tensor<32xf32>) -> tensor<1x16x32xf32>
  // CHECK: qcc.softmax %{{.*}} {axis = 2 : i64} : tensor<1x16x32xf32>
  %2 = qcc.softmax %t {axis = 2 : i64} : tensor<1x16x32xf32>
  // CHECK: qcc.reduce_mean %{{.*}} {axes = array<i64: 2>} : (tensor<1x16x32xf32>) -> tensor<1x16x1xf32>
  %3 = qcc.reduce_mean %t {axes = array<i64: 2>} : (tensor<1x16x32xf32>) -> tensor<1x16x1xf32>
  // CHECK: qcc.reduce_mean %{{.*}} {axes = array<i64: 1, 2>, keepdims = false} : (tensor<1x16x32xf32>) -> tensor<1xf32>
  %4 = qcc.reduce_mean %t {axes = array<i64: 1, 2>, keepdims = false} : (tensor<1x16x32xf32>) -> tensor<1xf32>
  return
}

// CHECK-LABEL: func @pooling
func.func @pooling(%x: tensor<1x8x4x4xf32>) {
  // CHECK: qcc.max_pool %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  %0 = qcc.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x8x4x4xf32>) -> tensor<1x8x2x2xf32>
  // CHECK: qcc.avg_pool %{{.*}} {count_include_pad = true, kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>}
  %1 = qcc.avg_pool %x {kernel = array<i64: 3, 3>, pads = array<i64: 1, 1, 1, 1>, count_include_pad = true}
     : (tensor<1x8x4x4xf32>) -> tensor<1x8x4x4xf32>
  // CHECK: qcc.global_avg_pool %{{.*}} : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  %2 = qcc.global_avg_pool %x : (tensor<1x8x4x4xf32>) -> tensor<1x8x1x1xf32>
  return
}

// CHECK-LABEL: func @layout
func.func @layout(%x: tensor<1x8x4x5xf32>, %y: tensor<1x2x4x5xf32>, %q: tensor<1x8x!i8b>) {
  // CHECK: qcc.reshape %{{.*}} : (tensor<1x8x4x5xf32>) -> tensor<1x160xf32>
  %0 = qcc.reshape %x : (tensor<1x8x4x5xf32>) -> tensor<1x160xf32>
  // CHECK: qcc.reshape %{{.*}} : (tensor<1x8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<8x!quant.uniform<i8:f32, 1.000000e-01>>
  %1 = qcc.reshape %q : (tensor<1x8x!i8b>) -> tensor<8x!i8b>
  // CHECK: qcc.transpose %{{.*}} {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
  %2 = qcc.transpose %x {perm = array<i64: 0, 2, 3, 1>} : (tensor<1x8x4x5xf32>) -> tensor<1x4x5x8xf32>
  // CHECK: qcc.slice %{{.*}} {offsets = array<i64: 0, 1, 0, 0>, sizes = array<i64: 1, 4, 4, 5>, strides = array<i64: 1, 2, 1, 1>}
  %3 = qcc.slice %x {offsets = array<i64: 0, 1, 0, 0>, sizes = array<i64: 1, 4, 4, 5>, strides = array<i64: 1, 2, 1, 1>}
     : (tensor<1x8x4x5xf32>) -> tensor<1x4x4x5xf32>
  // CHECK: qcc.concat %{{.*}}, %{{.*}} {axis = 1 : i64} : (tensor<1x8x4x5xf32>, tensor<1x2x4x5xf32>) -> tensor<1x10x4x5xf32>
  %4 = qcc.concat %x, %y {axis = 1 : i64} : (tensor<1x8x4x5xf32>, tensor<1x2x4x5xf32>) -> tensor<1x10x4x5xf32>
  // CHECK: qcc.pad %{{.*}} {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = -1.000000e+00 : f32}
  %5 = qcc.pad %x {pads = array<i64: 0, 0, 1, 1, 0, 0, 1, 1>, value = -1.0 : f32}
     : (tensor<1x8x4x5xf32>) -> tensor<1x8x6x7xf32>
  return
}

// CHECK-LABEL: func @boundary
func.func @boundary(%x: tensor<1x8x8x3xf32>) -> tensor<1x8x8x3xf32> {
  // CHECK: qcc.quantize %{{.*}} : tensor<1x8x8x3xf32> to tensor<1x8x8x3x!quant.uniform<u8:f32, 2.000000e-02:128>>
  %0 = qcc.quantize %x : tensor<1x8x8x3xf32> to tensor<1x8x8x3x!u8>
  // CHECK: qcc.dequantize %{{.*}} : tensor<1x8x8x3x!quant.uniform<u8:f32, 2.000000e-02:128>> to tensor<1x8x8x3xf32>
  %1 = qcc.dequantize %0 : tensor<1x8x8x3x!u8> to tensor<1x8x8x3xf32>
  return %1 : tensor<1x8x8x3xf32>
}

// CHECK-LABEL: func @integer
func.func @integer(%x: tensor<1x8x8x3x!i8>, %a: tensor<1x4x4x8x!i8b>, %m: tensor<1x64x!i8b>,
                   %q: tensor<4x16x8x!i8b>, %k: tensor<4x8x16x!i8b>) {
  // CHECK: qcc.qconstant dense<{{\[\[\[\[}}1, -127, 0]{{.*}} : tensor<2x3x3x3xi8> -> tensor<2x3x3x3x!quant.uniform<i8<-127:127>:f32:0, {1.000000e-02,2.000000e-02}>>
  %w = qcc.qconstant dense<[[[[1, -127, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]],
                            [[[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]]]>
       : tensor<2x3x3x3xi8> -> tensor<2x3x3x3x!w>
  // CHECK: qcc.qconstant dense<[-1, 7]> : tensor<2xi8> -> tensor<2x!quant.uniform<u8:f32, 2.000000e-02:128>>
  %u = qcc.qconstant dense<[-1, 7]> : tensor<2xi8> -> tensor<2x!u8>
  %b = arith.constant dense<[100, -100]> : tensor<2xi32>
  // CHECK: qcc.qconv2d %{{.*}}, %{{.*}}, %{{.*}} {pads = array<i64: 1, 1, 1, 1>, requant = #qcc.requant<multiplier = [1374389535, 1374389535], shift = [6, 5], zero_point = -128, clamp = [-128, 127], rounding = single>}
  %0 = qcc.qconv2d %x, %w, %b {pads = array<i64: 1, 1, 1, 1>, requant = #rq}
     : (tensor<1x8x8x3x!i8>, tensor<2x3x3x3x!w>, tensor<2xi32>) -> tensor<1x8x8x2x!i8>
  %fw = qcc.qconstant dense<1> : tensor<10x64xi8> -> tensor<10x64x!i8b>
  // CHECK: qcc.qfully_connected %{{.*}}, %{{.*}} {requant = #qcc.requant<multiplier = [1717986918], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>}
  %1 = qcc.qfully_connected %m, %fw {requant = #tenth} : (tensor<1x64x!i8b>, tensor<10x64x!i8b>) -> tensor<1x10x!i8b>
  // CHECK: qcc.qmatmul
  %2 = qcc.qmatmul %q, %k {requant = #tenth} : (tensor<4x16x8x!i8b>, tensor<4x8x16x!i8b>) -> tensor<4x16x16x!i8b>
  // CHECK: qcc.qadd %{{.*}}, %{{.*}} {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, requant = {{.*}}, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32}
  %3 = qcc.qadd %m, %m {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32,
                        rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #add}
     : (tensor<1x64x!i8b>, tensor<1x64x!i8b>) -> tensor<1x64x!i8b>
  // CHECK: qcc.qmul
  %4 = qcc.qmul %m, %m {requant = #tenth} : (tensor<1x64x!i8b>, tensor<1x64x!i8b>) -> tensor<1x64x!i8b>
  // CHECK: qcc.requantize %{{.*}} {requant = {{.*}}} : tensor<1x64x!quant.uniform<i8:f32, 1.000000e-01>> to tensor<1x64x!quant.uniform<i8:f32, 1.000000e-01>>
  %5 = qcc.requantize %m {requant = #id} : tensor<1x64x!i8b> to tensor<1x64x!i8b>
  // CHECK: qcc.qmax_pool %{{.*}} {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>}
  %6 = qcc.qmax_pool %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x4x4x8x!i8b>) -> tensor<1x2x2x8x!i8b>
  // CHECK: qcc.qavg_pool %{{.*}} {kernel = array<i64: 2, 2>, requant = {{.*}}, strides = array<i64: 2, 2>}
  %7 = qcc.qavg_pool %a {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, requant = #id}
     : (tensor<1x4x4x8x!i8b>) -> tensor<1x2x2x8x!i8b>
  // CHECK: qcc.qglobal_avg_pool %{{.*}} {requant = {{.*}}} : (tensor<1x4x4x8x!quant.uniform<i8:f32, 1.000000e-01>>) -> tensor<1x1x1x8x!quant.uniform<i8:f32, 1.000000e-01>>
  %8 = qcc.qglobal_avg_pool %a {requant = #sixteenth} : (tensor<1x4x4x8x!i8b>) -> tensor<1x1x1x8x!i8b>
  // CHECK: qcc.qconcat %{{.*}}, %{{.*}} {axis = 3 : i64, requants = [#qcc.requant<{{.*}}>, #qcc.requant<{{.*}}>]}
  %9 = qcc.qconcat %a, %a {axis = 3 : i64, requants = [#id, #id]}
     : (tensor<1x4x4x8x!i8b>, tensor<1x4x4x8x!i8b>) -> tensor<1x4x4x16x!i8b>
  // CHECK: qcc.qpad %{{.*}} {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>}
  %10 = qcc.qpad %a {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>} : (tensor<1x4x4x8x!i8b>) -> tensor<1x6x6x8x!i8b>
  // CHECK: qcc.qlookup %{{.*}} {table = array<i32: -128, {{.*}}>} : tensor<1x64x!quant.uniform<i8:f32, 1.000000e-01>> to tensor<1x64x!quant.uniform<i8:f32, 3.906250e-03:-128>>
  %11 = qcc.qlookup %m {table = array<i32: -128, -127, -126, -125, -124, -123, -122, -121, -120, -119, -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127>}
     : tensor<1x64x!i8b> to tensor<1x64x!sm>
  // CHECK: qcc.qsoftmax %{{.*}} {exp_table = array<i32: 0, {{.*}}, 65536>} : tensor<1x64x!quant.uniform<i8:f32, 1.000000e-01>> to tensor<1x64x!quant.uniform<i8:f32, 3.906250e-03:-128>>
  %12 = qcc.qsoftmax %m {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 7, 8, 9, 10, 11, 12, 13, 15, 16, 18, 20, 22, 24, 27, 30, 33, 36, 40, 44, 49, 54, 60, 66, 73, 81, 89, 99, 109, 120, 133, 147, 162, 180, 198, 219, 242, 268, 296, 327, 362, 400, 442, 488, 539, 596, 659, 728, 805, 889, 983, 1086, 1200, 1327, 1466, 1620, 1791, 1979, 2187, 2417, 2671, 2952, 3263, 3606, 3985, 4404, 4868, 5380, 5945, 6571, 7262, 8025, 8869, 9802, 10833, 11972, 13231, 14623, 16161, 17861, 19739, 21815, 24109, 26645, 29447, 32544, 35967, 39750, 43930, 48550, 53656, 59299, 65536>}
     : tensor<1x64x!i8b> to tensor<1x64x!sm>
  // CHECK: qcc.qlayer_norm %{{.*}}, %{{.*}} {epsilon = 3 : i64, requant = #qcc.requant<{{.*}}>, signs = array<i32: {{.*}}>} : (tensor<1x64x!quant.uniform<i8:f32, 1.000000e-01>>, tensor<64xi32>) -> tensor<1x64x!quant.uniform<i8:f32, 3.906250e-03:-128>>
  %ln_bias = arith.constant dense<0> : tensor<64xi32>
  %13 = qcc.qlayer_norm %m, %ln_bias {epsilon = 3 : i64,
          signs = array<i32: 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>,
          requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = -128, clamp = [-128, 127], rounding = double>}
     : (tensor<1x64x!i8b>, tensor<64xi32>) -> tensor<1x64x!sm>
  return
}

// CHECK-LABEL: func @accumulators
func.func @accumulators(%x: tensor<1x4x4x2x!quant.uniform<u8:f32, 1.0:3>>, %a: tensor<2x3x!quant.uniform<u8:f32, 0.5:1>>) {
  %w = qcc.qconstant dense<1> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>
  // CHECK: qcc.qconv2d %{{.*}}, %{{.*}} : (tensor<1x4x4x2x!quant.uniform<u8:f32, 1.000000e+00:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {5.000000e-01,2.500000e-01}>>) -> tensor<1x4x4x2x!quant.uniform<i32:f32:3, {5.000000e-01,2.500000e-01}>>
  %0 = qcc.qconv2d %x, %w : (tensor<1x4x4x2x!quant.uniform<u8:f32, 1.0:3>>, tensor<2x1x1x2x!quant.uniform<i8:f32:0, {0.5, 0.25}>>) -> tensor<1x4x4x2x!quant.uniform<i32:f32:3, {0.5, 0.25}>>
  %b = qcc.qconstant dense<1> : tensor<3x5xi8> -> tensor<3x5x!quant.uniform<u8:f32, 2.0>>
  // CHECK: qcc.qmatmul %{{.*}}, %{{.*}} : ({{.*}}) -> tensor<2x5x!quant.uniform<i32:f32, 1.000000e+00>>
  %1 = qcc.qmatmul %a, %b : (tensor<2x3x!quant.uniform<u8:f32, 0.5:1>>, tensor<3x5x!quant.uniform<u8:f32, 2.0>>) -> tensor<2x5x!quant.uniform<i32:f32, 1.0>>
  return
}
