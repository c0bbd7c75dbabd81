//===- Samples.h - calibration samples from files ---------------*- C++ -*-===//
//
// This file declares how `--calibrate=DIR_OR_FILE` becomes the list of
// input tensors calibration runs the model on.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_CALIBRATION_SAMPLES_H
#define QCC_CALIBRATION_SAMPLES_H

#include "qcc/Interpreter/Tensor.h"

#include <optional>
#include <string>
#include <vector>

namespace qcc::calibration {

/// Reads float32 samples for an input of `shape`:
/// - a directory: every .npy and .pb file in it, in name order, one sample
///   each;
/// - a .npy or .pb file: one sample when it holds as many elements as the
///   input, or a batch whose first dimension counts the samples (e.g.
///   N x 1 x 8 x 8, or N x 8 x 8, for a 1 x 1 x 8 x 8 input).
/// Each sample is reshaped to `shape`. On failure returns nothing and sets
/// `error` to a one-line message naming the file.
std::optional<std::vector<interp::Tensor>>
loadSamples(const std::string &path, const std::vector<int64_t> &shape,
            std::string &error);

} // namespace qcc::calibration

#endif // QCC_CALIBRATION_SAMPLES_H
