//===- Compile.h - what the qcc command does, as a library call -*- C++ -*-===//
//
// This file declares the qcc driver as one function: check the options,
// read the model, run the pipeline the emitted kind needs and render every
// output file in memory. The qcc command and the Python module's
// qcc.compile() both call it, so their checks, messages and bytes cannot
// drift apart; each only decides where the files and messages go.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_COMPILE_H
#define QCC_TOOLS_COMPILE_H

#include "qcc/Support/OutputFiles.h"
#include "qcc/Tools/QuantizeOptions.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/ADT/Twine.h"

#include <optional>
#include <string>

namespace qcc {

class ToolContext;
struct ModelSource;

/// Receives an error: one line, without any "tool: error: " prefix.
using FailureSink = llvm::function_ref<void(const llvm::Twine &)>;

/// The qcc command's options (see `qcc --help` for each).
struct CompileOptions {
  std::string emit = "lib";
  std::string target = "aarch64-linux-gnu";
  std::string mcpu, mattr;
  /// Symbol prefix; empty: the file name of `output`.
  std::string name;
  std::string ioLayout = "model";
  /// Where the JSON report goes; empty: no report.
  std::string report;
  /// -o: OUT for lib, obj, llvm and c; the file ("-" for stdout) otherwise.
  std::string output = "-";
  QuantizeChoices quantize;
  /// Draw the calibration progress bar on stderr.
  bool progress = false;
};

/// Compiles `model` as the qcc command does and adds every file it would
/// write to `files` (named after options.output; the caller commits them).
/// Problems with the options go to `fail`, warnings to `warn`, problems
/// inside the model to the tool context's diagnostics. Returns false on
/// failure, leaving no file in `files`.
bool compileModel(ToolContext &tool, const ModelSource &model,
                  const CompileOptions &options, OutputFiles &files,
                  WarningSink warn, FailureSink fail);

} // namespace qcc

#endif // QCC_TOOLS_COMPILE_H
