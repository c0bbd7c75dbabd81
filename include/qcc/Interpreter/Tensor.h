//===- Tensor.h - tensor values of the reference interpreter ----*- C++ -*-===//
//
// This file declares the plain tensor the reference interpreter computes
// with and qcc-run reads and writes: a static shape and row-major elements,
// stored as float for f32 tensors and as int64 for every integer tensor
// (including the stored values of quantized tensors). It has no MLIR
// dependency, so tools and tests can use it alone.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_INTERPRETER_TENSOR_H
#define QCC_INTERPRETER_TENSOR_H

#include <cstdint>
#include <string>
#include <vector>

namespace qcc::interp {

/// The element types tensors come in at qcc's boundaries.
enum class DType { F32, I8, U8, I32, I64 };

/// The name NumPy gives the type ("float32", "uint8", ...).
const char *dtypeName(DType type);

struct Tensor {
  DType dtype = DType::F32;
  std::vector<int64_t> shape;
  /// The elements when dtype is F32.
  std::vector<float> floats;
  /// The elements for every integer dtype.
  std::vector<int64_t> ints;

  bool isFloat() const { return dtype == DType::F32; }
  int64_t numElements() const;
  /// "float32[1, 3, 8, 8]", for messages.
  std::string describe() const;

  static Tensor zerosF32(std::vector<int64_t> shape);
  static Tensor zerosInt(DType dtype, std::vector<int64_t> shape);
};

/// Sample `i` of a batch along dimension 0, as a batch of one.
Tensor sliceBatch(const Tensor &batch, int64_t i);
/// Samples of equal shape stacked along dimension 0: N batches of one
/// become one batch of N.
Tensor concatBatch(const std::vector<Tensor> &samples);

} // namespace qcc::interp

#endif // QCC_INTERPRETER_TENSOR_H
