// Float ops the ONNX backend tests do not reach through the importer:
// qcc.layer_norm (ONNX's tests all ask for its training outputs) and
// qcc.gelu (exporters write it as Erf arithmetic).
func.func @float(%x: tensor<2x3x4xf32>, %g: tensor<3x4xf32>, %b: tensor<3x4xf32>) -> (tensor<2x3x4xf32>, tensor<2x3x4xf32>) {
  %0 = qcc.layer_norm %x, %g, %b {axis = 1 : i64, epsilon = 1.0e-03 : f32} : (tensor<2x3x4xf32>, tensor<3x4xf32>, tensor<3x4xf32>) -> tensor<2x3x4xf32>
  %1 = qcc.gelu %x : tensor<2x3x4xf32>
  return %0, %1 : tensor<2x3x4xf32>, tensor<2x3x4xf32>
}
