//===- QuantizeOptions.h - options qcc and qcc-run share ---------*- C++ -*-===//
//
// This file declares the options both tools (and the Python module) take,
// defined once so that their spelling, help and checks cannot drift apart:
// how a model is read (--constant-input) and how it is quantized
// (--rounding, --calibrate, --calibration-method, --activations).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_QUANTIZEOPTIONS_H
#define QCC_TOOLS_QUANTIZEOPTIONS_H

#include "qcc/Pipelines/Pipelines.h"

#include "llvm/ADT/STLFunctionalExtras.h"
#include "llvm/Support/CommandLine.h"

#include <optional>
#include <string>
#include <vector>

namespace qcc {

/// Receives a warning: one line, without any "tool: warning: " prefix.
using WarningSink = llvm::function_ref<void(const std::string &)>;

/// The values of the shared options, whoever collected them.
struct QuantizeChoices {
  std::vector<std::string> constantInputs;
  std::string rounding = "double";
  std::string calibrate;
  std::string calibrationMethod = "minmax";
  std::string activations = "uint8";
  /// Whether the user gave these two (they do nothing without calibrate).
  bool calibrationMethodGiven = false, activationsGiven = false;

  /// A one-line message naming the first bad value, or nothing. Warns of
  /// calibration options given without calibrate, which do nothing.
  std::optional<std::string> check(WarningSink warn) const;
  bool calibrating() const { return !calibrate.empty(); }
  /// Sets the pipeline options these choices control.
  void apply(QuantizePipelineOptions &options) const;
};

/// The shared options, registered in the tool's category when constructed
/// (construct it at namespace scope, before the command line is parsed).
class QuantizeCommandLine {
public:
  explicit QuantizeCommandLine(llvm::cl::OptionCategory &category);

  /// The values once parsed.
  QuantizeChoices choices() const;

private:
  llvm::cl::list<std::string> constantInputs;
  llvm::cl::opt<std::string> rounding, calibrate, calibrationMethod,
      activations;
};

} // namespace qcc

#endif // QCC_TOOLS_QUANTIZEOPTIONS_H
