// A small fake-quantized classifier at the float level of the qcc dialect, as
// the ONNX importer will produce it from a QDQ model: every activation and
// weight passes through qcc.fake_quant (ONNX QuantizeLinear +
// DequantizeLinear). The weights are stored as ONNX Gemm keeps them without
// transB (K x N), so the graph transposes them; qcc's pipeline folds that
// transpose into the constants.

!act = !quant.uniform<u8:f32, 0.0235294:0>
!hid = !quant.uniform<u8:f32, 0.05:0>
!out = !quant.uniform<u8:f32, 0.1:128>
!w1 = !quant.uniform<i8<-127:127>:f32:0, {0.01, 0.02, 0.015, 0.01}>
!w2 = !quant.uniform<i8<-127:127>:f32:0, {0.02, 0.01, 0.03}>

func.func @qdq_mlp(%x: tensor<1x6xf32>) -> tensor<1x3xf32> {
  %xq = qcc.fake_quant %x to !act : tensor<1x6xf32>

  // Layer 1: 6 -> 4, ReLU.
  %k1 = arith.constant dense<[[0.31, -0.12, 0.05, 0.44], [-0.27, 0.18, 0.61, -0.09],
                              [0.13, 0.52, -0.33, 0.21], [0.08, -0.41, 0.27, 0.36],
                              [-0.19, 0.24, 0.11, -0.58], [0.46, 0.03, -0.22, 0.15]]> : tensor<6x4xf32>
  %w1t = qcc.transpose %k1 {perm = array<i64: 1, 0>} : (tensor<6x4xf32>) -> tensor<4x6xf32>
  %w1 = qcc.fake_quant %w1t to !w1 : tensor<4x6xf32>
  %b1 = arith.constant dense<[0.01, -0.02, 0.03, 0.0]> : tensor<4xf32>
  %h = qcc.fully_connected %xq, %w1, %b1 : (tensor<1x6xf32>, tensor<4x6xf32>, tensor<4xf32>) -> tensor<1x4xf32>
  %hr = qcc.relu %h : tensor<1x4xf32>
  %hq = qcc.fake_quant %hr to !hid : tensor<1x4xf32>

  // Layer 2: 4 -> 3 logits.
  %k2 = arith.constant dense<[[0.72, -0.35, 0.14], [-0.26, 0.48, 0.09],
                              [0.33, 0.12, -0.81], [-0.05, -0.29, 0.57]]> : tensor<4x3xf32>
  %w2t = qcc.transpose %k2 {perm = array<i64: 1, 0>} : (tensor<4x3xf32>) -> tensor<3x4xf32>
  %w2 = qcc.fake_quant %w2t to !w2 : tensor<3x4xf32>
  %y = qcc.fully_connected %hq, %w2 : (tensor<1x4xf32>, tensor<3x4xf32>) -> tensor<1x3xf32>
  %yq = qcc.fake_quant %y to !out : tensor<1x3xf32>
  %p = qcc.softmax %yq {axis = 1 : i64} : tensor<1x3xf32>
  return %p : tensor<1x3xf32>
}
