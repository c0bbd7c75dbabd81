//===- EvalInteger.cpp - integer-level quantized ops ----------------------===//
//
// This file evaluates the integer level exactly as the op descriptions
// state, with int64 sums narrowed to the int32 accumulators the ops define
// and the output stage of runtime/include/qcc/fixedpoint.h. Nothing here
// computes with floats except qcc.quantize and qcc.dequantize at the model
// boundary.
//
//===----------------------------------------------------------------------===//

#include "Eval.h"

#include "qcc/fixedpoint.h"

using namespace mlir;

namespace qcc::interp {

FailureOr<Tensor> evalQuantize(QuantizeOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  QuantParams p = quantParamsOf(op.getResult());
  for (size_t i = 0; i < out.ints.size(); ++i) {
    size_t c = p.channel(i, out.shape);
    out.ints[i] = quantizeLinear(in[0]->floats[i], p.scales[c],
                                p.zeroPoints[c], p.qmin, p.qmax);
  }
  return out;
}

FailureOr<Tensor> evalDequantize(DequantizeOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  QuantParams p = quantParamsOf(op.getInput());
  for (size_t i = 0; i < out.floats.size(); ++i) {
    size_t c = p.channel(i, out.shape);
    out.floats[i] = dequantizeLinear(in[0]->ints[i], p.scales[c],
                                    p.zeroPoints[c]);
  }
  return out;
}

FailureOr<Tensor> evalRequantize(RequantizeOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  int64_t zp = quantParamsOf(op.getInput()).zeroPoints[0];
  for (size_t i = 0; i < out.ints.size(); ++i)
    out.ints[i] = requantize(op.getRequant(), 0, in[0]->ints[i] - zp);
  return out;
}

/// Writes channel `c`'s accumulator to `out`: requantized when the op has a
/// requant, else the int32 accumulator itself.
static int64_t outputStage(RequantAttr requant, size_t c, int64_t acc) {
  int32_t acc32 = qcc_wrap_s32(acc);
  return requant ? requantize(requant, c, acc32) : acc32;
}

/// The zero point of weight output channel `o`.
static int64_t weightZeroPoint(const QuantParams &w, int64_t o) {
  return w.zeroPoints.size() == 1 ? w.zeroPoints[0] : w.zeroPoints[o];
}

FailureOr<Tensor> evalQConv2D(QConv2DOp op, Operands in) {
  const Tensor &x = *in[0], &w = *in[1];
  const Tensor *bias = op.getBias() ? in[2] : nullptr;
  Tensor out = zerosLike(op.getResult());
  int64_t zx = quantParamsOf(op.getInput()).zeroPoints[0];
  QuantParams wp = quantParamsOf(op.getWeight());
  // NHWC input, OHWI weights, NHWC output.
  int64_t n = x.shape[0], h = x.shape[1], wd = x.shape[2], c = x.shape[3];
  int64_t o = w.shape[0], kh = w.shape[1], kw = w.shape[2], cg = w.shape[3];
  int64_t oh = out.shape[1], ow = out.shape[2];
  int64_t perGroup = o / op.getGroup();
  ArrayRef<int64_t> s = op.getStrides(), p = op.getPads(), d = op.getDilations();
  for (int64_t b = 0; b < n; ++b)
    for (int64_t y = 0; y < oh; ++y)
      for (int64_t z = 0; z < ow; ++z)
        for (int64_t oc = 0; oc < o; ++oc) {
          int64_t firstChannel = (oc / perGroup) * cg;
          int64_t zw = weightZeroPoint(wp, oc);
          int64_t acc = bias ? bias->ints[oc] : 0;
          for (int64_t i = 0; i < kh; ++i) {
            int64_t iy = y * s[0] - p[0] + i * d[0];
            if (iy < 0 || iy >= h)
              continue; // padding reads Z_in, which contributes 0
            for (int64_t j = 0; j < kw; ++j) {
              int64_t ix = z * s[1] - p[1] + j * d[1];
              if (ix < 0 || ix >= wd)
                continue;
              for (int64_t ic = 0; ic < cg; ++ic)
                acc += (x.ints[((b * h + iy) * wd + ix) * c + firstChannel +
                               ic] -
                        zx) *
                       (w.ints[((oc * kh + i) * kw + j) * cg + ic] - zw);
            }
          }
          out.ints[((b * oh + y) * ow + z) * o + oc] =
              outputStage(op.getRequantAttr(), oc, acc);
        }
  return out;
}

FailureOr<Tensor> evalQFullyConnected(QFullyConnectedOp op, Operands in) {
  const Tensor &x = *in[0], &w = *in[1];
  const Tensor *bias = op.getBias() ? in[2] : nullptr;
  Tensor out = zerosLike(op.getResult());
  int64_t zx = quantParamsOf(op.getInput()).zeroPoints[0];
  QuantParams wp = quantParamsOf(op.getWeight());
  int64_t m = x.shape[0], k = x.shape[1], n = w.shape[0];
  for (int64_t i = 0; i < m; ++i)
    for (int64_t j = 0; j < n; ++j) {
      int64_t zw = weightZeroPoint(wp, j);
      int64_t acc = bias ? bias->ints[j] : 0;
      for (int64_t l = 0; l < k; ++l)
        acc += (x.ints[i * k + l] - zx) * (w.ints[j * k + l] - zw);
      out.ints[i * n + j] = outputStage(op.getRequantAttr(), j, acc);
    }
  return out;
}

FailureOr<Tensor> evalQMatMul(QMatMulOp op, Operands in) {
  const Tensor &a = *in[0], &b = *in[1];
  Tensor out = zerosLike(op.getResult());
  int64_t za = quantParamsOf(op.getLhs()).zeroPoints[0];
  int64_t zb = quantParamsOf(op.getRhs()).zeroPoints[0];
  int64_t m = a.shape[a.shape.size() - 2], k = a.shape.back();
  int64_t n = b.shape.back();
  ArrayRef<int64_t> outShape = out.shape;
  std::vector<int64_t> ai = broadcastIndex(ArrayRef(a.shape).drop_back(2),
                                           outShape.drop_back(2));
  std::vector<int64_t> bi = broadcastIndex(ArrayRef(b.shape).drop_back(2),
                                           outShape.drop_back(2));
  for (size_t batch = 0; batch < ai.size(); ++batch)
    for (int64_t i = 0; i < m; ++i)
      for (int64_t j = 0; j < n; ++j) {
        int64_t acc = 0;
        for (int64_t l = 0; l < k; ++l)
          acc += (a.ints[(ai[batch] * m + i) * k + l] - za) *
                 (b.ints[(bi[batch] * k + l) * n + j] - zb);
        out.ints[(batch * m + i) * n + j] =
            outputStage(op.getRequantAttr(), 0, acc);
      }
  return out;
}

FailureOr<Tensor> evalQAdd(QAddOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  std::vector<int64_t> ai = broadcastIndex(in[0]->shape, out.shape);
  std::vector<int64_t> bi = broadcastIndex(in[1]->shape, out.shape);
  int64_t za = quantParamsOf(op.getLhs()).zeroPoints[0];
  int64_t zb = quantParamsOf(op.getRhs()).zeroPoints[0];
  RequantAttr requant = op.getRequant();
  int rounding = requant.getRounding() == RoundingMode::Single
                     ? QCC_ROUND_SINGLE
                     : QCC_ROUND_DOUBLE;
  int shift = static_cast<int>(op.getLeftShiftAttr().getInt());
  auto rescale = [&](int64_t q, int64_t zp, IntegerAttr m0, IntegerAttr n) {
    return qcc_mul(qcc_sat_shl(static_cast<int32_t>(q - zp), shift),
                   static_cast<int32_t>(m0.getInt()),
                   static_cast<int>(n.getInt()), rounding);
  };
  for (size_t i = 0; i < out.ints.size(); ++i) {
    int32_t a = rescale(in[0]->ints[ai[i]], za, op.getLhsMultiplierAttr(),
                        op.getLhsShiftAttr());
    int32_t b = rescale(in[1]->ints[bi[i]], zb, op.getRhsMultiplierAttr(),
                        op.getRhsShiftAttr());
    out.ints[i] = requantize(requant, 0, qcc_sat_add_s32(a, b));
  }
  return out;
}

FailureOr<Tensor> evalQMul(QMulOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  std::vector<int64_t> ai = broadcastIndex(in[0]->shape, out.shape);
  std::vector<int64_t> bi = broadcastIndex(in[1]->shape, out.shape);
  int64_t za = quantParamsOf(op.getLhs()).zeroPoints[0];
  int64_t zb = quantParamsOf(op.getRhs()).zeroPoints[0];
  for (size_t i = 0; i < out.ints.size(); ++i)
    out.ints[i] = requantize(op.getRequant(), 0,
                             (in[0]->ints[ai[i]] - za) *
                                 (in[1]->ints[bi[i]] - zb));
  return out;
}

FailureOr<Tensor> evalQLookup(QLookupOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  auto q = cast<quant::QuantizedType>(
      cast<ShapedType>(op.getInput().getType()).getElementType());
  // Indexed from the storage type's minimum, whatever the declared range.
  int64_t base = q.isSigned() ? -128 : 0;
  ArrayRef<int32_t> table = op.getTable();
  for (size_t i = 0; i < out.ints.size(); ++i)
    out.ints[i] = table[in[0]->ints[i] - base];
  return out;
}

FailureOr<Tensor> evalQLayerNorm(QLayerNormOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  const Tensor &x = *in[0], &bias = *in[1];
  int64_t zx = quantParamsOf(op.getInput()).zeroPoints[0];
  int64_t n = x.shape.empty() ? 1 : x.shape.back();
  ArrayRef<int32_t> signs = op.getSigns();
  for (int64_t first = 0; first < x.numElements(); first += n) {
    const int64_t *q = &x.ints[first];
    int64_t sum = 0;
    for (int64_t k = 0; k < n; ++k)
      sum += q[k] - zx;
    std::vector<int64_t> d(n);
    uint64_t squares = 0;
    for (int64_t k = 0; k < n; ++k) {
      d[k] = n * (q[k] - zx) - sum;
      squares += static_cast<uint64_t>(d[k] * d[k]);
    }
    int64_t s = static_cast<int64_t>(
        qcc_isqrt_u64(squares + static_cast<uint64_t>(op.getEpsilonAttr().getInt())));
    for (int64_t k = 0; k < n; ++k) {
      int64_t t = qcc_rounding_divide_s64(d[k] * 65536, s);
      out.ints[first + k] = requantize(
          op.getRequant(), k, qcc_sat_s32(signs[k] * t + bias.ints[k]));
    }
  }
  return out;
}

FailureOr<Tensor> evalQSoftmax(QSoftmaxOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  QuantParams p = quantParamsOf(op.getResult());
  ArrayRef<int32_t> table = op.getExpTable();
  int64_t row = in[0]->shape.empty() ? 1 : in[0]->shape.back();
  for (int64_t first = 0; first < in[0]->numElements(); first += row) {
    const int64_t *q = &in[0]->ints[first];
    int64_t max = *std::max_element(q, q + row);
    int64_t sum = 0;
    for (int64_t k = 0; k < row; ++k)
      sum += table[255 + q[k] - max];
    for (int64_t k = 0; k < row; ++k) {
      int64_t e = table[255 + q[k] - max];
      out.ints[first + k] =
          std::min(p.qmax, p.qmin + (e * 256 + sum / 2) / sum);
    }
  }
  return out;
}


FailureOr<Tensor> evalQMaxPool(QMaxPoolOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  forEachWindow(*in[0], out, op.getKernel(), op.getStrides(), op.getPads(), true,
                    [&](int64_t o, ArrayRef<int64_t> inside, int64_t) {
                      int64_t best = INT64_MIN;
                      for (int64_t i : inside)
                        best = std::max(best, in[0]->ints[i]);
                      out.ints[o] = best;
                    });
  return out;
}

FailureOr<Tensor> evalQAvgPool(QAvgPoolOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  int64_t zx = quantParamsOf(op.getInput()).zeroPoints[0];
  bool countPad = op.getCountIncludePad();
  forEachWindow(
      *in[0], out, op.getKernel(), op.getStrides(), op.getPads(), true,
      [&](int64_t o, ArrayRef<int64_t> inside, int64_t window) {
        int64_t acc = 0;
        for (int64_t i : inside)
          acc += in[0]->ints[i] - zx;
        int32_t count = static_cast<int32_t>(countPad ? window : inside.size());
        int32_t avg = qcc_rounding_divide(qcc_wrap_s32(acc), count);
        out.ints[o] = requantize(op.getRequant(), 0, avg);
      });
  return out;
}

FailureOr<Tensor> evalQGlobalAvgPool(QGlobalAvgPoolOp op, Operands in) {
  const Tensor &x = *in[0];
  Tensor out = zerosLike(op.getResult());
  int64_t zx = quantParamsOf(op.getInput()).zeroPoints[0];
  int64_t n = x.shape[0], plane = x.shape[1] * x.shape[2], c = x.shape[3];
  for (int64_t b = 0; b < n; ++b)
    for (int64_t ch = 0; ch < c; ++ch) {
      int64_t acc = 0;
      for (int64_t i = 0; i < plane; ++i)
        acc += x.ints[(b * plane + i) * c + ch] - zx;
      out.ints[b * c + ch] = requantize(op.getRequant(), 0, acc);
    }
  return out;
}

FailureOr<Tensor> evalQConcat(QConcatOp op, Operands in) {
  Tensor out = zerosLike(op.getResult());
  std::vector<int64_t> zeroPoints;
  for (Value input : op.getInputs())
    zeroPoints.push_back(quantParamsOf(input).zeroPoints[0]);
  forEachConcatElement(
      in, out.shape, op.getAxis(), [&](size_t k, int64_t from, int64_t to) {
        out.ints[to] = requantize(cast<RequantAttr>(op.getRequants()[k]), 0,
                                  in[k]->ints[from] - zeroPoints[k]);
      });
  return out;
}

} // namespace qcc::interp
