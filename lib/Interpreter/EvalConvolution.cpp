//===- EvalConvolution.cpp - float convolution, products and pooling -------===//
//
// This file evaluates the float level's NCHW convolution, matrix products
// and pooling with direct loops. Sums accumulate in double and round to
// float once, so the result is the float nearest the exact value.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include <limits>

using namespace mlir;

namespace qcc::interp {

FailureOr<Tensor> evalConv2D(Conv2DOp op, Operands in) {
  const Tensor &x = *in[0], &w = *in[1];
  const Tensor *bias = op.getBias() ? in[2] : nullptr;
  Tensor out = zerosLike(op.getResult());
  int64_t n = x.shape[0], c = x.shape[1], h = x.shape[2], wd = x.shape[3];
  int64_t o = w.shape[0], cg = w.shape[1], kh = w.shape[2], kw = w.shape[3];
  int64_t oh = out.shape[2], ow = out.shape[3];
  int64_t perGroup = o / op.getGroup();
  ArrayRef<int64_t> s = op.getStrides(), p = op.getPads(), d = op.getDilations();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t oc = 0; oc < o; ++oc) {
      int64_t firstChannel = (oc / perGroup) * cg;
      for (int64_t y = 0; y < oh; ++y)
        for (int64_t z = 0; z < ow; ++z) {
          double acc = bias ? bias->floats[oc] : 0.0;
          for (int64_t ic = 0; ic < cg; ++ic)
            for (int64_t i = 0; i < kh; ++i) {
              int64_t iy = y * s[0] - p[0] + i * d[0];
              if (iy < 0 || iy >= h)
                continue;
              for (int64_t j = 0; j < kw; ++j) {
                int64_t ix = z * s[1] - p[1] + j * d[1];
                if (ix < 0 || ix >= wd)
                  continue;
                acc += static_cast<double>(
                           x.floats[((b * c + firstChannel + ic) * h + iy) *
                                        wd + ix]) *
                       w.floats[((oc * cg + ic) * kh + i) * kw + j];
              }
            }
          out.floats[((b * o + oc) * oh + y) * ow + z] =
              static_cast<float>(acc);
        }
    }
  return out;
}

FailureOr<Tensor> evalFullyConnected(FullyConnectedOp op, Operands in) {
  const Tensor &x = *in[0], &w = *in[1];
  const Tensor *bias = op.getBias() ? in[2] : nullptr;
  Tensor out = zerosLike(op.getResult());
  int64_t m = x.shape[0], k = x.shape[1], n = w.shape[0];
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      double acc = bias ? bias->floats[j] : 0.0;
      for (int64_t l = 0; l < k; ++l)
        acc += static_cast<double>(x.floats[i * k + l]) * w.floats[j * k + l];
      out.floats[i * n + j] = static_cast<float>(acc);
    }
  return out;
}

/// For each matrix of a batched product's result, the matrix of an operand
/// of shape `operand` it reads (NumPy broadcasting of the batch dimensions).
static std::vector<int64_t> batchIndex(ArrayRef<int64_t> operand,
                                       ArrayRef<int64_t> result) {
  return broadcastIndex(operand.drop_back(2), result.drop_back(2));
}

FailureOr<Tensor> evalMatMul(MatMulOp op, Operands in) {
  const Tensor &a = *in[0], &b = *in[1];
  Tensor out = zerosLike(op.getResult());
  int64_t m = a.shape[a.shape.size() - 2], k = a.shape.back();
  int64_t n = b.shape.back();
  std::vector<int64_t> ai = batchIndex(a.shape, out.shape);
  std::vector<int64_t> bi = batchIndex(b.shape, out.shape);
  for (size_t batch = 0; batch < ai.size(); ++batch) {
    const float *pa = &a.floats[ai[batch] * m * k];
    const float *pb = &b.floats[bi[batch] * k * n];
    float *po = &out.floats[batch * m * n];
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        double acc = 0;
        for (int64_t l = 0; l < k; ++l)
          acc += static_cast<double>(pa[i * k + l]) * pb[l * n + j];
        po[i * n + j] = static_cast<float>(acc);
      }
  }
  return out;
}


FailureOr<Tensor> evalMaxPool(MaxPoolOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  forEachWindow(*in[0], out, op.getKernel(), op.getStrides(), op.getPads(), false,
                [&](int64_t o, ArrayRef<int64_t> inside, int64_t) {
                  float best = -std::numeric_limits<float>::infinity();
                  for (int64_t i : inside)
                    best = std::max(best, in[0]->floats[i]);
                  out.floats[o] = best;
                });
  return out;
}

FailureOr<Tensor> evalAvgPool(AvgPoolOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  bool countPad = op.getCountIncludePad();
  forEachWindow(*in[0], out, op.getKernel(), op.getStrides(), op.getPads(), false,
                [&](int64_t o, ArrayRef<int64_t> inside, int64_t window) {
                  double sum = 0;
                  for (int64_t i : inside)
                    sum += in[0]->floats[i];
                  int64_t count = countPad ? window : inside.size();
                  out.floats[o] = static_cast<float>(sum / count);
                });
  return out;
}

FailureOr<Tensor> evalGlobalAvgPool(GlobalAvgPoolOp op, Operands in) {
  const Tensor &x = *in[0];
  Tensor out = zerosLike(op.getResult());
  int64_t plane = x.shape[2] * x.shape[3];
  for (size_t p = 0; p < out.floats.size(); ++p) {
    double sum = 0;
    for (int64_t i = 0; i < plane; ++i)
      sum += x.floats[p * plane + i];
    out.floats[p] = static_cast<float>(sum / plane);
  }
  return out;
}

} // namespace qcc::interp
