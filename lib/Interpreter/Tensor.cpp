//===- Tensor.cpp - tensor values of the reference interpreter ------------===//
//
// This file implements the small helpers of the interpreter's tensor.
//
//===----------------------------------------------------------------------===//

#include "qcc/Interpreter/Tensor.h"

namespace qcc::interp {

const char *dtypeName(DType type) {
  switch (type) {
  case DType::F32:
    return "float32";
  case DType::I8:
    return "int8";
  case DType::U8:
    return "uint8";
  case DType::I32:
    return "int32";
  case DType::I64:
    return "int64";
  }
  return "?";
}

int64_t Tensor::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string Tensor::describe() const {
  std::string s = dtypeName(dtype);
  s += "[";
  for (size_t i = 0; i < shape.size(); ++i)
    s += (i ? ", " : "") + std::to_string(shape[i]);
  return s + "]";
}

Tensor Tensor::zerosF32(std::vector<int64_t> shape) {
  Tensor t;
  t.dtype = DType::F32;
  t.shape = std::move(shape);
  t.floats.assign(t.numElements(), 0.0f);
  return t;
}

Tensor Tensor::zerosInt(DType dtype, std::vector<int64_t> shape) {
  Tensor t;
  t.dtype = dtype;
  t.shape = std::move(shape);
  t.ints.assign(t.numElements(), 0);
  return t;
}

Tensor sliceBatch(const Tensor &batch, int64_t i) {
  Tensor sample;
  sample.dtype = batch.dtype;
  sample.shape = batch.shape;
  sample.shape[0] = 1;
  int64_t size = sample.numElements();
  if (batch.isFloat())
    sample.floats.assign(batch.floats.begin() + i * size,
                         batch.floats.begin() + (i + 1) * size);
  else
    sample.ints.assign(batch.ints.begin() + i * size,
                       batch.ints.begin() + (i + 1) * size);
  return sample;
}

Tensor concatBatch(const std::vector<Tensor> &samples) {
  Tensor batch;
  batch.dtype = samples.front().dtype;
  batch.shape = samples.front().shape;
  batch.shape[0] = 0;
  for (const Tensor &sample : samples) {
    batch.shape[0] += sample.shape[0];
    batch.floats.insert(batch.floats.end(), sample.floats.begin(),
                        sample.floats.end());
    batch.ints.insert(batch.ints.end(), sample.ints.begin(),
                      sample.ints.end());
  }
  return batch;
}

} // namespace qcc::interp
