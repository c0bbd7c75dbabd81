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
  Option<std::string> calibrate{
      *this, "calibrate",
      llvm::cl::desc("Calibration samples (directory or .npy/.pb file); "
                     "when given, qcc-calibrate runs before quantization"),
      llvm::cl::init("")};
  Option<std::string> calibrationMethod{
      *this, "calibration-method",
      llvm::cl::desc("Calibration range choice: minmax, percentile or mse"),
      llvm::cl::init("minmax")};
  Option<std::string> activations{
      *this, "activations",
      llvm::cl::desc("Storage of calibrated activations: uint8 or int8"),
      llvm::cl::init("uint8")};
  Option<bool> progress{
      *this, "progress",
      llvm::cl::desc("Draw a calibration progress bar on stderr"),
      llvm::cl::init(false)};
  // Code generation only (qcc-codegen):
  ListOption<std::string> targetFeatures{
      *this, "target-features",
      llvm::cl::desc("Enabled target features; kernel variants that need "
                     "others are not chosen")};
  Option<std::string> ioLayout{
      *this, "io-layout",
      llvm::cl::desc("Layout of 4-D boundary tensors: model or nhwc"),
      llvm::cl::init("model")};
};

/// Builds the pipeline from an imported model to the integer level:
/// qcc-compile, calibration when samples are given, range propagation,
/// qcc-quantize and a check that no float is left between the model's
/// boundary ops.
void buildQccQuantizePipeline(mlir::OpPassManager &pm,
                              const QuantizePipelineOptions &options);

/// Registers the pipelines above under their names.
/// The quantize pipeline, then lowering to kernel calls and the memory plan:
/// the input of the emitters.
void buildQccCodegenPipeline(mlir::OpPassManager &pm,
                             const QuantizePipelineOptions &options);

void registerQccPipelines();

} // namespace qcc

#endif // QCC_PIPELINES_PIPELINES_H
