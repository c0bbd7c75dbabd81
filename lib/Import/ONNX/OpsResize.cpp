//===- OpsResize.cpp - Resize and Upsample (nearest, linear) --------------===//
//
// This file converts ONNX Resize and Upsample on the spatial dimensions of
// NCHW, in the forms detection and segmentation heads use for upsampling.
// Nearest: whole-number factors s with a coordinate mode and rounding under
// which output pixel o reads input pixel o / s (PyTorch's asymmetric +
// floor, ONNX's default half_pixel + round_prefer_floor, ...; checked for
// every pixel), spelled as reshapes and concatenations of the input with
// itself, which quantize as copies on the input's grid. Linear (bilinear):
// any sizes and coordinate modes, as two matrix products with constant
// interpolation matrices whose int8 weights are exact (docs/resize.md).
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <algorithm>
#include <cmath>

using namespace mlir;

namespace qcc::onnx_import {
namespace {

/// `x` with each element along `axis` repeated `times` times.
Value repeat(NodeImporter &n, Value x, int64_t axis, int64_t times) {
  if (times == 1)
    return x;
  auto type = cast<RankedTensorType>(x.getType());
  SmallVector<int64_t> shape(type.getShape());
  // [.., d, rest] -> [.., d, 1, rest] -> concat on the new axis -> merged.
  SmallVector<int64_t> split(shape.begin(), shape.begin() + axis + 1);
  split.push_back(1);
  split.append(shape.begin() + axis + 1, shape.end());
  Type f32 = type.getElementType();
  Value one = ReshapeOp::create(n.builder(), n.loc(),
                                RankedTensorType::get(split, f32), x);
  split[axis + 1] = times;
  Value copies = ConcatOp::create(n.builder(), n.loc(),
                                  RankedTensorType::get(split, f32),
                                  SmallVector<Value>(times, one), axis + 1);
  shape[axis] *= times;
  return ReshapeOp::create(n.builder(), n.loc(),
                           RankedTensorType::get(shape, f32), copies);
}

/// The input coordinate ONNX's Resize maps output pixel `o` to, for a
/// dimension resized from `in` to `out` pixels by `scale`.
std::optional<double> sourceCoordinate(StringRef coordinates, int64_t o,
                                       int64_t in, int64_t out, double scale) {
  if (coordinates == "half_pixel")
    return (o + 0.5) / scale - 0.5;
  if (coordinates == "pytorch_half_pixel")
    return out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  // ONNX's resized length here is in · scale, not rounded to the output
  // size (they differ when downsampling by a scale that does not divide).
  if (coordinates == "align_corners")
    return out == 1 && in * scale <= 1.0
               ? 0.0
               : o * static_cast<double>(in - 1) / (in * scale - 1);
  if (coordinates == "asymmetric")
    return o / scale;
  return std::nullopt;
}

/// The input pixel ONNX's nearest Resize reads for output pixel `o`.
std::optional<int64_t> sourcePixel(StringRef coordinates, StringRef rounding,
                                   int64_t o, int64_t in, int64_t out,
                                   double scale) {
  std::optional<double> x = sourceCoordinate(coordinates, o, in, out, scale);
  if (!x)
    return std::nullopt;
  double i;
  if (rounding == "round_prefer_floor")
    i = *x - std::floor(*x) == 0.5 ? std::floor(*x) : std::round(*x);
  else if (rounding == "round_prefer_ceil")
    i = std::round(*x);
  else if (rounding == "floor")
    i = std::floor(*x);
  else if (rounding == "ceil")
    i = std::ceil(*x);
  else
    return std::nullopt;
  return std::clamp<int64_t>(static_cast<int64_t>(i), 0, in - 1);
}

/// The factor ONNX resizes each dimension by: the `scales` input (or, for
/// Upsample-7, attribute) when the node has one, else output over input
/// size (what ONNX derives from `sizes`).
FailureOr<SmallVector<double>> readScales(NodeImporter &n,
                                          ArrayRef<int64_t> from,
                                          ArrayRef<int64_t> to) {
  SmallVector<double> scales;
  for (auto [a, b] : llvm::zip(from, to))
    scales.push_back(static_cast<double>(b) / a);
  bool upsample = n.node().op_type() == "Upsample";
  unsigned input = upsample || n.opset() < 11 ? 1 : 2;
  if (upsample && n.opset() < 9) {
    if (const onnx::AttributeProto *attr = n.attr("scales"))
      for (auto [i, v] : llvm::enumerate(attr->floats()))
        if (i < scales.size() && v > 0.0f && std::isfinite(v))
          scales[i] = v;
    return scales;
  }
  if (!n.hasInput(input))
    return scales;
  FailureOr<DenseElementsAttr> given = n.constantInput(input);
  if (failed(given))
    return failure();
  if (given->getNumElements() == 0)
    return scales;
  if (given->getNumElements() != static_cast<int64_t>(from.size()) ||
      !given->getElementType().isF32())
    return n.error() << "the scales must be one float per dimension";
  for (auto [i, v] : llvm::enumerate(given->getValues<float>())) {
    if (!(v > 0.0f) || !std::isfinite(v))
      return n.error() << "scale " << v << " is not positive and finite";
    scales[i] = v;
  }
  return scales;
}

/// The coordinate transformation and rounding the node asks for; Upsample
/// (before opset 10) reads o / s.
std::pair<std::string, std::string> coordinateMode(NodeImporter &n) {
  if (n.node().op_type() == "Upsample")
    return {"asymmetric", "floor"};
  return {n.attrString("coordinate_transformation_mode", "half_pixel"),
          n.attrString("nearest_mode", "round_prefer_floor")};
}

LogicalResult convertNearest(NodeImporter &n, Value x, RankedTensorType type,
                             ArrayRef<double> scales) {
  auto [coordinates, rounding] = coordinateMode(n);
  ArrayRef<int64_t> from = cast<RankedTensorType>(x.getType()).getShape(),
                    to = type.getShape();
  for (int64_t axis : {2, 3}) {
    if (to[axis] % from[axis] != 0)
      return n.error() << "dimension " << axis << " goes from " << from[axis]
                       << " to " << to[axis]
                       << ", not by a whole-number factor";
    int64_t factor = to[axis] / from[axis];
    for (int64_t o = 0; o < to[axis]; ++o)
      if (sourcePixel(coordinates, rounding, o, from[axis], to[axis],
                      scales[axis]) != o / factor)
        return n.error() << "coordinate_transformation_mode '" << coordinates
                         << "' with nearest_mode '" << rounding
                         << "' does not repeat pixels; not supported";
    x = repeat(n, x, axis, factor);
  }
  n.setOutput(0, x);
  return success();
}

/// The linear interpolation matrix of one dimension, `out x in`: row o
/// holds 1 - f at input pixel floor(c) and f at the next one (the last
/// pixel again at the edge), c being o's source coordinate clamped to
/// [0, in - 1] and f its fraction.
FailureOr<SmallVector<double>> interpolationMatrix(NodeImporter &n,
                                                   StringRef coordinates,
                                                   int64_t in, int64_t out,
                                                   double scale) {
  SmallVector<double> a(out * in, 0.0);
  for (int64_t o = 0; o < out; ++o) {
    std::optional<double> c = sourceCoordinate(coordinates, o, in, out, scale);
    if (!c)
      return n.error() << "coordinate_transformation_mode '" << coordinates
                       << "' is not supported for linear resizing";
    double x = std::clamp(*c, 0.0, static_cast<double>(in - 1));
    int64_t i0 = static_cast<int64_t>(std::floor(x));
    double f = x - i0;
    a[o * in + i0] += 1.0 - f;
    a[o * in + std::min(i0 + 1, in - 1)] += f;
  }
  return a;
}

/// The int8 grid of one row of an interpolation matrix: 1/q for the
/// smallest q <= 127 that makes every weight a whole number (1/(2s) for
/// half-pixel factors s, 1/(out - 1) for align_corners), so the weights
/// are exact; else the row's largest weight over 127. "Whole" is to 1e-5,
/// as the float32 scales a model states (0.6) are not the ratios meant.
double rowScale(ArrayRef<double> row) {
  for (int q = 1; q <= 127; ++q)
    if (llvm::all_of(row, [&](double w) {
          return std::abs(w * q - std::round(w * q)) < 1e-5;
        }))
      return 1.0 / q;
  return *llvm::max_element(row) / 127.0;
}

/// `x` ([M, in]) times the interpolation matrix transposed: [M, out], as a
/// fully_connected whose weights are fake-quantized to their exact grid.
/// (Its rows are convex combinations, so qcc-propagate-ranges gives the
/// result the input's grid when nothing else does.)
Value interpolateRows(NodeImporter &n, Value x, ArrayRef<double> matrix,
                      int64_t out) {
  auto xt = cast<RankedTensorType>(x.getType());
  int64_t m = xt.getDimSize(0), in = xt.getDimSize(1);
  SmallVector<double> scales;
  for (int64_t o = 0; o < out; ++o)
    scales.push_back(rowScale(matrix.slice(o * in, in)));
  MLIRContext *ctx = n.context();
  Type f32 = Float32Type::get(ctx);
  auto weightGrid = quant::UniformQuantizedPerAxisType::get(
      quant::QuantizationFlags::Signed, IntegerType::get(ctx, 8), f32, scales,
      SmallVector<int64_t>(out, 0), 0, -127, 127);
  SmallVector<float> values(matrix.begin(), matrix.end());
  auto wt = RankedTensorType::get({out, in}, f32);
  Value w = FakeQuantOp::create(
      n.builder(), n.loc(),
      n.materialize(DenseElementsAttr::get(wt, ArrayRef<float>(values))),
      weightGrid);
  return FullyConnectedOp::create(
      n.builder(), n.loc(), RankedTensorType::get({m, out}, f32), x, w,
      /*bias=*/Value(), /*clamp_min=*/nullptr, /*clamp_max=*/nullptr);
}

Value transposeLast2(NodeImporter &n, Value x) {
  ArrayRef<int64_t> s = cast<RankedTensorType>(x.getType()).getShape();
  return TransposeOp::create(
      n.builder(), n.loc(),
      RankedTensorType::get({s[0], s[2], s[1]}, Float32Type::get(n.context())),
      x, ArrayRef<int64_t>{0, 2, 1});
}

/// Linear Resize of NCHW's spatial dimensions, separably: the rows of
/// every channel times the width's interpolation matrix, then (transposed)
/// its columns times the height's. See docs/resize.md for the arithmetic.
LogicalResult convertLinear(NodeImporter &n, Value x, RankedTensorType type,
                            ArrayRef<double> scales) {
  std::string coordinates = coordinateMode(n).first;
  ArrayRef<int64_t> from = cast<RankedTensorType>(x.getType()).getShape(),
                    to = type.getShape();
  FailureOr<SmallVector<double>> aw =
      interpolationMatrix(n, coordinates, from[3], to[3], scales[3]);
  FailureOr<SmallVector<double>> ah =
      interpolationMatrix(n, coordinates, from[2], to[2], scales[2]);
  if (failed(aw) || failed(ah))
    return failure();
  int64_t planes = from[0] * from[1];
  Value y = reshape(n, x, {planes * from[2], from[3]});
  y = interpolateRows(n, y, *aw, to[3]);
  y = transposeLast2(n, reshape(n, y, {planes, from[2], to[3]}));
  y = reshape(n, y, {planes * to[3], from[2]});
  y = interpolateRows(n, y, *ah, to[2]);
  y = transposeLast2(n, reshape(n, y, {planes, to[3], to[2]}));
  n.setOutput(0, reshape(n, y, to));
  return success();
}

LogicalResult convertResize(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  std::string mode = n.attrString("mode", "nearest");
  auto in = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> from = in.getShape(), to = type->getShape();
  if (in.getRank() != 4 || type->getRank() != 4 || from[0] != to[0] ||
      from[1] != to[1])
    return n.error() << "only the spatial dimensions of a 4-D (NCHW) tensor "
                        "may be resized";
  // The output shape, which shape inference took from the scales or sizes,
  // says the sizes; the scales (when given) place the samples.
  FailureOr<SmallVector<double>> scales = readScales(n, from, to);
  if (failed(scales))
    return failure();
  if (mode == "nearest")
    return convertNearest(n, *x, *type, *scales);
  if (mode == "linear" || mode == "bilinear")
    return convertLinear(n, *x, *type, *scales);
  return n.error() << "mode '" << mode
                   << "' is not supported yet (nearest and linear are)";
}

} // namespace

void registerResizeOps(ConverterTable &table) {
  table["Resize"] = convertResize;
  table["Upsample"] = convertResize;
}

} // namespace qcc::onnx_import
