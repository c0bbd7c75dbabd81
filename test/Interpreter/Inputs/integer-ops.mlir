// Every integer-level op on one small input, for qcc-run: x holds the reals
// 0..7 (NHWC 1x2x2x2, scale 0.5, zero point -1). Scales are chosen so every
// result is exact; the expectations in integer-ops.test follow from the op
// definitions.
!x = !quant.uniform<i8:f32, 0.5:-1>
!one = !quant.uniform<i8:f32, 1.0>
!sm = !quant.uniform<i8:f32, 0.00390625:-128>
#unit = #qcc.requant<multiplier = [1073741824], shift = [-1], zero_point = -1, clamp = [-128, 127], rounding = double>
#half = #qcc.requant<multiplier = [1073741824], shift = [0], zero_point = 0, clamp = [-128, 127], rounding = double>
#quarter = #qcc.requant<multiplier = [1073741824], shift = [1], zero_point = 0, clamp = [-128, 127], rounding = double>
#quarter_x = #qcc.requant<multiplier = [1073741824], shift = [1], zero_point = -1, clamp = [-128, 127], rounding = double>
#add = #qcc.requant<multiplier = [1073741824], shift = [19], zero_point = 0, clamp = [-128, 127], rounding = double>
func.func @integer(%x: tensor<1x2x2x2x!x>) -> (tensor<1x2x2x2x!one>, tensor<1x2x2x2x!one>, tensor<1x2x2x2x!one>,
    tensor<1x1x1x2x!x>, tensor<1x1x1x2x!x>, tensor<1x1x1x2x!x>, tensor<1x2x2x4x!x>, tensor<1x3x2x2x!x>,
    tensor<1x2x2x2x!x>, tensor<1x2x2x2x!sm>) {
  %0 = qcc.requantize %x {requant = #half} : tensor<1x2x2x2x!x> to tensor<1x2x2x2x!one>
  %1 = qcc.qadd %x, %x {left_shift = 20 : i32, lhs_multiplier = 1073741824 : i32, lhs_shift = 0 : i32,
         rhs_multiplier = 1073741824 : i32, rhs_shift = 0 : i32, requant = #add}
     : (tensor<1x2x2x2x!x>, tensor<1x2x2x2x!x>) -> tensor<1x2x2x2x!one>
  %2 = qcc.qmul %x, %x {requant = #quarter} : (tensor<1x2x2x2x!x>, tensor<1x2x2x2x!x>) -> tensor<1x2x2x2x!one>
  %3 = qcc.qmax_pool %x {kernel = array<i64: 2, 2>} : (tensor<1x2x2x2x!x>) -> tensor<1x1x1x2x!x>
  %4 = qcc.qavg_pool %x {kernel = array<i64: 2, 2>, requant = #unit} : (tensor<1x2x2x2x!x>) -> tensor<1x1x1x2x!x>
  %5 = qcc.qglobal_avg_pool %x {requant = #quarter_x} : (tensor<1x2x2x2x!x>) -> tensor<1x1x1x2x!x>
  %6 = qcc.qconcat %x, %x {axis = 3 : i64, requants = [#unit, #unit]}
     : (tensor<1x2x2x2x!x>, tensor<1x2x2x2x!x>) -> tensor<1x2x2x4x!x>
  %7 = qcc.qpad %x {pads = array<i64: 0, 1, 0, 0, 0, 0, 0, 0>} : (tensor<1x2x2x2x!x>) -> tensor<1x3x2x2x!x>
  %8 = qcc.qlookup %x {table = array<i32: -118, -117, -116, -115, -114, -113, -112, -111, -110, -109, -108, -107, -106, -105, -104, -103, -102, -101, -100, -99, -98, -97, -96, -95, -94, -93, -92, -91, -90, -89, -88, -87, -86, -85, -84, -83, -82, -81, -80, -79, -78, -77, -76, -75, -74, -73, -72, -71, -70, -69, -68, -67, -66, -65, -64, -63, -62, -61, -60, -59, -58, -57, -56, -55, -54, -53, -52, -51, -50, -49, -48, -47, -46, -45, -44, -43, -42, -41, -40, -39, -38, -37, -36, -35, -34, -33, -32, -31, -30, -29, -28, -27, -26, -25, -24, -23, -22, -21, -20, -19, -18, -17, -16, -15, -14, -13, -12, -11, -10, -9, -8, -7, -6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71, 72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111, 112, 113, 114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 126, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127, 127>} : tensor<1x2x2x2x!x> to tensor<1x2x2x2x!x>
  %9 = qcc.qsoftmax %x {exp_table = array<i32: 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 2, 3, 5, 8, 13, 22, 36, 60, 99, 162, 268, 442, 728, 1200, 1979, 3263, 5380, 8869, 14623, 24109, 39750, 65536>} : tensor<1x2x2x2x!x> to tensor<1x2x2x2x!sm>
  return %0, %1, %2, %3, %4, %5, %6, %7, %8, %9 : tensor<1x2x2x2x!one>, tensor<1x2x2x2x!one>, tensor<1x2x2x2x!one>,
    tensor<1x1x1x2x!x>, tensor<1x1x1x2x!x>, tensor<1x1x1x2x!x>, tensor<1x2x2x4x!x>, tensor<1x3x2x2x!x>,
    tensor<1x2x2x2x!x>, tensor<1x2x2x2x!sm>
}
