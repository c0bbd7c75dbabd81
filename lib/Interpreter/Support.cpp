//===- Support.cpp - helpers shared by the interpreter's evaluators -------===//
//
// This file implements index arithmetic (strides, broadcasting) and the
// quantization arithmetic every evaluator shares: ONNX's QuantizeLinear and
// DequantizeLinear in float32, and qcc_requantize from the runtime's
// fixed-point header, so that "bit-exact" has one definition.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include "qcc/fixedpoint.h"

#include <cmath>

using namespace mlir;

namespace qcc::interp {

std::vector<int64_t> stridesOf(ArrayRef<int64_t> shape) {
  std::vector<int64_t> strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

std::vector<int64_t> broadcastIndex(ArrayRef<int64_t> in,
                                    ArrayRef<int64_t> out) {
  // Align `in` to the right of `out`; a dimension of size 1 repeats.
  size_t rank = out.size(), offset = rank - in.size();
  std::vector<int64_t> inStrides = stridesOf(in), outStrides = stridesOf(out);
  int64_t count = 1;
  for (int64_t d : out)
    count *= d;
  std::vector<int64_t> index(count);
  for (int64_t i = 0; i < count; ++i) {
    int64_t rest = i, source = 0;
    for (size_t d = 0; d < rank; ++d) {
      int64_t coordinate = rest / outStrides[d];
      rest %= outStrides[d];
      if (d >= offset && in[d - offset] != 1)
        source += coordinate * inStrides[d - offset];
    }
    index[i] = source;
  }
  return index;
}

std::vector<int64_t> shapeOf(Value value) {
  auto shape = cast<ShapedType>(value.getType()).getShape();
  return std::vector<int64_t>(shape.begin(), shape.end());
}

Tensor zerosLike(Value result) {
  FailureOr<DType> dtype = dtypeOf(result.getType());
  std::vector<int64_t> shape = shapeOf(result);
  if (succeeded(dtype) && *dtype != DType::F32)
    return Tensor::zerosInt(*dtype, shape);
  return Tensor::zerosF32(shape);
}

void forEachWindow(
    const Tensor &x, const Tensor &out, ArrayRef<int64_t> kernel,
    ArrayRef<int64_t> strides, ArrayRef<int64_t> pads, bool nhwc,
    function_ref<void(int64_t, ArrayRef<int64_t>, int64_t)> visit) {
  // Dimension positions of N, C, H, W in the layout.
  int cd = nhwc ? 3 : 1, hd = nhwc ? 1 : 2, wd = nhwc ? 2 : 3;
  int64_t n = x.shape[0], c = x.shape[cd], h = x.shape[hd], w = x.shape[wd];
  int64_t oh = out.shape[hd], ow = out.shape[wd];
  auto index = [&](int64_t b, int64_t ch, int64_t y, int64_t z, int64_t hs,
                   int64_t ws) {
    return nhwc ? ((b * hs + y) * ws + z) * c + ch
                : ((b * c + ch) * hs + y) * ws + z;
  };
  std::vector<int64_t> inside;
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch)
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t z = 0; z < ow; ++z) {
          inside.clear();
          for (int64_t i = 0; i < kernel[0]; ++i)
            for (int64_t j = 0; j < kernel[1]; ++j) {
              int64_t iy = y * strides[0] - pads[0] + i;
              int64_t ix = z * strides[1] - pads[1] + j;
              if (iy >= 0 && iy < h && ix >= 0 && ix < w)
                inside.push_back(index(b, ch, iy, ix, h, w));
            }
          visit(index(b, ch, y, z, oh, ow), inside, kernel[0] * kernel[1]);
        }
}

void forEachConcatElement(
    Operands inputs, ArrayRef<int64_t> outShape, int64_t axis,
    function_ref<void(size_t, int64_t, int64_t)> copy) {
  // Each input contributes, for every outer index, one contiguous slab of
  // its extent along the axis times the inner size.
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < axis; ++d)
    outer *= outShape[d];
  for (size_t d = axis + 1; d < outShape.size(); ++d)
    inner *= outShape[d];
  int64_t offset = 0;
  for (auto [k, t] : llvm::enumerate(inputs)) {
    int64_t slab = t->shape[axis] * inner;
    for (int64_t o = 0; o < outer; ++o)
      for (int64_t i = 0; i < slab; ++i)
        copy(k, o * slab + i, o * outShape[axis] * inner + offset + i);
    offset += slab;
  }
}

size_t QuantParams::channel(int64_t index, ArrayRef<int64_t> shape) const {
  if (axis < 0)
    return 0;
  std::vector<int64_t> strides = stridesOf(shape);
  return static_cast<size_t>((index / strides[axis]) % shape[axis]);
}

QuantParams quantParams(Type element) {
  QuantParams p;
  auto q = cast<quant::QuantizedType>(element);
  p.qmin = q.getStorageTypeMin();
  p.qmax = q.getStorageTypeMax();
  if (auto uniform = dyn_cast<quant::UniformQuantizedType>(q)) {
    p.scales = {uniform.getScale()};
    p.zeroPoints = {uniform.getZeroPoint()};
  } else {
    auto axis = cast<quant::UniformQuantizedPerAxisType>(q);
    p.scales.assign(axis.getScales().begin(), axis.getScales().end());
    p.zeroPoints.assign(axis.getZeroPoints().begin(),
                        axis.getZeroPoints().end());
    p.axis = axis.getQuantizedDimension();
  }
  return p;
}

QuantParams quantParamsOf(Value value) {
  return quantParams(cast<ShapedType>(value.getType()).getElementType());
}

int64_t requantize(RequantAttr requant, size_t c, int64_t acc) {
  size_t i = requant.getNumChannels() == 1 ? 0 : c;
  return qcc_requantize(
      qcc_wrap_s32(acc), requant.getMultiplier()[i],
      requant.getShift()[i], requant.getZeroPoint(), requant.getMin(),
      requant.getMax(),
      requant.getRounding() == RoundingMode::Single ? QCC_ROUND_SINGLE
                                                    : QCC_ROUND_DOUBLE);
}

} // namespace qcc::interp
