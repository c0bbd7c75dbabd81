// An ill-formed model: the reshape changes the number of elements.
func.func @model(%x: tensor<2x4xf32>) -> tensor<2x3xf32> {
  // Line 4 holds the bad op.
  %0 = qcc.reshape %x : (tensor<2x4xf32>) -> tensor<2x3xf32>
  return %0 : tensor<2x3xf32>
}
