//===- Run.h - what the qcc-run command does, as library calls --*- C++ -*-===//
//
// This file declares the steps of qcc-run that do not touch files: the
// option checks, preparing a model for the stage to run (one function,
// lowered to integers for --stage=integer) and running it on one input set
// or a batch. The qcc-run command and the Python module's qcc.run() both
// call them.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TOOLS_RUN_H
#define QCC_TOOLS_RUN_H

#include "qcc/Interpreter/Interpreter.h"
#include "qcc/Tools/Compile.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

namespace qcc {

/// The qcc-run command's options that shape the run (see `qcc-run --help`).
struct RunOptions {
  /// --stage=integer: run the model after the quantization pipeline.
  bool integer = false;
  /// --batch: dimension 0 of every input is a batch of samples.
  bool batch = false;
  /// --output-type=stored: the integer stage's outputs as stored integers
  /// (returnStoredValues), the bytes compiled code writes.
  bool stored = false;
  QuantizeChoices quantize;

  /// A one-line message naming the first bad option, or nothing.
  std::optional<std::string> check(WarningSink warn) const;
};

/// The function of `module` to run at the stage `options` ask for (the
/// module is lowered in place for the integer stage), or failure with the
/// problem sent to `fail`.
mlir::FailureOr<mlir::func::FuncOp> prepareRun(mlir::ModuleOp module,
                                               const RunOptions &options,
                                               FailureSink fail);

/// Runs `func` on `inputs`, once, or per sample with options.batch and the
/// outputs stacked. Problems with the inputs go to `fail`, failing ops to
/// the context's diagnostics.
mlir::FailureOr<std::vector<interp::Tensor>>
runPrepared(mlir::func::FuncOp func, llvm::ArrayRef<interp::Tensor> inputs,
            const RunOptions &options, const interp::Observer &observer,
            FailureSink fail);

} // namespace qcc

#endif // QCC_TOOLS_RUN_H
