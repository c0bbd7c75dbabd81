//===- qcc-opt.cpp - mlir-opt with qcc's dialect and passes ---------------===//
//
// This file is the qcc-opt tool: MLIR's optimizer driver with the qcc
// dialect, its passes and pipelines, and the upstream dialects qcc IR uses.
//
//===----------------------------------------------------------------------===//

#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "qcc/InitAll.h"

int main(int argc, char **argv) {
  mlir::DialectRegistry registry;
  qcc::registerQccDialects(registry);
  qcc::registerQccPassesAndPipelines();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "qcc optimizer driver\n", registry));
}
