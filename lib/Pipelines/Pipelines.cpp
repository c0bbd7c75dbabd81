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
  // Batch norm disappears into the layer before it, so quantization sees
  // the conv (and its bias) that inference actually computes.
  pm.addNestedPass<func::FuncOp>(createFoldBatchNorm());
  // Folds layout ops on constants and removes identities, so later passes
  // and the printed IR see the simplest equivalent graph.
  pm.addPass(createCanonicalizerPass());
  // Merges duplicate constants and ops created by import.
  pm.addPass(createCSEPass());
}

void qcc::registerQccPipelines() {
  PassPipelineRegistration<>(
      "qcc-compile", "qcc's compilation pipeline (what `qcc --emit=mlir` runs)",
      [](OpPassManager &pm) { buildQccCompilePipeline(pm); });
}
