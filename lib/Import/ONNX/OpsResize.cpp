//===- OpsResize.cpp - Resize (nearest, integer factors) ------------------===//
//
// This file converts ONNX Resize in the form detection and segmentation
// heads use for upsampling (PyTorch's nn.Upsample(scale_factor=2)): nearest
// neighbour, whole-number factors s on the spatial dimensions of NCHW,
// with a coordinate mode and rounding under which output pixel o reads
// input pixel o / s (PyTorch's asymmetric + floor, ONNX's default
// half_pixel + round_prefer_floor, ...; checked for every pixel). The op is
// then a repetition: each row and column copied s times, spelled as
// reshapes and concatenations of the input with itself, which quantize as
// copies on the input's grid.
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

/// The input pixel ONNX's nearest Resize reads for output pixel `o`.
std::optional<int64_t> sourcePixel(StringRef coordinates, StringRef rounding,
                                   int64_t o, int64_t in, int64_t out) {
  double scale = static_cast<double>(out) / in, x;
  if (coordinates == "half_pixel")
    x = (o + 0.5) / scale - 0.5;
  else if (coordinates == "pytorch_half_pixel")
    x = out > 1 ? (o + 0.5) / scale - 0.5 : 0.0;
  else if (coordinates == "align_corners")
    x = out == 1 ? 0.0 : o * static_cast<double>(in - 1) / (out - 1);
  else if (coordinates == "asymmetric")
    x = o / scale;
  else
    return std::nullopt;
  double i;
  if (rounding == "round_prefer_floor")
    i = x - std::floor(x) == 0.5 ? std::floor(x) : std::round(x);
  else if (rounding == "round_prefer_ceil")
    i = std::round(x);
  else if (rounding == "floor")
    i = std::floor(x);
  else if (rounding == "ceil")
    i = std::ceil(x);
  else
    return std::nullopt;
  return std::clamp<int64_t>(static_cast<int64_t>(i), 0, in - 1);
}

LogicalResult convertResize(NodeImporter &n) {
  FailureOr<Value> x = n.input(0);
  FailureOr<RankedTensorType> type = n.outputType(0);
  if (failed(x) || failed(type))
    return failure();
  std::string mode = n.attrString("mode", "nearest");
  if (mode != "nearest")
    return n.error() << "mode '" << mode
                     << "' is not supported yet (nearest is)";
  std::string coordinates =
      n.attrString("coordinate_transformation_mode", "half_pixel");
  std::string rounding = n.attrString("nearest_mode", "round_prefer_floor");
  // Upsample (before opset 10) reads o / s.
  if (n.node().op_type() == "Upsample")
    coordinates = "asymmetric", rounding = "floor";
  auto in = cast<RankedTensorType>(x->getType());
  ArrayRef<int64_t> from = in.getShape(), to = type->getShape();
  if (in.getRank() != 4 || type->getRank() != 4 || from[0] != to[0] ||
      from[1] != to[1])
    return n.error() << "only the spatial dimensions of a 4-D (NCHW) tensor "
                        "may be resized";
  // The output shape, which shape inference took from the scales or sizes,
  // says the factors.
  Value y = *x;
  for (int64_t axis : {2, 3}) {
    if (to[axis] % from[axis] != 0)
      return n.error() << "dimension " << axis << " goes from " << from[axis]
                       << " to " << to[axis]
                       << ", not by a whole-number factor";
    int64_t factor = to[axis] / from[axis];
    for (int64_t o = 0; o < to[axis]; ++o)
      if (sourcePixel(coordinates, rounding, o, from[axis], to[axis]) !=
          o / factor)
        return n.error() << "coordinate_transformation_mode '" << coordinates
                         << "' with nearest_mode '" << rounding
                         << "' does not repeat pixels; not supported";
    y = repeat(n, y, axis, factor);
  }
  n.setOutput(0, y);
  return success();
}

} // namespace

void registerResizeOps(ConverterTable &table) {
  table["Resize"] = convertResize;
  table["Upsample"] = convertResize;
}

} // namespace qcc::onnx_import
