//===- TargetSpec.h - what the compiled code runs on ------------*- C++ -*-===//
//
// This file declares the target of a compilation as the --target, --mcpu
// and --mattr flags describe it, checked against what qcc knows.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TARGET_TARGETSPEC_H
#define QCC_TARGET_TARGETSPEC_H

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace qcc {

struct TargetSpec {
  /// One of aarch64-linux-gnu, aarch64-none-elf, x86_64-linux-gnu, generic.
  std::string name;
  /// The LLVM triple (empty for generic, which is portable C only).
  std::string triple;
  std::string cpu;
  /// Enabled features as "+name", in a canonical order.
  std::vector<std::string> features;

  bool isGeneric() const { return triple.empty(); }
  /// The features kernels may rely on: --mattr's, plus what every core of
  /// the architecture has (+neon on AArch64).
  std::vector<std::string> kernelFeatures() const;
  /// The LLVM target features of --mattr's: +avx512vnni stands for an
  /// AVX-512 core with VNNI, whose BW, DQ and VL extensions every such x86-64
  /// CPU has.
  std::vector<std::string> llvmFeatures() const;
};

/// Registers LLVM's targets, once (parseTargetSpec and the LLVM emitter
/// need them).
void initializeLLVMTargets();

/// The targets qcc accepts, for --help and errors.
llvm::StringRef knownTargets();

/// Checks and canonicalizes the flags; on an unknown target, feature or
/// CPU returns nothing with `error` set.
std::optional<TargetSpec> parseTargetSpec(llvm::StringRef target,
                                          llvm::StringRef cpu,
                                          llvm::StringRef mattr,
                                          std::string &error);

} // namespace qcc

#endif // QCC_TARGET_TARGETSPEC_H
