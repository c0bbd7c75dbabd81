//===- Pipelines.h - named qcc pass pipelines -------------------*- C++ -*-===//
//
// This file declares the pass pipelines the qcc driver runs. Each is a
// library function, registered by name so that qcc-opt runs the very same
// sequence (`qcc-opt --qcc-compile`).
//
//===----------------------------------------------------------------------===//

#ifndef QCC_PIPELINES_PIPELINES_H
#define QCC_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

#include <string>

namespace mlir {
class OpPassManager;
} // namespace mlir

namespace qcc {

/// Builds the pipeline from an imported model to the IR `--emit=mlir` prints.
void buildQccCompilePipeline(mlir::OpPassManager &pm);

/// The choices of the quantization pipeline.
struct QuantizePipelineOptions
    : mlir::PassPipelineOptions<QuantizePipelineOptions> {
  Option<std::string> rounding{
      *this, "rounding",
      llvm::cl::desc("Requantization rounding: double (gemmlowp) or single "
                     "(TFLite)"),
      llvm::cl::init("double")};
};

/// Builds the pipeline from an imported fake-quantized model to the integer
/// level: qcc-compile, then qcc-quantize and a check that no float is left
/// between the model's boundary ops.
void buildQccQuantizePipeline(mlir::OpPassManager &pm,
                              const QuantizePipelineOptions &options);

/// Registers the pipelines above under their names.
void registerQccPipelines();

} // namespace qcc

#endif // QCC_PIPELINES_PIPELINES_H
