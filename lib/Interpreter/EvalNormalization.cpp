//===- EvalNormalization.cpp - normalization, softmax, reductions ---------===//
//
// This file evaluates batch and layer normalization, softmax and ReduceMean
// at the float level. Statistics accumulate in double.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include <cmath>

using namespace mlir;

namespace qcc::interp {

FailureOr<Tensor> evalBatchNorm(BatchNormOp op, Operands in) {
  const Tensor &x = *in[0];
  Tensor out = x;
  if (x.numElements() == 0)
    return out;
  int64_t channels = x.shape[1];
  int64_t inner = x.numElements() / (x.shape[0] * channels);
  float eps = op.getEpsilon().convertToFloat();
  for (size_t i = 0; i < out.floats.size(); ++i) {
    int64_t c = (i / inner) % channels;
    float scale = in[1]->floats[c] / std::sqrt(in[4]->floats[c] + eps);
    out.floats[i] = (x.floats[i] - in[3]->floats[c]) * scale + in[2]->floats[c];
  }
  return out;
}

FailureOr<Tensor> evalLayerNorm(LayerNormOp op, Operands in) {
  const Tensor &x = *in[0];
  const Tensor &scale = *in[1];
  const Tensor *bias = op.getBias() ? in[2] : nullptr;
  Tensor out = x;
  if (x.numElements() == 0)
    return out;
  // I64Attr getters return uint64_t; the axis may be negative.
  int64_t axis = op.getAxisAttr().getInt();
  if (axis < 0)
    axis += x.shape.size();
  int64_t inner = 1;
  for (size_t d = axis; d < x.shape.size(); ++d)
    inner *= x.shape[d];
  double eps = op.getEpsilon().convertToFloat();
  for (int64_t row = 0; row < x.numElements() / inner; ++row) {
    const float *v = &x.floats[row * inner];
    double mean = 0, var = 0;
    for (int64_t i = 0; i < inner; ++i)
      mean += v[i];
    mean /= inner;
    for (int64_t i = 0; i < inner; ++i)
      var += (v[i] - mean) * (v[i] - mean);
    var /= inner;
    double inv = 1.0 / std::sqrt(var + eps);
    for (int64_t i = 0; i < inner; ++i)
      out.floats[row * inner + i] = static_cast<float>(
          (v[i] - mean) * inv * scale.floats[i] + (bias ? bias->floats[i] : 0));
  }
  return out;
}

/// Visits the 1-D slices of `shape` along `axis`: `visit(first, stride)`
/// gets the index of a slice's first element and the step between elements.
template <typename Visit>
static void forEachSlice(ArrayRef<int64_t> shape, int64_t axis, Visit visit) {
  int64_t inner = 1, outer = 1;
  for (size_t d = axis + 1; d < shape.size(); ++d)
    inner *= shape[d];
  for (int64_t d = 0; d < axis; ++d)
    outer *= shape[d];
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t i = 0; i < inner; ++i)
      visit(o * shape[axis] * inner + i, inner);
}

FailureOr<Tensor> evalSoftmax(SoftmaxOp op, Operands in) {
  Tensor out = *in[0];
  if (out.numElements() == 0)
    return out;
  int64_t rank = out.shape.size();
  int64_t axis = op.getAxisAttr().getInt();
  if (axis < 0)
    axis += rank;
  int64_t length = out.shape[axis];
  forEachSlice(out.shape, axis, [&](int64_t first, int64_t step) {
    float max = out.floats[first];
    for (int64_t k = 1; k < length; ++k)
      max = std::max(max, out.floats[first + k * step]);
    double sum = 0;
    for (int64_t k = 0; k < length; ++k) {
      float &v = out.floats[first + k * step];
      v = std::exp(v - max);
      sum += v;
    }
    for (int64_t k = 0; k < length; ++k)
      out.floats[first + k * step] =
          static_cast<float>(out.floats[first + k * step] / sum);
  });
  return out;
}

FailureOr<Tensor> evalReduceMean(ReduceMeanOp op, Operands in) {
  const Tensor &x = *in[0];
  Tensor out = zerosLike(op.getResult());
  // Map each input element to its output element: reduced dimensions
  // collapse to 0 (and disappear without keepdims).
  std::vector<int64_t> kept;
  for (int64_t d = 0; d < static_cast<int64_t>(x.shape.size()); ++d)
    kept.push_back(llvm::is_contained(op.getAxes(), d) ? 1 : x.shape[d]);
  std::vector<int64_t> keptStrides = stridesOf(kept), inStrides = stridesOf(x.shape);
  std::vector<double> sums(out.floats.size(), 0.0);
  int64_t count = 1;
  for (int64_t axis : op.getAxes())
    count *= x.shape[axis];
  for (int64_t i = 0; i < x.numElements(); ++i) {
    int64_t rest = i, target = 0;
    for (size_t d = 0; d < x.shape.size(); ++d) {
      int64_t coordinate = rest / inStrides[d];
      rest %= inStrides[d];
      if (kept[d] != 1 || x.shape[d] == 1)
        target += (kept[d] == 1 ? 0 : coordinate) * keptStrides[d];
    }
    sums[target] += x.floats[i];
  }
  for (size_t i = 0; i < sums.size(); ++i)
    out.floats[i] = static_cast<float>(sums[i] / count);
  return out;
}

} // namespace qcc::interp
