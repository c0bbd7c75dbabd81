//===- Window.cpp - ONNX sliding-window attributes ------------------------===//
//
// This file reads the attributes Conv and the pooling ops share and resolves
// ONNX's auto_pad and ceil_mode into explicit pads.
//
//===----------------------------------------------------------------------===//

#include "NodeImporter.h"

using namespace mlir;

namespace qcc::onnx_import {

FailureOr<Window> readWindow(NodeImporter &n, ArrayRef<int64_t> spatial,
                             ArrayRef<int64_t> kernel, bool ceilMode) {
  if (spatial.size() != 2)
    return n.error() << "only 2-D windows are supported (got "
                     << spatial.size() << " spatial dimensions)";
  Window w;
  w.kernel = kernel.empty() ? n.attrInts("kernel_shape")
                            : SmallVector<int64_t>(kernel);
  w.strides = n.attrInts("strides");
  w.dilations = n.attrInts("dilations");
  w.pads = n.attrInts("pads");
  if (w.strides.empty())
    w.strides = {1, 1};
  if (w.dilations.empty())
    w.dilations = {1, 1};
  if (w.pads.empty())
    w.pads = {0, 0, 0, 0};
  if (w.kernel.size() != 2 || w.strides.size() != 2 ||
      w.dilations.size() != 2 || w.pads.size() != 4)
    return n.error() << "expects 2 kernel sizes, strides and dilations and 4 "
                        "pads";
  std::string autoPad = n.attrString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    w.pads = {0, 0, 0, 0};
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int d = 0; d < 2; ++d) {
      int64_t out = (spatial[d] + w.strides[d] - 1) / w.strides[d];
      int64_t span = (w.kernel[d] - 1) * w.dilations[d] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.strides[d] + span - spatial[d]);
      int64_t small = total / 2;
      w.pads[d] = autoPad == "SAME_UPPER" ? small : total - small;
      w.pads[d + 2] = total - w.pads[d];
    }
  } else if (autoPad != "NOTSET") {
    return n.error() << "unsupported auto_pad = '" << autoPad << "'";
  }
  if (ceilMode) {
    // Grow the end padding until floor division gives the ceil result.
    for (int d = 0; d < 2; ++d) {
      int64_t span = (w.kernel[d] - 1) * w.dilations[d] + 1;
      int64_t padded = spatial[d] + w.pads[d] + w.pads[d + 2] - span;
      int64_t ceilOut = (padded + w.strides[d] - 1) / w.strides[d] + 1;
      // ONNX drops a last window that would start in the end padding.
      if ((ceilOut - 1) * w.strides[d] >= spatial[d] + w.pads[d])
        --ceilOut;
      int64_t needed = (ceilOut - 1) * w.strides[d] + span - spatial[d] -
                       w.pads[d] - w.pads[d + 2];
      w.pads[d + 2] += std::max<int64_t>(0, needed);
    }
  }
  return w;
}

} // namespace qcc::onnx_import
