//===- Pipelines.cpp - named qcc pass pipelines ---------------------------===//
//
// This file builds and registers qcc's pass pipelines. The quantization and
// lowering passes join buildQccCompilePipeline as they are written.
//
//===----------------------------------------------------------------------===//

#include "qcc/Pipelines/Pipelines.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Pass/PassManager.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void qcc::buildQccCompilePipeline(OpPassManager &pm) {
  // Computations on constants (weights an exporter did not fold) become
  // constants, which the passes below look for.
  pm.addNestedPass<func::FuncOp>(createFoldConstants());
  // Batch norm disappears into the layer before it, so quantization sees
  // the conv (and its bias) that inference actually computes.
  pm.addNestedPass<func::FuncOp>(createFoldBatchNorm());
  // Layer norms, GELUs and linear layers the exporter decomposed become
  // single ops again, which quantize as a whole.
  pm.addNestedPass<func::FuncOp>(createRaiseComposites());
  // Relu and Clip become the output clamp of the op before them.
  pm.addNestedPass<func::FuncOp>(createFuseActivation());
  // Folds layout ops on constants and removes identities, so later passes
  // and the printed IR see the simplest equivalent graph.
  pm.addPass(createCanonicalizerPass());
  // Merges duplicate constants and ops created by import.
  pm.addPass(createCSEPass());
}

void qcc::buildQccQuantizePipeline(OpPassManager &pm,
                                   const QuantizePipelineOptions &options) {
  buildQccCompilePipeline(pm);
  // Post-training quantization: ranges from the samples' statistics.
  if (!options.calibrate.empty()) {
    CalibrateOptions calibrate;
    calibrate.samples = options.calibrate;
    calibrate.method = options.calibrationMethod;
    calibrate.activations = options.activations;
    calibrate.progress = options.progress;
    pm.addNestedPass<func::FuncOp>(createCalibrate(calibrate));
  }
  // Tensors between quantization points get the range their op implies;
  // one left without is an error that asks for calibration.
  pm.addNestedPass<func::FuncOp>(createPropagateRanges());
  // Fake-quantized float ops become integer ops.
  QuantizeOptions quantize;
  quantize.rounding = options.rounding;
  pm.addNestedPass<func::FuncOp>(createQuantize(quantize));
  // Cancels the NCHW/NHWC transposes between integer ops, folds those of
  // weights into their constants and drops the float ops left unused.
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // The contract of the integer level: no float between the boundary ops.
  pm.addNestedPass<func::FuncOp>(createCheckIntegerOnly());
}

void qcc::buildQccCodegenPipeline(OpPassManager &pm,
                                  const QuantizePipelineOptions &options) {
  buildQccQuantizePipeline(pm, options);
  // Each integer op becomes a call of the runtime kernel the target's
  // features allow, with packed weights and folded zero points.
  LowerToKernelsOptions lower;
  lower.targetFeatures.assign(options.targetFeatures.begin(),
                              options.targetFeatures.end());
  lower.ioLayout = options.ioLayout;
  pm.addNestedPass<func::FuncOp>(createLowerToKernels(lower));
  // Every tensor gets its place in the caller's buffers or the arena.
  pm.addNestedPass<func::FuncOp>(createPlanMemory());
}

void qcc::registerQccPipelines() {
  PassPipelineRegistration<>(
      "qcc-compile", "qcc's compilation pipeline (what `qcc --emit=mlir` runs)",
      [](OpPassManager &pm) { buildQccCompilePipeline(pm); });
  PassPipelineRegistration<QuantizePipelineOptions>(
      "qcc-quantize-pipeline",
      "qcc-compile, then quantization to the integer level "
      "(what `qcc --emit=mlir` and `qcc-run --stage=integer` run)",
      [](OpPassManager &pm, const QuantizePipelineOptions &options) {
        buildQccQuantizePipeline(pm, options);
      });
  PassPipelineRegistration<QuantizePipelineOptions>(
      "qcc-codegen",
      "qcc-quantize-pipeline, then lowering to runtime kernel calls and the "
      "memory plan (what qcc's emitters read)",
      [](OpPassManager &pm, const QuantizePipelineOptions &options) {
        buildQccCodegenPipeline(pm, options);
      });
}
