//===- FuzzContext.cpp - what every qcc fuzz harness sets up --------------===//
//
// This file implements the harnesses' shared context and import.
//
//===----------------------------------------------------------------------===//

#include "FuzzContext.h"

#include "qcc/Import/ONNX/ImportONNX.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdlib>

using namespace mlir;

namespace qcc::fuzz {

// The tools' context, quiet, on one thread: libFuzzer runs an input at a
// time, and a thread pool per context would cost more than the import of a
// small model.
FuzzContext::FuzzContext()
    : quiet_(&tool_.context(), [](Diagnostic &diag) {
        // QCC_FUZZ_VERBOSE=1 shows why an input was refused.
        static const bool verbose = getenv("QCC_FUZZ_VERBOSE");
        if (verbose)
          llvm::errs() << diag << "\n";
        return success();
      }) {
  tool_.context().disableMultithreading();
  tool_.context().printStackTraceOnDiagnostic(false);
}

OwningOpRef<ModuleOp> FuzzContext::import(const uint8_t *data, size_t size) {
  llvm::StringRef bytes(reinterpret_cast<const char *>(data), size);
  auto module = importONNXBuffer(bytes, "fuzz.onnx", context());
  return succeeded(module) ? std::move(*module) : nullptr;
}

} // namespace qcc::fuzz
