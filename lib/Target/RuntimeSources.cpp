//===- RuntimeSources.cpp - the runtime files shipped with C output -------===//
//
// This file selects, from the runtime sources embedded into qcc at build
// time (RuntimeSources.inc, generated from runtime/), those a module's
// kernel calls need.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/Emit.h"

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"
#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include <set>

using namespace mlir;

namespace qcc {

namespace {
struct EmbeddedFile {
  const char *path;
  const char *contents;
};
const EmbeddedFile kRuntimeFiles[] = {
#include "RuntimeSources.inc"
};
} // namespace

std::vector<std::pair<std::string, llvm::StringRef>>
runtimeSourcesFor(ModuleOp module) {
  std::set<std::string> wanted = {"internal.h", "qcc/kernels.h", "qcc/boundary.h",
                                  "qcc/fixedpoint.h"};
  module.walk([&](KernelOp kernel) {
    if (const KernelInfo *info = lookupKernel(kernel.getCallee()))
      wanted.insert(info->sourceFile.str());
  });
  std::vector<std::pair<std::string, llvm::StringRef>> files;
  for (const EmbeddedFile &file : kRuntimeFiles)
    if (wanted.count(file.path))
      files.push_back({file.path, file.contents});
  return files;
}

} // namespace qcc
