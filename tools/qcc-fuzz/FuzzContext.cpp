//===- FuzzContext.cpp - what every qcc fuzz harness sets up --------------===//
//
// This file implements the harnesses' shared context and import.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "qcc/Import/ONNX/ImportONNX.h"
#include "qcc/InitAll.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace qcc::fuzz {

static DialectRegistry qccRegistry() {
  DialectRegistry registry;
  registerQccDialects(registry);
  return registry;
}

// One thread: libFuzzer runs an input at a time, and a thread pool per
// context would cost more than the import of a small model.
FuzzContext::FuzzContext()
    : context_(qccRegistry(), MLIRContext::Threading::DISABLED),
      quiet_(&context_, [](Diagnostic &diag) {
        // QCC_FUZZ_VERBOSE=1 shows why an input was refused.
        static const bool verbose = getenv("QCC_FUZZ_VERBOSE");
        if (verbose)
          llvm::errs() << diag << "\n";
        return success();
      }) {
  context_.printOpOnDiagnostic(false);
  context_.printStackTraceOnDiagnostic(false);
}

OwningOpRef<ModuleOp> FuzzContext::import(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = importONNXBuffer(bytes, "fuzz.onnx", context_);
  return succeeded(module) ? std::move(*module) : nullptr;
}

} // namespace qcc::fuzz
