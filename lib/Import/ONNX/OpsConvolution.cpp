//===- OpsConvolution.cpp - Conv, MatMul, Gemm ----------------------------===//
//
// This file converts ONNX's convolution and matrix-product ops. Gemm's
// transposes and scalings become explicit ops that canonicalization folds
// into constant weights.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

RankedTensorType tensorOf(Value v) {
  return cast<RankedTensorType>(v.getType());
}

Value reshape(NodeImporter &n, Value v, ArrayRef<int64_t> shape) {
  if (tensorOf(v).getShape() == shape)
    return v;
  auto type = RankedTensorType::get(shape, tensorOf(v).getElementType());
  return ReshapeOp::create(n.builder(), n.loc(), type, v);
}

Value transpose2D(NodeImporter &n, Value v) {
  RankedTensorType type = tensorOf(v);
  auto result = RankedTensorType::get(
      {type.getDimSize(1), type.getDimSize(0)}, type.getElementType());
  return TransposeOp::create(n.builder(), n.loc(), result, v,
                             ArrayRef<int64_t>{1, 0});
}

Value scale(NodeImporter &n, Value v, float factor) {
  if (factor == 1.0f)
    return v;
  auto scalarType = RankedTensorType::get({}, n.builder().getF32Type());
  Value c = n.materialize(DenseElementsAttr::get(scalarType, factor));
  return MulOp::create(n.builder(), n.loc(), tensorOf(v), v, c);
}

LogicalResult convertConv(NodeImporter &n) {
  FailureOr<Value> x = n.input(0), w = n.input(1);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(w) || failed(type))
    return failure();
  RankedTensorType xt = tensorOf(*x), wt = tensorOf(*w);
  if (xt.getRank() != 4 || wt.getRank() != 4)
    return n.error() << "only 2-D convolutions (rank-4 tensors) are "
                        "supported";
  FailureOr<Window> window =
      readWindow(n, xt.getShape().drop_front(2), wt.getShape().drop_front(2));
  if (failed(window))
    return failure();
  FailureOr<Value> bias = n.optionalInput(2);
  if (failed(bias))
    return failure();
  n.setOutput(0, Conv2DOp::create(n.builder(), n.loc(), *type, *x, *w, *bias,
                                  window->strides, window->pads,
                                  window->dilations, n.attrInt("group", 1),
                                  /*clamp_min=*/nullptr,
                                  /*clamp_max=*/nullptr));
  return success();
}

LogicalResult convertMatMul(NodeImporter &n) {
  FailureOr<Value> a = n.input(0), b = n.input(1);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(a) || failed(b) || failed(type))
    return failure();
  // ONNX's 1-D operands become matrices: [K] is [1, K] on the left and
  // [K, 1] on the right; the result is reshaped back at the end.
  SmallVector<int64_t> as(tensorOf(*a).getShape()), bs(tensorOf(*b).getShape());
  if (as.empty() || bs.empty())
    return n.error() << "MatMul of scalars is not supported";
  Value lhs = as.size() == 1 ? reshape(n, *a, {1, as[0]}) : *a;
  Value rhs = bs.size() == 1 ? reshape(n, *b, {bs[0], 1}) : *b;
  SmallVector<int64_t> ls(tensorOf(lhs).getShape()), rs(tensorOf(rhs).getShape());
  SmallVector<int64_t> shape;
  ArrayRef<int64_t> lb = ArrayRef(ls).drop_back(2), rb = ArrayRef(rs).drop_back(2);
  size_t rank = std::max(lb.size(), rb.size());
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i + lb.size() >= rank ? lb[i + lb.size() - rank] : 1;
    int64_t r = i + rb.size() >= rank ? rb[i + rb.size() - rank] : 1;
    shape.push_back(std::max(l, r));
  }
  shape.push_back(ls[ls.size() - 2]);
  shape.push_back(rs.back());
  auto product = RankedTensorType::get(shape, type->getElementType());
  Value result = MatMulOp::create(n.builder(), n.loc(), product, lhs, rhs);
  n.setOutput(0, reshape(n, result, type->getShape()));
  return success();
}

LogicalResult convertGemm(NodeImporter &n) {
  FailureOr<Value> a = n.input(0), b = n.input(1);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(a) || failed(b) || failed(type))
    return failure();
  if (tensorOf(*a).getRank() != 2 || tensorOf(*b).getRank() != 2)
    return n.error() << "Gemm operands must be matrices";
  Value x = n.attrInt("transA", 0) ? transpose2D(n, *a) : *a;
  // qcc.fully_connected takes the weight as N x K, i.e. Gemm's B with
  // transB = 1.
  Value w = n.attrInt("transB", 0) ? *b : transpose2D(n, *b);
  float alpha = n.attrFloat("alpha", 1.0f), beta = n.attrFloat("beta", 1.0f);
  int64_t outputs = type->getDimSize(1);

  Value bias;
  Value addend;
  if (n.hasInput(2) && beta != 0.0f) {
    FailureOr<Value> c = n.input(2);
    if (failed(c))
      return failure();
    RankedTensorType ct = tensorOf(*c);
    bool perOutput = ct.getRank() >= 1 && ct.getNumElements() == outputs &&
                     ct.getShape().back() == outputs &&
                     (ct.getRank() == 1 || ct.getDimSize(0) == 1);
    if (perOutput && alpha == 1.0f)
      bias = reshape(n, scale(n, *c, beta), {outputs});
    else
      addend = scale(n, *c, beta);
  }
  Value y = FullyConnectedOp::create(n.builder(), n.loc(), *type, x, w, bias,
                                     /*clamp_min=*/nullptr,
                                     /*clamp_max=*/nullptr);
  y = scale(n, y, alpha);
  if (addend)
    y = AddOp::create(n.builder(), n.loc(), TypeRange{*type},
                      ValueRange{y, addend});
  n.setOutput(0, y);
  return success();
}

/// `v` padded with zeros at the end of dimension `dim`.
Value padEnd(NodeImporter &n, Value v, int64_t dim, int64_t amount) {
  if (amount == 0)
    return v;
  RankedTensorType type = tensorOf(v);
  SmallVector<int64_t> shape(type.getShape()), pads(2 * shape.size(), 0);
  pads[shape.size() + dim] = amount;
  shape[dim] += amount;
  return PadOp::create(n.builder(), n.loc(),
                       RankedTensorType::get(shape, type.getElementType()), v,
                       pads, llvm::APFloat(0.0f));
}

/// `x` (NCHW) with s - 1 zeros after every element along H and W: the
/// input of a stride-s transposed convolution, as a stride-1 one reads it
/// (with s - 1 extra zeros at each end, which the caller accounts for).
Value insertZeros(NodeImporter &n, Value x, int64_t sh, int64_t sw) {
  ArrayRef<int64_t> s = tensorOf(x).getShape();
  int64_t N = s[0], C = s[1], H = s[2], W = s[3];
  Value rows = reshape(n, x, {N * C * H, W, 1});
  rows = reshape(n, padEnd(n, rows, 2, sw - 1), {N * C, H, 1, W * sw});
  return reshape(n, padEnd(n, rows, 2, sh - 1), {N, C, H * sh, W * sw});
}

/// ConvTranspose (2-D, one group, constant weights) as the convolution it
/// equals: zeros inserted between the input's pixels, the border padded
/// (or cropped), and the kernel flipped with its input and output channels
/// swapped. No new kernel: the inserted zeros are the zero point.
LogicalResult convertConvTranspose(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<DenseElementsAttr> weights = n.constantInput(1);
  FailureOr<Value> bias = n.optionalInput(2);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(weights) || failed(bias) || failed(type))
    return failure();
  auto wt = cast<RankedTensorType>(weights->getType());
  if (tensorOf(*x).getRank() != 4 || wt.getRank() != 4)
    return n.error() << "only 2-D transposed convolutions (rank-4 tensors) "
                        "are supported";
  if (n.attrInt("group", 1) != 1 || !wt.getElementType().isF32())
    return n.error() << "only one group of float weights is supported";
  int64_t cin = wt.getDimSize(0), cout = wt.getDimSize(1);
  int64_t k[2] = {wt.getDimSize(2), wt.getDimSize(3)};
  auto attr = [&](StringRef name, int64_t fallback) {
    SmallVector<int64_t> v = n.attrInts(name);
    return v.empty() ? SmallVector<int64_t>(4, fallback) : v;
  };
  SmallVector<int64_t> strides = attr("strides", 1), dil = attr("dilations", 1),
                       extra = attr("output_padding", 0), pads = attr("pads", 0);
  ArrayRef<int64_t> in = tensorOf(*x).getShape(), out = type->getShape();
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  SmallVector<int64_t> begin(2), end(2);
  for (int d = 0; d < 2; ++d) {
    int64_t span = strides[d] * (in[2 + d] - 1) + extra[d] +
                   (k[d] - 1) * dil[d] + 1;
    if (autoPad != "NOTSET" || n.attr("output_shape")) {
      // ONNX derives the padding from the output size (its half is floor
      // division: a negative total extends the output at the end).
      int64_t total = span - out[2 + d];
      int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
      begin[d] = autoPad == "SAME_UPPER" ? half : total - half;
      end[d] = total - begin[d];
    } else {
      begin[d] = pads[d];
      end[d] = pads[2 + d];
    }
    if (span - begin[d] - end[d] != out[2 + d])
      return n.error() << "the padding does not give the inferred output size";
  }
  // Borders of the stride-1 convolution: k - 1 dilated taps, minus ONNX's
  // padding, plus output_padding at the end, of which s - 1 zeros are
  // already there.
  Value y = insertZeros(n, *x, strides[0], strides[1]);
  SmallVector<int64_t> convPads(4), crop(4);
  for (int d = 0; d < 2; ++d) {
    int64_t b = (k[d] - 1) * dil[d] - begin[d];
    int64_t e = (k[d] - 1) * dil[d] - end[d] + extra[d] - (strides[d] - 1);
    convPads[d] = std::max<int64_t>(b, 0);
    convPads[2 + d] = std::max<int64_t>(e, 0);
    crop[d] = std::max<int64_t>(-b, 0);
    crop[2 + d] = std::max<int64_t>(-e, 0);
  }
  if (llvm::any_of(crop, [](int64_t c) { return c > 0; })) {
    SmallVector<int64_t> shape(tensorOf(y).getShape());
    SmallVector<int64_t> offsets = {0, 0, crop[0], crop[1]};
    shape[2] -= crop[0] + crop[2];
    shape[3] -= crop[1] + crop[3];
    y = SliceOp::create(n.builder(), n.loc(),
                        RankedTensorType::get(shape, type->getElementType()), y,
                        offsets, shape, SmallVector<int64_t>(4, 1));
  }
  // W'[o][i][a][b] = W[i][o][kh - 1 - a][kw - 1 - b].
  std::vector<float> w(weights->getValues<float>().begin(),
                       weights->getValues<float>().end());
  std::vector<float> flipped(w.size());
  for (int64_t i = 0; i < cin; ++i)
    for (int64_t o = 0; o < cout; ++o)
      for (int64_t a = 0; a < k[0]; ++a)
        for (int64_t b = 0; b < k[1]; ++b)
          flipped[((o * cin + i) * k[0] + a) * k[1] + b] =
              w[((i * cout + o) * k[0] + (k[0] - 1 - a)) * k[1] +
                (k[1] - 1 - b)];
  auto flippedType = RankedTensorType::get({cout, cin, k[0], k[1]},
                                           wt.getElementType());
  Value kernel = n.materialize(
      DenseElementsAttr::get(flippedType, ArrayRef<float>(flipped)));
  n.setOutput(0, Conv2DOp::create(
                     n.builder(), n.loc(), *type, y, kernel, *bias,
                     SmallVector<int64_t>{1, 1}, convPads,
                     SmallVector<int64_t>{dil[0], dil[1]}, 1,
                     /*clamp_min=*/nullptr, /*clamp_max=*/nullptr));
  return success();
}

} // namespace

void registerConvolutionOps(ConverterTable &table) {
  table["Conv"] = convertConv;
  table["MatMul"] = convertMatMul;
  table["Gemm"] = convertGemm;
  table["ConvTranspose"] = convertConvTranspose;
}

} // namespace qcc::onnx_import
