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

/// The embedded file at `path`, or null.
static const EmbeddedFile *findFile(llvm::StringRef path) {
  for (const EmbeddedFile &file : kRuntimeFiles)
    if (path == file.path)
      return &file;
  return nullptr;
}

/// Queues the sources of the portable kernels that the variants defined in
/// `source` may fall back on: every operation they implement. (A file
/// ships whole, so a variant the module does not call still links.)
static void queueFallbacks(llvm::StringRef source,
                           std::vector<std::string> &pending) {
  for (const KernelInfo &variant : allKernels())
    if (variant.sourceFile == source && !variant.features.empty())
      for (const KernelInfo &portable : allKernels())
        if (portable.operation == variant.operation &&
            portable.features.empty())
          pending.push_back(portable.sourceFile.str());
}

std::vector<std::pair<std::string, llvm::StringRef>>
runtimeSourcesFor(ModuleOp module) {
  std::set<std::string> wanted = {"qcc/kernels.h", "qcc/kernel_list.h",
                                  "qcc/boundary.h",
                                  "qcc/fixedpoint.h"};
  std::vector<std::string> pending;
  module.walk([&](KernelOp kernel) {
    if (const KernelInfo *info = lookupKernel(kernel.getCallee()))
      pending.push_back(info->sourceFile.str());
  });
  // The kernels' own headers (`#include "name.h"` of an embedded file) and
  // the portable kernels their variants fall back on come along,
  // transitively.
  while (!pending.empty()) {
    std::string path = pending.back();
    pending.pop_back();
    const EmbeddedFile *file = findFile(path);
    if (!file || !wanted.insert(path).second)
      continue;
    queueFallbacks(path, pending);
    llvm::StringRef rest = file->contents;
    while (!rest.empty()) {
      llvm::StringRef line;
      std::tie(line, rest) = rest.split('\n');
      line = line.trim();
      if (line.consume_front("#include \"") && line.consume_back("\"") &&
          findFile(line))
        pending.push_back(line.str());
    }
  }
  std::vector<std::pair<std::string, llvm::StringRef>> files;
  for (const EmbeddedFile &file : kRuntimeFiles)
    if (wanted.count(file.path))
      files.push_back({file.path, file.contents});
  return files;
}

} // namespace qcc
