//===- KernelBitcode.h - the runtime kernels as embedded bitcode -*- C++ -*-===//

#ifndef QCC_LIB_TARGET_LLVM_KERNELBITCODE_H
#define QCC_LIB_TARGET_LLVM_KERNELBITCODE_H

#include "llvm/ADT/StringRef.h"

#include <optional>

namespace qcc {

/// The kernels compiled for `variant`: the architecture (aarch64, x86_64)
/// followed by the enabled features, e.g. "aarch64+dotprod+i8mm".
std::optional<llvm::StringRef> kernelBitcode(llvm::StringRef variant);

} // namespace qcc

#endif // QCC_LIB_TARGET_LLVM_KERNELBITCODE_H
