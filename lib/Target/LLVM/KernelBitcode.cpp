//===- KernelBitcode.cpp - the runtime kernels as embedded bitcode --------===//
//
// This file holds the kernel bitcode runtime/CMakeLists.txt builds with
// clang-22 for each target and feature set (KernelBitcode.inc).
//
//===----------------------------------------------------------------------===//

#include "KernelBitcode.h"

namespace qcc {

namespace {
struct Bitcode {
  const char *variant;
  const char *bytes;
  size_t size;
};
const Bitcode kBitcode[] = {
#include "KernelBitcode.inc"
};
} // namespace

std::optional<llvm::StringRef> kernelBitcode(llvm::StringRef variant) {
  for (const Bitcode &bitcode : kBitcode)
    if (variant == bitcode.variant)
      return llvm::StringRef(bitcode.bytes, bitcode.size);
  return std::nullopt;
}

} // namespace qcc
