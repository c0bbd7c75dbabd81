// RUN: qcc-opt %s -split-input-file -verify-diagnostics

// Tests every verifier message of the qcc dialect, one case per message.

// expected-error@+1 {{expects as many shifts as multipliers (at least one) but got 2 multipliers and 1 shifts}}
#r = #qcc.requant<multiplier = [1073741824, 1073741824], shift = [1], zero_point = 0, clamp = [-128, 127], rounding = double>

// -----

// expected-error@+1 {{expects multiplier in [2^30, 2^31) or 0 but got 1073741823}}
#r = #qcc.requant<multiplier = [1073741823], shift = [1], zero_point = 0, clamp = [-128, 127], rounding = double>

// -----

// expected-error@+1 {{expects shift in [-31, 31] but got 32}}
#r = #qcc.requant<multiplier = [1073741824], shift = [32], zero_point = 0, clamp = [-128, 127], rounding = double>

// -----

// expected-error@+1 {{expects shift 0 with a zero multiplier but got 3}}
#r = #qcc.requant<multiplier = [0], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>

// -----

// expected-error@+1 {{expects clamp min <= max but got [10, 5]}}
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [10, 5], rounding = double>

// -----

func.func @zero_point_range(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type zero point in the storage range [-128, 127] but got 300}}
  %0 = qcc.fake_quant %x to !quant.uniform<i8:f32, 0.1:300> : tensor<2x2xf32>
  return
}

// -----

func.func @zero_point_range_per_axis(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type zero point in the storage range [0, 127] but got 128}}
  %0 = qcc.fake_quant %x to !quant.uniform<u8<0:127>:f32:0, {0.1:0, 0.2:128}> : tensor<2x2xf32>
  return
}

// -----

func.func @storage_width(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type storage of 8 or 32 bits but got 16}}
  %0 = qcc.fake_quant %x to !quant.uniform<i16:f32, 0.1> : tensor<2x2xf32>
  return
}

// -----

func.func @expressed_type(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type to be expressed in f32 but got 'f16'}}
  %0 = qcc.fake_quant %x to !quant.uniform<i8:f16, 0.1> : tensor<2x2xf32>
  return
}

// -----

func.func @quantized_dimension(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type quantized dimension in [0, 2) but got 3}}
  %0 = qcc.fake_quant %x to !quant.uniform<i8:f32:3, {0.1, 0.2}> : tensor<2x2xf32>
  return
}

// -----

func.func @per_axis_scales(%x: tensor<2x3xf32>) {
  // expected-error@+1 {{expects fake_quant type to have 3 scales along dimension 1 but got 2}}
  %0 = qcc.fake_quant %x to !quant.uniform<i8:f32:1, {0.1, 0.2}> : tensor<2x3xf32>
  return
}

// -----

func.func @nan_scale(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type scales to be positive and finite but got nan}}
  %0 = qcc.fake_quant %x to !quant.uniform<i8:f32, 0x7FF8000000000000> : tensor<2x2xf32>
  return
}

// -----

func.func @not_uniform(%x: tensor<2x2xf32>) {
  // expected-error@+1 {{expects fake_quant type to be uniform per tensor or per axis but got '!quant.any<i8:f32>'}}
  %0 = qcc.fake_quant %x to !quant.any<i8:f32> : tensor<2x2xf32>
  return
}

// -----

func.func @activation_per_axis(%x: tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) {
  // expected-error@+1 {{expects input to be quantized per tensor but got '!quant.uniform<i8:f32:3, {1.000000e-01,2.000000e-01}>'}}
  %0 = qcc.qmax_pool %x {kernel = array<i64: 2, 2>} : (tensor<1x4x4x2x!quant.uniform<i8:f32:3, {0.1, 0.2}>>) -> tensor<1x3x3x2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @activation_width(%x: tensor<4xf32>) {
  // expected-error@+1 {{expects output to have 8-bit storage but got 32 bits}}
  %0 = qcc.quantize %x : tensor<4xf32> to tensor<4x!quant.uniform<i32:f32, 0.1>>
  return
}

// -----

func.func @quantize_shape(%x: tensor<4xf32>) {
  // expected-error@+1 {{expects output shape [4] but got [5]}}
  %0 = qcc.quantize %x : tensor<4xf32> to tensor<5x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @dequantize_shape(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects output shape [4] but got [2, 2]}}
  %0 = qcc.dequantize %x : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<2x2xf32>
  return
}

// -----

func.func @requant_channels(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects requant to have 1 or 1 channels but got 2}}
  %0 = qcc.requantize %x {requant = #qcc.requant<multiplier = [1073741824, 1073741824], shift = [0, 0], zero_point = 0, clamp = [-128, 127], rounding = double>} : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<4x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @requant_zero_point(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects requant zero point 5 (the output's) but got 0}}
  %0 = qcc.requantize %x {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<4x!quant.uniform<i8:f32, 0.2:5>>
  return
}

// -----

func.func @requant_clamp(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects requant clamp inside the output storage range [0, 255] but got [-128, 127]}}
  %0 = qcc.requantize %x {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<4x!quant.uniform<u8:f32, 0.2>>
  return
}

// -----

func.func @requantize_shape(%x: tensor<4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects output shape [4] but got [3]}}
  %0 = qcc.requantize %x {requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : tensor<4x!quant.uniform<i8:f32, 0.1>> to tensor<3x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @kernel_count(%x: tensor<1x2x4x4xf32>) {
  // expected-error@+1 {{expects 2 kernel but got 3}}
  %0 = qcc.max_pool %x {kernel = array<i64: 2, 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @kernel_positive(%x: tensor<1x2x4x4xf32>) {
  // expected-error@+1 {{expects kernel >= 1 but got 0}}
  %0 = qcc.avg_pool %x {kernel = array<i64: 0, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @strides_positive(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error@+1 {{expects strides >= 1 but got 0}}
  %0 = qcc.conv2d %x, %w {strides = array<i64: 0, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @pads_count(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error@+1 {{expects 4 pads but got 2}}
  %0 = qcc.conv2d %x, %w {pads = array<i64: 1, 1>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @pads_non_negative(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error@+1 {{expects pads >= 0 but got -1}}
  %0 = qcc.conv2d %x, %w {pads = array<i64: 0, 0, -1, 0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @dilations_positive(%x: tensor<1x2x4x4xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error@+1 {{expects dilations >= 1 but got 0}}
  %0 = qcc.conv2d %x, %w {dilations = array<i64: 1, 0>} : (tensor<1x2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_rank(%x: tensor<2x4x4xf32>, %w: tensor<2x2x1x1xf32>) {
  // expected-error@+1 {{expects input of rank 4 but got rank 3}}
  %0 = qcc.conv2d %x, %w : (tensor<2x4x4xf32>, tensor<2x2x1x1xf32>) -> tensor<1x2x4x4xf32>
  return
}

// -----

func.func @conv_group(%x: tensor<1x4x4x4xf32>, %w: tensor<6x4x1x1xf32>) {
  // expected-error@+1 {{expects group to divide the 4 input and 6 output channels but got 3}}
  %0 = qcc.conv2d %x, %w {group = 3 : i64} : (tensor<1x4x4x4xf32>, tensor<6x4x1x1xf32>) -> tensor<1x6x4x4xf32>
  return
}

// -----

func.func @conv_weight_channels(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>) {
  // expected-error@+1 {{expects weight input channels 2 (channels / group) but got 4}}
  %0 = qcc.conv2d %x, %w {group = 2 : i64} : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_bias(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{expects bias of size 4 but got 3}}
  %0 = qcc.conv2d %x, %w, %b : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>, tensor<3xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @conv_output(%x: tensor<1x4x8x8xf32>, %w: tensor<4x4x3x3xf32>) {
  // expected-error@+1 {{expects output shape [1, 4, 3, 3] but got [1, 4, 4, 4]}}
  %0 = qcc.conv2d %x, %w {strides = array<i64: 2, 2>} : (tensor<1x4x8x8xf32>, tensor<4x4x3x3xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

func.func @fc_rank(%x: tensor<1x2x64xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{expects input of rank 2 but got rank 3}}
  %0 = qcc.fully_connected %x, %w : (tensor<1x2x64xf32>, tensor<10x64xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @fc_columns(%x: tensor<1x64xf32>, %w: tensor<10x32xf32>) {
  // expected-error@+1 {{expects weight of 64 columns (the input features) but got 32}}
  %0 = qcc.fully_connected %x, %w : (tensor<1x64xf32>, tensor<10x32xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @fc_bias(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>, %b: tensor<9xf32>) {
  // expected-error@+1 {{expects bias of size 10 but got 9}}
  %0 = qcc.fully_connected %x, %w, %b : (tensor<1x64xf32>, tensor<10x64xf32>, tensor<9xf32>) -> tensor<1x10xf32>
  return
}

// -----

func.func @fc_output(%x: tensor<1x64xf32>, %w: tensor<10x64xf32>) {
  // expected-error@+1 {{expects output shape [1, 10] but got [1, 64]}}
  %0 = qcc.fully_connected %x, %w : (tensor<1x64xf32>, tensor<10x64xf32>) -> tensor<1x64xf32>
  return
}

// -----

func.func @matmul_rank(%a: tensor<8xf32>, %b: tensor<8x4xf32>) {
  // expected-error@+1 {{expects operands of rank >= 2 but got 1 and 2}}
  %0 = qcc.matmul %a, %b : (tensor<8xf32>, tensor<8x4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @matmul_inner(%a: tensor<2x8xf32>, %b: tensor<7x4xf32>) {
  // expected-error@+1 {{expects rhs rows 8 (the lhs columns) but got 7}}
  %0 = qcc.matmul %a, %b : (tensor<2x8xf32>, tensor<7x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @matmul_batch(%a: tensor<3x2x8xf32>, %b: tensor<2x8x4xf32>) {
  // expected-error@+1 {{expects broadcastable batch dimensions but got [3, 2, 8] and [2, 8, 4]}}
  %0 = qcc.matmul %a, %b : (tensor<3x2x8xf32>, tensor<2x8x4xf32>) -> tensor<3x2x4xf32>
  return
}

// -----

func.func @matmul_output(%a: tensor<3x2x8xf32>, %b: tensor<8x4xf32>) {
  // expected-error@+1 {{expects output shape [3, 2, 4] but got [2, 4]}}
  %0 = qcc.matmul %a, %b : (tensor<3x2x8xf32>, tensor<8x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @broadcast(%a: tensor<2x3xf32>, %b: tensor<2x4xf32>) {
  // expected-error@+1 {{expects broadcastable operands but got [2, 3] and [2, 4]}}
  %0 = qcc.add %a, %b : (tensor<2x3xf32>, tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @broadcast_output(%a: tensor<2x3xf32>, %b: tensor<3xf32>) {
  // expected-error@+1 {{expects output shape [2, 3] but got [3]}}
  %0 = qcc.div %a, %b : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<3xf32>
  return
}

// -----

func.func @clamp_range(%a: tensor<2xf32>) {
  // expected-error@+1 {{expects min <= max but got [6.000000e+00, 0.000000e+00]}}
  %0 = qcc.clamp %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<2xf32>
  return
}

// -----

func.func @batch_norm_rank(%x: tensor<4xf32>, %c: tensor<4xf32>) {
  // expected-error@+1 {{expects input of rank >= 2 but got rank 1}}
  %0 = qcc.batch_norm %x, %c, %c, %c, %c : (tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<4xf32>
  return
}

// -----

func.func @batch_norm_params(%x: tensor<1x4x2x2xf32>, %c: tensor<4xf32>, %v: tensor<3xf32>) {
  // expected-error@+1 {{expects variance shape [4] but got [3]}}
  %0 = qcc.batch_norm %x, %c, %c, %c, %v : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<3xf32>) -> tensor<1x4x2x2xf32>
  return
}

// -----

func.func @batch_norm_output(%x: tensor<1x4x2x2xf32>, %c: tensor<4xf32>) {
  // expected-error@+1 {{expects output shape [1, 4, 2, 2] but got [1, 4, 4]}}
  %0 = qcc.batch_norm %x, %c, %c, %c, %c : (tensor<1x4x2x2xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<1x4x4xf32>
  return
}

// -----

func.func @layer_norm_axis(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error@+1 {{expects axis in [-2, 2) but got 2}}
  %0 = qcc.layer_norm %x, %g {axis = 2 : i64} : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm_scale(%x: tensor<2x8xf32>, %g: tensor<2x8xf32>) {
  // expected-error@+1 {{expects scale shape [8] but got [2, 8]}}
  %0 = qcc.layer_norm %x, %g : (tensor<2x8xf32>, tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm_bias(%x: tensor<2x8xf32>, %g: tensor<8xf32>, %b: tensor<4xf32>) {
  // expected-error@+1 {{expects bias shape [8] but got [4]}}
  %0 = qcc.layer_norm %x, %g, %b : (tensor<2x8xf32>, tensor<8xf32>, tensor<4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @layer_norm_output(%x: tensor<2x8xf32>, %g: tensor<8xf32>) {
  // expected-error@+1 {{expects output shape [2, 8] but got [16]}}
  %0 = qcc.layer_norm %x, %g : (tensor<2x8xf32>, tensor<8xf32>) -> tensor<16xf32>
  return
}

// -----

func.func @softmax_axis(%x: tensor<2x8xf32>) {
  // expected-error@+1 {{expects axis in [-2, 2) but got -3}}
  %0 = qcc.softmax %x {axis = -3 : i64} : tensor<2x8xf32>
  return
}

// -----

func.func @reduce_no_axes(%x: tensor<2x8xf32>) {
  // expected-error@+1 {{expects at least one axis}}
  %0 = qcc.reduce_mean %x {axes = array<i64>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @reduce_axis_range(%x: tensor<2x8xf32>) {
  // expected-error@+1 {{expects axes in [0, 2) but got 2}}
  %0 = qcc.reduce_mean %x {axes = array<i64: 2>} : (tensor<2x8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @reduce_axes_sorted(%x: tensor<2x8xf32>) {
  // expected-error@+1 {{expects sorted unique axes}}
  %0 = qcc.reduce_mean %x {axes = array<i64: 1, 1>} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @reduce_output(%x: tensor<2x8xf32>) {
  // expected-error@+1 {{expects output shape [2] but got [2, 1]}}
  %0 = qcc.reduce_mean %x {axes = array<i64: 1>, keepdims = false} : (tensor<2x8xf32>) -> tensor<2x1xf32>
  return
}

// -----

func.func @pool_rank(%x: tensor<2x4x4xf32>) {
  // expected-error@+1 {{expects input of rank 4 but got rank 3}}
  %0 = qcc.max_pool %x {kernel = array<i64: 2, 2>} : (tensor<2x4x4xf32>) -> tensor<2x3x3xf32>
  return
}

// -----

func.func @pool_output(%x: tensor<1x2x4x4xf32>) {
  // expected-error@+1 {{expects output shape [1, 2, 2, 2] but got [1, 2, 3, 3]}}
  %0 = qcc.max_pool %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x3x3xf32>
  return
}

// -----

func.func @global_pool_rank(%x: tensor<2x4x4xf32>) {
  // expected-error@+1 {{expects input of rank 4 but got rank 3}}
  %0 = qcc.global_avg_pool %x : (tensor<2x4x4xf32>) -> tensor<2x1x1xf32>
  return
}

// -----

func.func @global_pool_output(%x: tensor<1x2x4x4xf32>) {
  // expected-error@+1 {{expects output shape [1, 2, 1, 1] but got [1, 2]}}
  %0 = qcc.global_avg_pool %x : (tensor<1x2x4x4xf32>) -> tensor<1x2xf32>
  return
}

// -----

func.func @reshape_count(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects 8 elements in the output but got 6}}
  %0 = qcc.reshape %x : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @reshape_element_type(%x: tensor<2x4x!quant.uniform<i8:f32, 0.1>>) {
  // expected-error@+1 {{expects the input element type '!quant.uniform<i8:f32, 1.000000e-01>' to be kept but got '!quant.uniform<i8:f32, 2.000000e-01>'}}
  %0 = qcc.reshape %x : (tensor<2x4x!quant.uniform<i8:f32, 0.1>>) -> tensor<8x!quant.uniform<i8:f32, 0.2>>
  return
}

// -----

func.func @transpose_count(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects a permutation of 2 dimensions but got 3}}
  %0 = qcc.transpose %x {perm = array<i64: 0, 1, 2>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @transpose_perm(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects perm to be a permutation of [0, 2) but got [1, 1]}}
  %0 = qcc.transpose %x {perm = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<4x4xf32>
  return
}

// -----

func.func @transpose_output(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects output shape [4, 2] but got [2, 4]}}
  %0 = qcc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<2x4xf32>
  return
}

// -----

func.func @slice_lengths(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects offsets, sizes and strides of length 2}}
  %0 = qcc.slice %x {offsets = array<i64: 0>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @slice_positive(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects positive sizes and strides and non-negative offsets in dimension 1}}
  %0 = qcc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 0>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @slice_bounds(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects the slice to stay inside dimension 1 of size 4}}
  %0 = qcc.slice %x {offsets = array<i64: 0, 1>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 3>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
  return
}

// -----

func.func @slice_output(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects output shape [2, 2] but got [2, 3]}}
  %0 = qcc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 2, 2>, strides = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return
}

// -----

func.func @concat_empty() {
  // expected-error@+1 {{expects at least one input}}
  %0 = qcc.concat {axis = 0 : i64} : () -> tensor<2xf32>
  return
}

// -----

func.func @concat_axis(%a: tensor<2x4xf32>) {
  // expected-error@+1 {{expects axis in [0, 2) but got 2}}
  %0 = qcc.concat %a, %a {axis = 2 : i64} : (tensor<2x4xf32>, tensor<2x4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_rank(%a: tensor<2x4xf32>, %b: tensor<8xf32>) {
  // expected-error@+1 {{expects inputs of rank 2 but got rank 1}}
  %0 = qcc.concat %a, %b {axis = 1 : i64} : (tensor<2x4xf32>, tensor<8xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_other_dims(%a: tensor<2x4xf32>, %b: tensor<3x4xf32>) {
  // expected-error@+1 {{expects input shape [3, 4] to match the output outside axis 1}}
  %0 = qcc.concat %a, %b {axis = 1 : i64} : (tensor<2x4xf32>, tensor<3x4xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @concat_output(%a: tensor<2x4xf32>, %b: tensor<2x3xf32>) {
  // expected-error@+1 {{expects output shape [2, 7] but got [2, 8]}}
  %0 = qcc.concat %a, %b {axis = 1 : i64} : (tensor<2x4xf32>, tensor<2x3xf32>) -> tensor<2x8xf32>
  return
}

// -----

func.func @pad_count(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects 4 pads but got 2}}
  %0 = qcc.pad %x {pads = array<i64: 1, 1>} : (tensor<2x4xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @pad_output(%x: tensor<2x4xf32>) {
  // expected-error@+1 {{expects output shape [2, 6] but got [3, 5]}}
  %0 = qcc.pad %x {pads = array<i64: 0, 1, 0, 1>} : (tensor<2x4xf32>) -> tensor<3x5xf32>
  return
}

// -----

func.func @qconstant_storage() {
  // expected-error@+1 {{expects value elements of the storage type 'i8' but got 'i32'}}
  %0 = qcc.qconstant dense<1> : tensor<2xi32> -> tensor<2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_shape() {
  // expected-error@+1 {{expects value shape [2] but got [3]}}
  %0 = qcc.qconstant dense<1> : tensor<3xi8> -> tensor<2x!quant.uniform<i8:f32, 0.1>>
  return
}

// -----

func.func @qconstant_range() {
  // expected-error@+1 {{expects values in the storage range [-127, 127] but got -128}}
  %0 = qcc.qconstant dense<[0, -128]> : tensor<2xi8> -> tensor<2x!quant.uniform<i8<-127:127>:f32, 0.1>>
  return
}

// -----

func.func @qconstant_unsigned_range() {
  // expected-error@+1 {{expects values in the storage range [0, 127] but got 255}}
  %0 = qcc.qconstant dense<[0, -1]> : tensor<2xi8> -> tensor<2x!quant.uniform<u8<0:127>:f32, 0.1>>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconv_weight_width(%x: tensor<1x4x4x2x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x1x1x2xi32> -> tensor<2x1x1x2x!quant.uniform<i32:f32, 0.1>>
  // expected-error@+1 {{expects weight to have 8-bit storage but got 32 bits}}
  %0 = qcc.qconv2d %x, %w {requant = #r} : (tensor<1x4x4x2x!a>, tensor<2x1x1x2x!quant.uniform<i32:f32, 0.1>>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!w = !quant.uniform<i8:f32:3, {0.1, 0.2}>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconv_weight_axis(%x: tensor<1x4x4x2x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!w>
  // expected-error@+1 {{expects weight quantized along dimension 0 (output channels) but got dimension 3}}
  %0 = qcc.qconv2d %x, %w {requant = #r} : (tensor<1x4x4x2x!a>, tensor<2x1x1x2x!w>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconv_bias_rank(%x: tensor<1x4x4x2x!a>, %b: tensor<1x2xi32>) {
  %w = qcc.qconstant dense<1> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!a>
  // expected-error@+1 {{expects bias of rank 1 but got rank 2}}
  %0 = qcc.qconv2d %x, %w, %b {requant = #r} : (tensor<1x4x4x2x!a>, tensor<2x1x1x2x!a>, tensor<1x2xi32>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824, 1073741824, 1073741824], shift = [0, 0, 0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconv_requant_channels(%x: tensor<1x4x4x2x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x1x1x2xi8> -> tensor<2x1x1x2x!a>
  // expected-error@+1 {{expects requant to have 1 or 2 channels but got 3}}
  %0 = qcc.qconv2d %x, %w {requant = #r} : (tensor<1x4x4x2x!a>, tensor<2x1x1x2x!a>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconv_output(%x: tensor<1x4x4x2x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x3x3x2xi8> -> tensor<2x3x3x2x!a>
  // expected-error@+1 {{expects output shape [1, 2, 2, 2] but got [1, 2, 4, 4]}}
  %0 = qcc.qconv2d %x, %w {requant = #r} : (tensor<1x4x4x2x!a>, tensor<2x3x3x2x!a>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qadd_left_shift(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects left_shift in [0, 24] but got 25}}
  %0 = qcc.qadd %x, %x {left_shift = 25 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #r} : (tensor<4x!a>, tensor<4x!a>) -> tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qadd_multiplier(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects shift in [-31, 31] but got -32}}
  %0 = qcc.qadd %x, %x {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = -32 : i32, requant = #r} : (tensor<4x!a>, tensor<4x!a>) -> tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1717986918], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qmul_broadcast(%x: tensor<4x!a>, %y: tensor<3x!a>) {
  // expected-error@+1 {{expects broadcastable operands but got [4] and [3]}}
  %0 = qcc.qmul %x, %y {requant = #r} : (tensor<4x!a>, tensor<3x!a>) -> tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qlookup_size(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects a table of 256 entries but got 2}}
  %0 = qcc.qlookup %x {table = array<i32: 0, 1>} : tensor<4x!a> to tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!u = !quant.uniform<u8:f32, 0.1>
func.func @qlookup_range(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects table entries in the output storage range [0, 255] but got -1}}
  %0 = qcc.qlookup %x {table = array<i32: -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : tensor<4x!a> to tensor<4x!u>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
func.func @qsoftmax_size(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects an exp table of 256 entries but got 1}}
  %0 = qcc.qsoftmax %x {exp_table = array<i32: 65536>} : tensor<4x!a> to tensor<4x!sm>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
func.func @qsoftmax_entries(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects exp table entries in [0, 65536] but got 65537}}
  %0 = qcc.qsoftmax %x {exp_table = array<i32: 65537, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : tensor<4x!a> to tensor<4x!sm>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qsoftmax_scale(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects output scale 1/256 and zero point -128 but got 1.000000e-01 and 0}}
  %0 = qcc.qsoftmax %x {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65536>} : tensor<4x!a> to tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!b = !quant.uniform<i8:f32, 0.2>
func.func @qmax_pool_same_type(%x: tensor<1x4x4x2x!a>) {
  // expected-error@+1 {{expects the input element type '!quant.uniform<i8:f32, 1.000000e-01>' to be kept but got '!quant.uniform<i8:f32, 2.000000e-01>'}}
  %0 = qcc.qmax_pool %x {kernel = array<i64: 2, 2>} : (tensor<1x4x4x2x!a>) -> tensor<1x3x3x2x!b>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qglobal_pool_output(%x: tensor<1x4x4x2x!a>) {
  // expected-error@+1 {{expects output shape [1, 1, 1, 2] but got [1, 2, 1, 1]}}
  %0 = qcc.qglobal_avg_pool %x {requant = #r} : (tensor<1x4x4x2x!a>) -> tensor<1x2x1x1x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qconcat_requants(%x: tensor<1x4x!a>) {
  // expected-error@+1 {{expects one requant per input (2) but got 1}}
  %0 = qcc.qconcat %x, %x {axis = 1 : i64, requants = [#r]} : (tensor<1x4x!a>, tensor<1x4x!a>) -> tensor<1x8x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qpad_output(%x: tensor<1x4x4x2x!a>) {
  // expected-error@+1 {{expects output shape [1, 6, 6, 2] but got [1, 4, 4, 2]}}
  %0 = qcc.qpad %x {pads = array<i64: 0, 1, 1, 0, 0, 1, 1, 0>} : (tensor<1x4x4x2x!a>) -> tensor<1x4x4x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
#r = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qmul_multiplier(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects requant to encode the multiplier 1.000000e-01 its types imply but got 5.000000e-01 (1073741824 * 2^-31)}}
  %0 = qcc.qmul %x, %x {requant = #r} : (tensor<4x!a>, tensor<4x!a>) -> tensor<4x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!w = !quant.uniform<i8:f32:0, {0.1, 0.2}>
// One multiplier (M = 0.1) for weights of two different scales.
#r = #qcc.requant<multiplier = [1717986918], shift = [3], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @per_axis_one_requant(%x: tensor<1x4x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x4xi8> -> tensor<2x4x!w>
  // expected-error@+1 {{expects requant channel 1 to encode the multiplier 2.000000e-01 its types imply but got 1.000000e-01}}
  %0 = qcc.qfully_connected %x, %w {requant = #r} : (tensor<1x4x!a>, tensor<2x4x!w>) -> tensor<1x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!b = !quant.uniform<i8:f32, 0.2>
// lhs multiplier must be 0.1 / (2 * 0.2) = 0.25; 0.5 is given.
#r = #qcc.requant<multiplier = [1073741824], shift = [17], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @qadd_input_multiplier(%x: tensor<4x!a>, %y: tensor<4x!b>) {
  // expected-error@+1 {{expects lhs multiplier to encode the multiplier 2.500000e-01 its types imply but got 5.000000e-01}}
  %0 = qcc.qadd %x, %y {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32, rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #r} : (tensor<4x!a>, tensor<4x!b>) -> tensor<4x!a>
  return
}

// -----

!w = !quant.uniform<i8:f32:0, {0.1, 0.2}>
func.func @reshape_merges_quantized_dim(%x: tensor<2x3x!w>) {
  // expected-error@+1 {{expects quantized dimension 0 to stay whole, but the op splits, merges or cuts it}}
  %0 = qcc.reshape %x : (tensor<2x3x!w>) -> tensor<6x!w>
  return
}

// -----

!w = !quant.uniform<i8:f32:0, {0.1, 0.2}>
func.func @transpose_moves_quantized_dim(%x: tensor<2x2x!w>) {
  // expected-error@+1 {{expects output element type '!quant.uniform<i8:f32:1, {1.000000e-01,2.000000e-01}>' (quantized dimension 0 moved to 1) but got '!quant.uniform<i8:f32:0, {1.000000e-01,2.000000e-01}>'}}
  %0 = qcc.transpose %x {perm = array<i64: 1, 0>} : (tensor<2x2x!w>) -> tensor<2x2x!w>
  return
}

// -----

!w = !quant.uniform<i8:f32:0, {0.1, 0.2}>
func.func @slice_cuts_quantized_dim(%x: tensor<2x3x!w>) {
  // expected-error@+1 {{expects quantized dimension 0 to stay whole}}
  %0 = qcc.slice %x {offsets = array<i64: 0, 0>, sizes = array<i64: 1, 3>, strides = array<i64: 1, 1>} : (tensor<2x3x!w>) -> tensor<1x3x!w>
  return
}

// -----

func.func @layout_zero_point(%x: tensor<4x!quant.uniform<i8:f32, 0.1:300>>) {
  // expected-error@+1 {{expects input zero point in the storage range [-128, 127] but got 300}}
  %0 = qcc.reshape %x : (tensor<4x!quant.uniform<i8:f32, 0.1:300>>) -> tensor<2x2x!quant.uniform<i8:f32, 0.1:300>>
  return
}

// -----

func.func @pool_pads_kernel(%x: tensor<1x2x4x4xf32>) {
  // expected-error@+1 {{expects pads smaller than the kernel, so that no window lies entirely in padding}}
  %0 = qcc.max_pool %x {kernel = array<i64: 1, 1>, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x2x4x4xf32>) -> tensor<1x2x6x6xf32>
  return
}

// -----

func.func @conv_kernel_fit(%x: tensor<1x2x2x2xf32>, %w: tensor<2x2x3x3xf32>) {
  // expected-error@+1 {{expects the kernel to fit in the padded input}}
  %0 = qcc.conv2d %x, %w : (tensor<1x2x2x2xf32>, tensor<2x2x3x3xf32>) -> tensor<1x2x0x0xf32>
  return
}

// -----

func.func @pool_kernel_fit(%x: tensor<1x2x2x2xf32>) {
  // expected-error@+1 {{expects the kernel to fit in the padded input}}
  %0 = qcc.avg_pool %x {kernel = array<i64: 3, 3>} : (tensor<1x2x2x2xf32>) -> tensor<1x2x0x0xf32>
  return
}

// -----

func.func @float_bias_rank(%x: tensor<1x4x4x4xf32>, %w: tensor<4x4x1x1xf32>, %b: tensor<1x4xf32>) {
  // expected-error@+1 {{expects bias of rank 1 but got rank 2}}
  %0 = qcc.conv2d %x, %w, %b : (tensor<1x4x4x4xf32>, tensor<4x4x1x1xf32>, tensor<1x4xf32>) -> tensor<1x4x4x4xf32>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
func.func @qsoftmax_exp_zero(%x: tensor<4x!a>) {
  // expected-error@+1 {{expects exp table entry 255 (exp(0)) to be 65536 but got 0}}
  %0 = qcc.qsoftmax %x {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0>} : tensor<4x!a> to tensor<4x!sm>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
func.func @qsoftmax_row(%x: tensor<1x32768x!a>) {
  // expected-error@+1 {{expects rows of at most 32767 elements, so that the int32 sum of exp values cannot overflow, but got 32768}}
  %0 = qcc.qsoftmax %x {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 65536>} : tensor<1x32768x!a> to tensor<1x32768x!sm>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.5>
#r = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @accumulator_with_requant(%x: tensor<1x4x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x4xi8> -> tensor<2x4x!quant.uniform<i8:f32, 2.0>>
  // expected-error@+1 {{expects no requant with a 32-bit (accumulator) output}}
  %0 = qcc.qfully_connected %x, %w {requant = #r} : (tensor<1x4x!a>, tensor<2x4x!quant.uniform<i8:f32, 2.0>>) -> tensor<1x2x!quant.uniform<i32:f32, 1.0>>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.5>
func.func @requant_missing(%x: tensor<1x4x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x4xi8> -> tensor<2x4x!quant.uniform<i8:f32, 2.0>>
  // expected-error@+1 {{expects a requant for an 8-bit output}}
  %0 = qcc.qfully_connected %x, %w : (tensor<1x4x!a>, tensor<2x4x!quant.uniform<i8:f32, 2.0>>) -> tensor<1x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.5>
func.func @accumulator_scale(%x: tensor<1x4x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x4xi8> -> tensor<2x4x!quant.uniform<i8:f32, 2.0>>
  // expected-error@+1 {{expects accumulator output scale 1.000000e+00 (input times weight scale) in channel 0 but got 5.000000e-01}}
  %0 = qcc.qfully_connected %x, %w : (tensor<1x4x!a>, tensor<2x4x!quant.uniform<i8:f32, 2.0>>) -> tensor<1x2x!quant.uniform<i32:f32, 0.5>>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.5>
func.func @accumulator_zero_point(%x: tensor<2x3x!a>, %y: tensor<3x2x!a>) {
  // expected-error@+1 {{expects accumulator output zero point 0 but got 4}}
  %0 = qcc.qmatmul %x, %y : (tensor<2x3x!a>, tensor<3x2x!a>) -> tensor<2x2x!quant.uniform<i32:f32, 0.25:4>>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.5>
!w = !quant.uniform<i8:f32:0, {1.0, 2.0}>
func.func @accumulator_axis(%x: tensor<1x4x!a>) {
  %w = qcc.qconstant dense<1> : tensor<2x4xi8> -> tensor<2x4x!w>
  // expected-error@+1 {{expects the accumulator output quantized along dimension 1 but got 0}}
  %0 = qcc.qfully_connected %x, %w : (tensor<1x4x!a>, tensor<2x4x!w>) -> tensor<1x2x!quant.uniform<i32:f32:0, {0.5}>>
  return
}

// -----

func.func @fused_activation_bounds(%a: tensor<1x4xf32>) {
  // expected-error@+1 {{expects clamp_min <= clamp_max but got [6.000000e+00, 0.000000e+00]}}
  %0 = qcc.add %a, %a {clamp_min = 6.0 : f32, clamp_max = 0.0 : f32} : (tensor<1x4xf32>, tensor<1x4xf32>) -> tensor<1x4xf32>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qlayer_norm_signs(%x: tensor<1x2x!a>, %b: tensor<2xi32>) {
  // expected-error@+1 {{expects 2 signs in {-1, 0, 1}}}
  %0 = qcc.qlayer_norm %x, %b {epsilon = 0 : i64, signs = array<i32: 1, 2>,
         requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<1x2x!a>, tensor<2xi32>) -> tensor<1x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qlayer_norm_bias(%x: tensor<1x2x!a>, %b: tensor<3xi32>) {
  // expected-error@+1 {{expects a bias of 2 elements but got 'tensor<3xi32>'}}
  %0 = qcc.qlayer_norm %x, %b {epsilon = 0 : i64, signs = array<i32: 1, 1>,
         requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<1x2x!a>, tensor<3xi32>) -> tensor<1x2x!a>
  return
}

// -----

!a = !quant.uniform<i8:f32, 0.1>
func.func @qlayer_norm_epsilon(%x: tensor<1x2x!a>, %b: tensor<2xi32>) {
  // expected-error@+1 {{expects a non-negative epsilon but got -1}}
  %0 = qcc.qlayer_norm %x, %b {epsilon = -1 : i64, signs = array<i32: 1, 1>,
         requant = #qcc.requant<multiplier = [1073741824], shift = [10], zero_point = 0, clamp = [-128, 127], rounding = double>}
     : (tensor<1x2x!a>, tensor<2xi32>) -> tensor<1x2x!a>
  return
}
