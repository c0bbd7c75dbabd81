//===- FuzzImport.cpp - libFuzzer harness over the ONNX importer ----------===//
//
// This file is the importer's harness: each input is a binary ONNX model,
// imported into a fresh context; the result, when there is one, must verify
// (the importer promises verified IR or a diagnostic).
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "mlir/IR/Verifier.h"

#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qcc::fuzz::FuzzContext fuzz;
  mlir::OwningOpRef<mlir::ModuleOp> module = fuzz.import(data, size);
  if (module && mlir::failed(mlir::verify(*module)))
    abort();
  return 0;
}
