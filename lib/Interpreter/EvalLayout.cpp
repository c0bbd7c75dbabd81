//===- EvalLayout.cpp - layout ops and constants --------------------------===//
//
// This file evaluates the ops that move values without computing on them
// (reshape, transpose, slice, concat, pad at both levels) and constants. They
// work on float and integer tensors alike: each builds, for every output
// element, the input element it copies.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

using namespace mlir;

namespace qcc::interp {

/// The tensor of `result`'s type whose element i is source element
/// index[i], or `fill` where index[i] is negative.
static Tensor gather(const Tensor &source, ArrayRef<int64_t> index,
                     Value result, double fill = 0) {
  Tensor out = zerosLike(result);
  for (size_t i = 0; i < index.size(); ++i) {
    if (out.isFloat())
      out.floats[i] = index[i] < 0 ? static_cast<float>(fill)
                                   : source.floats[index[i]];
    else
      out.ints[i] = index[i] < 0 ? static_cast<int64_t>(fill)
                                 : source.ints[index[i]];
  }
  return out;
}

/// Calls `source(coordinates)` for each output element in row-major order
/// and collects the input indices it returns.
template <typename Source>
static std::vector<int64_t> mapIndices(ArrayRef<int64_t> outShape,
                                       Source source) {
  std::vector<int64_t> coordinates(outShape.size(), 0), index;
  int64_t count = 1;
  for (int64_t d : outShape)
    count *= d;
  index.reserve(count);
  for (int64_t i = 0; i < count; ++i) {
    index.push_back(source(coordinates));
    for (int64_t d = static_cast<int64_t>(outShape.size()) - 1; d >= 0; --d) {
      if (++coordinates[d] < outShape[d])
        break;
      coordinates[d] = 0;
    }
  }
  return index;
}

FailureOr<Tensor> evalReshape(ReshapeOp op, Operands in) {
  Tensor out = *in[0];
  out.shape = shapeOf(op.getResult());
  return out;
}

FailureOr<Tensor> evalTranspose(TransposeOp op, Operands in) {
  std::vector<int64_t> strides = stridesOf(in[0]->shape);
  ArrayRef<int64_t> perm = op.getPerm();
  auto index = mapIndices(shapeOf(op.getResult()), [&](ArrayRef<int64_t> c) {
    int64_t source = 0;
    for (size_t d = 0; d < c.size(); ++d)
      source += c[d] * strides[perm[d]];
    return source;
  });
  return gather(*in[0], index, op.getResult());
}

FailureOr<Tensor> evalSlice(SliceOp op, Operands in) {
  std::vector<int64_t> strides = stridesOf(in[0]->shape);
  ArrayRef<int64_t> offsets = op.getOffsets(), steps = op.getStrides();
  auto index = mapIndices(shapeOf(op.getResult()), [&](ArrayRef<int64_t> c) {
    int64_t source = 0;
    for (size_t d = 0; d < c.size(); ++d)
      source += (offsets[d] + c[d] * steps[d]) * strides[d];
    return source;
  });
  return gather(*in[0], index, op.getResult());
}

/// Padding: output coordinates minus the leading pads, or -1 outside.
static std::vector<int64_t> padIndex(const Tensor &x, ArrayRef<int64_t> pads,
                                     ArrayRef<int64_t> outShape) {
  std::vector<int64_t> strides = stridesOf(x.shape);
  size_t rank = x.shape.size();
  return mapIndices(outShape, [&](ArrayRef<int64_t> c) -> int64_t {
    int64_t source = 0;
    for (size_t d = 0; d < rank; ++d) {
      int64_t at = c[d] - pads[d];
      if (at < 0 || at >= x.shape[d])
        return -1;
      source += at * strides[d];
    }
    return source;
  });
}

FailureOr<Tensor> evalPad(PadOp op, Operands in) {
  return gather(*in[0], padIndex(*in[0], op.getPads(), shapeOf(op.getResult())),
                op.getResult(), op.getValue().convertToFloat());
}

FailureOr<Tensor> evalQPad(QPadOp op, Operands in) {
  // The pads are NHWC-ordered like the tensor; new elements hold the zero
  // point, i.e. the real value 0.
  QuantParams p = quantParamsOf(op.getOutput());
  return gather(*in[0], padIndex(*in[0], op.getPads(), shapeOf(op.getResult())),
                op.getResult(), static_cast<double>(p.zeroPoints[0]));
}

FailureOr<Tensor> evalConcat(ConcatOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  forEachConcatElement(in, out.shape, op.getAxis(),
                       [&](size_t k, int64_t from, int64_t to) {
                         out.floats[to] = in[k]->floats[from];
                       });
  return out;
}

FailureOr<Tensor> evalConstant(Operation *op, DenseElementsAttr value) {
  Tensor out = zerosLike(op->getResult(0));
  if (out.isFloat()) {
    if (!value.getElementType().isF32())
      return op->emitError("the interpreter holds only f32 float constants");
    out.floats.assign(value.getValues<float>().begin(),
                      value.getValues<float>().end());
    return out;
  }
  // Stored integers: unsigned storage is reinterpreted (qconstant's i8
  // attribute holds u8 values as their bit patterns).
  bool isUnsigned = out.dtype == DType::U8;
  size_t i = 0;
  for (const APInt &v : value.getValues<APInt>())
    out.ints[i++] = isUnsigned ? v.getZExtValue() : v.getSExtValue();
  return out;
}

} // namespace qcc::interp
