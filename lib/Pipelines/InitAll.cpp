//===- InitAll.cpp - register qcc's dialects, passes, pipelines -----------===//
//
// This file implements the registration shared by qcc and qcc-opt.
//
//===----------------------------------------------------------------------===//

#include "qcc/InitAll.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/Quant/IR/Quant.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"
#include "qcc/Dialect/QCC/IR/QCCDialect.h"
#include "qcc/Dialect/QCC/Transforms/Passes.h"
#include "qcc/Pipelines/Pipelines.h"

void qcc::registerQccDialects(mlir::DialectRegistry &registry) {
  registry.insert<QCCDialect, mlir::arith::ArithDialect,
                  mlir::func::FuncDialect, mlir::quant::QuantDialect>();
}

void qcc::registerQccPassesAndPipelines() {
  mlir::registerTransformsPasses();
  registerQCCPasses();
  registerQccPipelines();
}
