//===- OpsConvolution.cpp - Conv, MatMul, Gemm ----------------------------===//
//
// This file converts ONNX's convolution and matrix-product ops (ConvTranspose
// is in OpsConvTranspose.cpp). Gemm's transposes and scalings become explicit
// ops that canonicalization folds into constant weights.
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

} // namespace

Value reshape(NodeImporter &n, Value v, ArrayRef<int64_t> shape) {
  if (tensorOf(v).getShape() == shape)
    return v;
  auto type = RankedTensorType::get(shape, tensorOf(v).getElementType());
  return ReshapeOp::create(n.builder(), n.loc(), type, v);
}

void registerConvolutionOps(ConverterTable &table) {
  table["Conv"] = convertConv;
  table["MatMul"] = convertMatMul;
  table["Gemm"] = convertGemm;
}

} // namespace qcc::onnx_import
