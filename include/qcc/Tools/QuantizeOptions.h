//===- QuantizeOptions.h - options qcc and qcc-run share ---------*- C++ -*-===//
//
// This file declares the command-line options both tools take, defined once
// so that their spelling, help and checks cannot drift apart: how a model is
// read (--constant-input) and how it is quantized (--rounding, --calibrate,
// --calibration-method, --activations).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_QUANTIZEOPTIONS_H
#define QCC_TOOLS_QUANTIZEOPTIONS_H

#include "qcc/Pipelines/Pipelines.h"

#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>

namespace qcc {

/// The shared options, registered in the tool's category when constructed
/// (construct it at namespace scope, before the command line is parsed).
class QuantizeCommandLine {
public:
  explicit QuantizeCommandLine(llvm::cl::OptionCategory &category);

  /// Checks the values once parsed: a one-line message naming the bad
  /// option, or nothing. Warns, prefixed with `tool`, of calibration options
  /// given without --calibrate, which do nothing.
  std::optional<std::string> check(llvm::StringRef tool) const;

  bool calibrating() const { return !calibrate.empty(); }
  llvm::ArrayRef<std::string> constantInputBindings() const {
    return constantInputs;
  }
  /// Sets the pipeline options these flags control.
  void apply(QuantizePipelineOptions &options) const;

private:
  llvm::cl::list<std::string> constantInputs;
  llvm::cl::opt<std::string> rounding, calibrate, calibrationMethod,
      activations;
};

} // namespace qcc

#endif // QCC_TOOLS_QUANTIZEOPTIONS_H
