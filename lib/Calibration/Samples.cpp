//===- Samples.cpp - calibration samples from files -----------------------===//
//
// This file reads calibration samples from a directory of tensor files or
// from one (possibly batched) tensor file.
//
//===----------------------------------------------------------------------===//

#include "qcc/Calibration/Samples.h"

#include "qcc/Interpreter/TensorIO.h"

#include <algorithm>
#include <filesystem>
#include <functional>
#include <numeric>

namespace qcc::calibration {

namespace fs = std::filesystem;
using interp::Tensor;

namespace {

int64_t product(const std::vector<int64_t> &dims, size_t from = 0) {
  return std::accumulate(dims.begin() + std::min(from, dims.size()),
                         dims.end(), int64_t{1}, std::multiplies<>());
}

bool isTensorFile(const fs::path &path) {
  std::string ext = path.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), ::tolower);
  return ext == ".npy" || ext == ".pb";
}

/// Appends the samples `file` holds to `samples`.
bool readFile(const std::string &file, const std::vector<int64_t> &shape,
              std::vector<Tensor> &samples, std::string &error) {
  Tensor t;
  if (!interp::readTensorFile(file, t, error))
    return false;
  if (!t.isFloat()) {
    error = "calibration sample '" + file + "' holds " +
            interp::dtypeName(t.dtype) + " values; expected float32";
    return false;
  }
  int64_t size = product(shape);
  int64_t count = 0;
  if (t.numElements() == size)
    count = 1;
  else if (!t.shape.empty() && product(t.shape, 1) == size)
    count = t.shape[0];
  if (count == 0) {
    error = "calibration sample '" + file + "' is " + t.describe() +
            ", which is neither the model input's " +
            std::to_string(size) + " elements nor a batch of them";
    return false;
  }
  for (int64_t k = 0; k < count; ++k) {
    Tensor sample = Tensor::zerosF32(shape);
    std::copy_n(t.floats.begin() + k * size, size, sample.floats.begin());
    samples.push_back(std::move(sample));
  }
  return true;
}

} // namespace

std::optional<std::vector<Tensor>>
loadSamples(const std::string &path, const std::vector<int64_t> &shape,
            std::string &error) {
  std::vector<Tensor> samples;
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    error = "cannot read calibration samples '" + path +
            "': no such file or directory";
    return std::nullopt;
  }
  if (fs::is_directory(path, ec)) {
    std::vector<std::string> files;
    for (const fs::directory_entry &entry : fs::directory_iterator(path, ec))
      if (entry.is_regular_file() && isTensorFile(entry.path()))
        files.push_back(entry.path().string());
    if (ec) {
      error = "cannot list '" + path + "': " + ec.message();
      return std::nullopt;
    }
    std::sort(files.begin(), files.end());
    for (const std::string &file : files)
      if (!readFile(file, shape, samples, error))
        return std::nullopt;
  } else if (!readFile(path, shape, samples, error)) {
    return std::nullopt;
  }
  if (samples.empty()) {
    error = "no calibration samples in '" + path +
            "' (expected .npy or .pb files)";
    return std::nullopt;
  }
  return samples;
}

} // namespace qcc::calibration
