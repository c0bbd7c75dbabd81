//===- FuzzPipeline.cpp - libFuzzer harness over the whole pipeline -------===//
//
// This file is the pipeline's harness: each input is a binary ONNX model,
// imported, quantized to the integer level, lowered to kernel calls with a
// memory plan (portable kernels) and emitted as C and its header, all in
// memory. Any step may refuse the model with a diagnostic; none may crash.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "mlir/Pass/PassManager.h"
#include "qcc/Pipelines/Pipelines.h"
#include "qcc/Target/Emit.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  qcc::fuzz::FuzzContext fuzz;
  OwningOpRef<ModuleOp> module = fuzz.import(data, size);
  if (!module)
    return 0;
  PassManager pm(&fuzz.context());
  qcc::QuantizePipelineOptions options;
  qcc::buildQccCodegenPipeline(pm, options);
  if (failed(pm.run(*module)))
    return 0;
  qcc::EmitOptions emit;
  emit.source = "fuzz.onnx";
  emit.header = "net.h";
  std::string text;
  llvm::raw_string_ostream os(text);
  (void)qcc::emitHeader(*module, emit, os);
  (void)qcc::emitC(*module, emit, os);
  return 0;
}
