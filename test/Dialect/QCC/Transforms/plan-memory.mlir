// RUN: qcc-opt %s --split-input-file --verify-diagnostics --qcc-plan-memory | FileCheck %s

// Tests the places of a chain: the flip of a model input gets arena bytes
// (inputs are read-only), the requantize after it writes in place over them,
// the gather needs a second buffer while the first is read, a reshape is a
// view of its input, and the last kernel writes straight into the output.
// CHECK-LABEL: func.func @chain
// CHECK-SAME: qcc.arena_size = 96 : i64, qcc.live_bound = 96 : i64
// CHECK: qcc.kernel "qcc_flip_sign_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: qcc.kernel "qcc_requantize_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: qcc.kernel "qcc_gather_s8"{{.*}}qcc.offset = 64 : i64
// CHECK: qcc.reshape {{.*}}qcc.offset = 64 : i64
// CHECK: qcc.kernel "qcc_gather_s8"{{.*}}qcc.output = 0 : i64
func.func @chain(%arg0: tensor<64xi8>) -> tensor<16xi8> {
  %0 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 64>, in_place} : (tensor<64xi8>) -> tensor<64xi8>
  %1 = qcc.kernel "qcc_requantize_s8"(%0) {descriptor = array<i32: 64, 0, 1073741824, 0, 0, -128, 127, 0>, in_place} : (tensor<64xi8>) -> tensor<64xi8>
  %2 = qcc.kernel "qcc_gather_s8"(%1) {descriptor = array<i32: 1, 0, 32, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<32xi8>
  %3 = qcc.reshape %2 : (tensor<32xi8>) -> tensor<2x16xi8>
  %4 = qcc.kernel "qcc_gather_s8"(%3) {descriptor = array<i32: 1, 0, 16, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0>} : (tensor<2x16xi8>) -> tensor<16xi8>
  return %4 : tensor<16xi8>
}

// -----

// Tests that an in-place kernel whose input is still needed later gets a
// buffer of its own (the requantize), that an in-place result that is
// returned puts its input into the output buffer (the add over %2), and that
// buffers whose lifetimes do not overlap share bytes (%3 where %0 was).
// CHECK-LABEL: func.func @reuse
// CHECK-SAME: qcc.arena_size = 128 : i64, qcc.live_bound = 128 : i64
// CHECK: "qcc_flip_sign_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: "qcc_requantize_s8"{{.*}}qcc.offset = 64 : i64
// CHECK: "qcc_gather_s8"{{.*}}qcc.output = 0 : i64
// CHECK: "qcc_gather_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: "qcc_add_s8"{{.*}}qcc.output = 0 : i64
func.func @reuse(%arg0: tensor<64xi8>) -> tensor<48xi8> {
  %0 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 64>, in_place} : (tensor<64xi8>) -> tensor<64xi8>
  %1 = qcc.kernel "qcc_requantize_s8"(%0) {descriptor = array<i32: 64, 0, 1073741824, 0, 0, -128, 127, 0>, in_place} : (tensor<64xi8>) -> tensor<64xi8>
  %2 = qcc.kernel "qcc_gather_s8"(%0) {descriptor = array<i32: 1, 0, 48, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<48xi8>
  %3 = qcc.kernel "qcc_gather_s8"(%1) {descriptor = array<i32: 1, 0, 48, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<48xi8>
  %4 = qcc.kernel "qcc_add_s8"(%2, %3) {descriptor = array<i32: 1, 48, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 1073741824, 0, 1073741824, 0, 1073741824, 19, 0, -128, 127, 0>, in_place} : (tensor<48xi8>, tensor<48xi8>) -> tensor<48xi8>
  return %4 : tensor<48xi8>
}

// -----

// Tests that a buffer can take the place of the last one to die before it:
// largest first, %3 would take %0's bytes (0) and leave the 32 bytes of %2,
// live across both %1 and %3, no room below 128 (an arena of 160); in %1's
// place (64), %3 leaves %2 the bytes %0 had, and the arena is the live-set
// bound (%3 and %4 at the add). The slices of a per-channel PRelu and the
// concatenation of their tables' results are this pattern.
// CHECK-LABEL: func.func @freed_place
// CHECK-SAME: qcc.arena_size = 128 : i64, qcc.live_bound = 128 : i64
// CHECK: "qcc_flip_sign_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: "qcc_gather_s8"{{.*}}qcc.offset = 64 : i64
// CHECK: "qcc_gather_s8"{{.*}}qcc.offset = 0 : i64
// CHECK: "qcc_gather_s8"{{.*}}qcc.offset = 64 : i64
// CHECK: "qcc_add_s8"{{.*}}qcc.offset = 0 : i64
func.func @freed_place(%arg0: tensor<64xi8>) -> tensor<16xi8> {
  %0 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 64>, in_place} : (tensor<64xi8>) -> tensor<64xi8>
  %1 = qcc.kernel "qcc_gather_s8"(%0) {descriptor = array<i32: 1, 0, 64, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<64xi8>
  %2 = qcc.kernel "qcc_gather_s8"(%1) {descriptor = array<i32: 1, 0, 32, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<32xi8>
  %3 = qcc.kernel "qcc_gather_s8"(%2) {descriptor = array<i32: 1, 0, 64, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<32xi8>) -> tensor<64xi8>
  %4 = qcc.kernel "qcc_add_s8"(%3, %3) {descriptor = array<i32: 1, 64, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 1073741824, 0, 1073741824, 0, 1073741824, 19, 0, -128, 127, 0>} : (tensor<64xi8>, tensor<64xi8>) -> tensor<64xi8>
  %5 = qcc.kernel "qcc_gather_s8"(%4) {descriptor = array<i32: 1, 0, 16, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0>} : (tensor<64xi8>) -> tensor<16xi8>
  return %5 : tensor<16xi8>
}

// -----

// Tests that a function that is not at the kernel level is refused.
func.func @not_lowered(%arg0: tensor<4xi8>) -> tensor<4xi8> {
  // expected-error@+1 {{is not a kernel call; run qcc-lower-to-kernels first}}
  %0 = qcc.transpose %arg0 {perm = array<i64: 0>} : (tensor<4xi8>) -> tensor<4xi8>
  return %0 : tensor<4xi8>
}

// -----

// Tests an unrolled recurrent layer's pattern: small tensors (%2, %3, one
// step's input each) live across short-lived larger ones. Largest first
// puts %4 and %6 where the small ones could go and needs 96 bytes; program
// order reaches the bound. The bound counts each buffer rounded up to 16
// bytes (two 10-byte buffers live together take 32, not 20).
// CHECK-LABEL: func.func @steps
// CHECK-SAME: qcc.arena_size = 64 : i64, qcc.live_bound = 64 : i64
func.func @steps(%arg0: tensor<32xi8>) -> (tensor<32xi8>, tensor<32xi8>) {
  %0 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 32>} : (tensor<32xi8>) -> tensor<32xi8>
  %1 = qcc.kernel "qcc_flip_sign_s8"(%0) {descriptor = array<i32: 32>} : (tensor<32xi8>) -> tensor<32xi8>
  %2 = qcc.kernel "qcc_gather_s8"(%1) {descriptor = array<i32: 1, 0, 16, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0>} : (tensor<32xi8>) -> tensor<10xi8>
  %3 = qcc.kernel "qcc_gather_s8"(%1) {descriptor = array<i32: 1, 0, 16, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0>} : (tensor<32xi8>) -> tensor<10xi8>
  %4 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 32>} : (tensor<32xi8>) -> tensor<32xi8>
  %5 = qcc.kernel "qcc_add_s8"(%4, %2) {descriptor = array<i32: 1, 32, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 1073741824, 0, 1073741824, 0, 1073741824, 19, 0, -128, 127, 0>} : (tensor<32xi8>, tensor<10xi8>) -> tensor<32xi8>
  %6 = qcc.kernel "qcc_flip_sign_s8"(%arg0) {descriptor = array<i32: 32>} : (tensor<32xi8>) -> tensor<32xi8>
  %7 = qcc.kernel "qcc_add_s8"(%6, %3) {descriptor = array<i32: 1, 32, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 20, 1073741824, 0, 1073741824, 0, 1073741824, 19, 0, -128, 127, 0>} : (tensor<32xi8>, tensor<10xi8>) -> tensor<32xi8>
  return %5, %7 : tensor<32xi8>, tensor<32xi8>
}
