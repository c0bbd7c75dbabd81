// One depthwise convolution on int8 tensors: the input of runtime-files.test.
func.func @main(%arg0: tensor<1x5x5x16xf32>) -> tensor<1x3x3x16xf32> {
  %w = qcc.qconstant dense<3> : tensor<16x3x3x1xi8> -> tensor<16x3x3x1x!quant.uniform<i8:f32, 0.1>>
  %q = qcc.quantize %arg0 : tensor<1x5x5x16xf32> to tensor<1x5x5x16x!quant.uniform<i8:f32, 0.5>>
  %y = qcc.qconv2d %q, %w {group = 16 : i64, requant = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>} : (tensor<1x5x5x16x!quant.uniform<i8:f32, 0.5>>, tensor<16x3x3x1x!quant.uniform<i8:f32, 0.1>>) -> tensor<1x3x3x16x!quant.uniform<i8:f32, 0.1>>
  %r = qcc.dequantize %y : tensor<1x3x3x16x!quant.uniform<i8:f32, 0.1>> to tensor<1x3x3x16xf32>
  return %r : tensor<1x3x3x16xf32>
}
