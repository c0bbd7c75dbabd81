//===- OpsConvTranspose.cpp - ConvTranspose as a convolution ---------------===//
//
// This file converts ONNX ConvTranspose (2-D, any group count; weights that
// are float constants, fake-quantized constants from QAT or stored integers)
// into the convolution it equals: zeros inserted between the input's pixels
// (pads of reshaped rows), the border padded or cropped, and a stride-1
// convolution of the same groups whose kernel is flipped with each group's
// input and output channels swapped. No new kernel is needed, and the
// inserted zeros are the zero point once quantized. Flipping and swapping
// only moves weights within an output channel's set, so quantized weights
// move with their grid: per tensor as it was, per output channel with its
// scales rearranged (docs/upsampling.md).
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "qcc/Support/QuantizeLinear.h"

#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace qcc::onnx_import {
namespace {

RankedTensorType tensorOf(Value v) {
  return cast<RankedTensorType>(v.getType());
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

/// A ConvTranspose kernel, `Cin x Cout/group x KH x KW`: its float values
/// and, for QAT weights, the grid a fake_quant puts them on.
struct Kernel {
  DenseElementsAttr values;
  quant::QuantizedType quant;
};

/// The real values of stored integers (a DequantizeLinear of int8 weights,
/// as ONNX Runtime's quantizer writes them), with their grid: fake-quantized
/// to that grid again, they are the same integers.
Kernel storedKernel(QConstantOp stored) {
  auto type = cast<RankedTensorType>(stored.getType());
  auto grid = cast<quant::QuantizedType>(type.getElementType());
  auto perAxis = dyn_cast<quant::UniformQuantizedPerAxisType>(grid);
  int64_t inner = 1, size = 1;
  if (perAxis) {
    size = type.getDimSize(perAxis.getQuantizedDimension());
    for (int64_t d = perAxis.getQuantizedDimension() + 1; d < type.getRank();
         ++d)
      inner *= type.getDimSize(d);
  }
  SmallVector<float> values;
  for (auto [k, q] : llvm::enumerate(stored.getValue().getValues<APInt>())) {
    int64_t c = k / inner % size;
    double scale = perAxis ? perAxis.getScales()[c]
                           : cast<quant::UniformQuantizedType>(grid).getScale();
    int64_t zp = perAxis ? perAxis.getZeroPoints()[c]
                         : cast<quant::UniformQuantizedType>(grid).getZeroPoint();
    int64_t v = grid.isSigned() ? q.getSExtValue() : q.getZExtValue();
    values.push_back(dequantizeLinear(v, scale, zp));
  }
  auto floatType =
      RankedTensorType::get(type.getShape(), Float32Type::get(type.getContext()));
  return {DenseElementsAttr::get(floatType, ArrayRef<float>(values)), grid};
}

FailureOr<Kernel> readKernel(NodeImporter &n) {
  FailureOr<ImportedValue *> record = n.inputRecord(1);
  if (failed(record))
    return failure();
  DenseElementsAttr values = (*record)->constant;
  if (values && values.getElementType().isF32())
    return Kernel{values, {}};
  if (Value v = (*record)->value)
    if (auto fq = v.getDefiningOp<FakeQuantOp>())
      if (matchPattern(fq.getInput(), m_Constant(&values)))
        return Kernel{values, cast<quant::QuantizedType>(fq.getQuant())};
  if (Value v = (*record)->value)
    if (auto dq = v.getDefiningOp<DequantizeOp>())
      if (auto stored = dq.getInput().getDefiningOp<QConstantOp>())
        return storedKernel(stored);
  return n.error() << "the weights must be constants: float, fake-quantized "
                      "(QuantizeLinear + DequantizeLinear) or stored integers "
                      "(DequantizeLinear)";
}

/// The quantized type of the convolution's kernel (`Cout x Cin/group x KH x
/// KW`) for a ConvTranspose kernel of type `q`: output channel c of group
/// g is the transposed kernel's channel c mod (Cout/group) of input
/// channels g·(Cin/group)…; a per-axis grid must be one scale per output
/// channel afterwards.
FailureOr<quant::QuantizedType> convKernelGrid(NodeImporter &n,
                                               quant::QuantizedType q,
                                               int64_t groupIn,
                                               int64_t groupOut,
                                               int64_t groups) {
  auto perAxis = dyn_cast_if_present<quant::UniformQuantizedPerAxisType>(q);
  if (!perAxis)
    return q;
  int32_t axis = perAxis.getQuantizedDimension();
  if (axis != 1 && !(axis == 0 && groupIn == 1))
    return n.error() << "weights quantized along axis " << axis
                     << " have no scale per output channel";
  SmallVector<double> scales;
  SmallVector<int64_t> zeroPoints;
  for (int64_t c = 0; c < groups * groupOut; ++c) {
    int64_t i = axis == 1 ? c % groupOut : c / groupOut;
    scales.push_back(perAxis.getScales()[i]);
    zeroPoints.push_back(perAxis.getZeroPoints()[i]);
  }
  return cast<quant::QuantizedType>(quant::UniformQuantizedPerAxisType::get(
      perAxis.getFlags(), perAxis.getStorageType(),
      perAxis.getExpressedType(), scales, zeroPoints, 0,
      perAxis.getStorageTypeMin(), perAxis.getStorageTypeMax()));
}

/// The convolution's kernel as a value: for every group,
/// W'[g·Og + o][i][a][b] = W[g·Ig + i][o][KH - 1 - a][KW - 1 - b]
/// (Ig, Og: input and output channels per group), fake-quantized again when
/// the weights were.
FailureOr<Value> flippedKernel(NodeImporter &n, const Kernel &kernel,
                               int64_t groups) {
  auto wt = cast<RankedTensorType>(kernel.values.getType());
  int64_t groupIn = wt.getDimSize(0) / groups, groupOut = wt.getDimSize(1);
  int64_t kh = wt.getDimSize(2), kw = wt.getDimSize(3);
  FailureOr<quant::QuantizedType> grid =
      convKernelGrid(n, kernel.quant, groupIn, groupOut, groups);
  if (failed(grid))
    return failure();
  SmallVector<float> w(kernel.values.getValues<float>());
  SmallVector<float> flipped(w.size());
  for (int64_t g = 0; g < groups; ++g)
    for (int64_t i = 0; i < groupIn; ++i)
      for (int64_t o = 0; o < groupOut; ++o)
        for (int64_t a = 0; a < kh; ++a)
          for (int64_t b = 0; b < kw; ++b)
            flipped[(((g * groupOut + o) * groupIn + i) * kh + a) * kw + b] =
                w[(((g * groupIn + i) * groupOut + o) * kh + (kh - 1 - a)) *
                      kw +
                  (kw - 1 - b)];
  auto type = RankedTensorType::get({groups * groupOut, groupIn, kh, kw},
                                    wt.getElementType());
  Value value =
      n.materialize(DenseElementsAttr::get(type, ArrayRef<float>(flipped)));
  if (*grid)
    value = FakeQuantOp::create(n.builder(), n.loc(), value, *grid);
  return value;
}

/// The padding ONNX gives each spatial end of the output, from `pads` or,
/// with output_shape or auto_pad, from the output size (its half is floor
/// division: a negative total extends the output at the end).
LogicalResult readPadding(NodeImporter &n, ArrayRef<int64_t> span,
                          ArrayRef<int64_t> out, SmallVectorImpl<int64_t> &begin,
                          SmallVectorImpl<int64_t> &end) {
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  SmallVector<int64_t> pads = n.attrInts("pads");
  pads.resize(4, 0);
  for (int d = 0; d < 2; ++d) {
    if (autoPad != "NOTSET" || n.attr("output_shape")) {
      int64_t total = span[d] - out[d];
      int64_t half = total >= 0 ? total / 2 : -((1 - total) / 2);
      begin.push_back(autoPad == "SAME_UPPER" ? half : total - half);
      end.push_back(total - begin.back());
    } else {
      begin.push_back(pads[d]);
      end.push_back(pads[2 + d]);
    }
    if (span[d] - begin[d] - end[d] != out[d])
      return n.error() << "the padding does not give the inferred output size";
  }
  return success();
}

LogicalResult convertConvTranspose(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<Kernel> kernel = readKernel(n);
  FailureOr<Value> bias = n.optionalInput(2);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(kernel) || failed(bias) || failed(type))
    return failure();
  auto wt = cast<RankedTensorType>(kernel->values.getType());
  if (tensorOf(*x).getRank() != 4 || wt.getRank() != 4)
    return n.error() << "only 2-D transposed convolutions (rank-4 tensors) "
                        "are supported";
  int64_t groups = n.attrInt("group", 1);
  if (groups < 1 || wt.getDimSize(0) % groups != 0 ||
      wt.getDimSize(1) * groups != type->getDimSize(1))
    return n.error() << "group = " << groups << " does not divide the "
                     << wt.getDimSize(0) << " input channels into groups of "
                     << wt.getDimSize(1) << " outputs";
  int64_t k[2] = {wt.getDimSize(2), wt.getDimSize(3)};
  auto attr = [&](StringRef name, int64_t fallback) {
    SmallVector<int64_t> v = n.attrInts(name);
    return v.empty() ? SmallVector<int64_t>(2, fallback) : v;
  };
  SmallVector<int64_t> strides = attr("strides", 1), dil = attr("dilations", 1),
                       extra = attr("output_padding", 0);
  ArrayRef<int64_t> in = tensorOf(*x).getShape(), out = type->getShape();
  SmallVector<int64_t> span, begin, end;
  for (int d = 0; d < 2; ++d)
    span.push_back(strides[d] * (in[2 + d] - 1) + extra[d] +
                   (k[d] - 1) * dil[d] + 1);
  if (failed(readPadding(n, span, out.drop_front(2), begin, end)))
    return failure();
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
  FailureOr<Value> w = flippedKernel(n, *kernel, groups);
  if (failed(w))
    return failure();
  n.setOutput(0, Conv2DOp::create(
                     n.builder(), n.loc(), *type, y, *w, *bias,
                     SmallVector<int64_t>{1, 1}, convPads,
                     SmallVector<int64_t>{dil[0], dil[1]}, groups,
                     /*clamp_min=*/nullptr, /*clamp_max=*/nullptr));
  return success();
}

} // namespace

void registerConvTransposeOps(ConverterTable &table) {
  table["ConvTranspose"] = convertConvTranspose;
}

} // namespace qcc::onnx_import
