// Samples of two 1x2 inputs: x takes [-1, 1] and [3, 0.5], y [0, 2] and
// [1, -4]; a third file holds one sample only.
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python -c "import numpy as np; np.save('%t/x.npy', np.array([[[-1, 1]], [[3, 0.5]]], np.float32)); np.save('%t/y.npy', np.array([[[0, 2]], [[1, -4]]], np.float32)); np.save('%t/one.npy', np.array([[0, 2]], np.float32))"
// RUN: qcc-opt %s -qcc-calibrate="samples=%t/x.npy,%t/y.npy" | FileCheck %s
// RUN: not qcc-opt %s -qcc-calibrate="samples=%t/x.npy,%t/one.npy" 2>&1 | FileCheck %s --check-prefix=COUNT
// COUNT: error: calibration samples disagree: '{{.*}}one.npy' holds 1 samples, '{{.*}}x.npy' 2

// Tests that a model of two inputs is calibrated from one source per
// input: x gets [-1, 3] (scale 4/255, zero point 64), y [-4, 2] (scale
// 6/255, zero point 170), and the sum [-1, 4] ([-1, 3], [4, -3.5]: so
// [-3.5, 4], scale 7.5/255, zero point 119).
// CHECK-LABEL: func @two_inputs
// CHECK-DAG: qcc.fake_quant %arg0 to !quant.uniform<u8:f32, 0.01568627{{[0-9]+}}:64>
// CHECK-DAG: qcc.fake_quant %arg1 to !quant.uniform<u8:f32, 0.02352941{{[0-9]+}}:170>
// CHECK: %[[S:.+]] = qcc.add
// CHECK-NEXT: qcc.fake_quant %[[S]] to !quant.uniform<u8:f32, 0.02941176{{[0-9]+}}:119>
func.func @two_inputs(%x: tensor<1x2xf32>, %y: tensor<1x2xf32>) -> tensor<1x2xf32> {
  %0 = qcc.add %x, %y : (tensor<1x2xf32>, tensor<1x2xf32>) -> tensor<1x2xf32>
  return %0 : tensor<1x2xf32>
}
