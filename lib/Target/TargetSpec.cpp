//===- TargetSpec.cpp - what the compiled code runs on --------------------===//
//
// This file knows the targets qcc compiles for, their LLVM triples and the
// --mattr features each accepts; anything else is refused by name, as is a
// --mcpu LLVM does not know for the target, before any work starts.
//
//===----------------------------------------------------------------------===//

#include "qcc/Target/TargetSpec.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/MC/MCSubtargetInfo.h"
#include "llvm/MC/TargetRegistry.h"
#include "llvm/Support/TargetSelect.h"
#include "llvm/TargetParser/Triple.h"

#include <memory>

using namespace llvm;

namespace qcc {

namespace {
struct KnownTarget {
  StringRef name, triple;
  /// Features --mattr may enable, in canonical order.
  ArrayRef<StringRef> features;
};
const StringRef kArmFeatures[] = {"+dotprod", "+i8mm"};
const StringRef kX86Features[] = {"+avx2", "+avx512vnni"};
const KnownTarget kTargets[] = {
    {"aarch64-linux-gnu", "aarch64-unknown-linux-gnu", kArmFeatures},
    {"aarch64-none-elf", "aarch64-none-unknown-elf", kArmFeatures},
    {"x86_64-linux-gnu", "x86_64-unknown-linux-gnu", kX86Features},
    {"generic", "", {}},
};
} // namespace

void initializeLLVMTargets() {
  static bool initialized = [] {
    InitializeAllTargetInfos();
    InitializeAllTargets();
    InitializeAllTargetMCs();
    InitializeAllAsmPrinters();
    // The runtime kernels hold inline assembly, which object emission parses.
    InitializeAllAsmParsers();
    return true;
  }();
  (void)initialized;
}

/// Whether LLVM knows `cpu` for `triple`.
static bool isKnownCpu(StringRef triple, StringRef cpu) {
  initializeLLVMTargets();
  std::string error;
  Triple parsed(triple);
  const Target *target = TargetRegistry::lookupTarget(parsed, error);
  if (!target)
    return false;
  std::unique_ptr<MCSubtargetInfo> info(
      target->createMCSubtargetInfo(parsed, "", ""));
  return info && info->isCPUStringValid(cpu);
}

StringRef knownTargets() {
  return "aarch64-linux-gnu, aarch64-none-elf, x86_64-linux-gnu, generic";
}

std::optional<TargetSpec> parseTargetSpec(StringRef target, StringRef cpu,
                                          StringRef mattr,
                                          std::string &error) {
  const KnownTarget *known = find_if(
      kTargets, [&](const KnownTarget &t) { return t.name == target; });
  if (known == std::end(kTargets)) {
    error = ("unknown --target '" + target + "' (expected " + knownTargets() +
             ")")
                .str();
    return std::nullopt;
  }
  TargetSpec spec{known->name.str(), known->triple.str(), cpu.str(), {}};
  if (spec.isGeneric() && !cpu.empty()) {
    error = "--mcpu does not apply to --target=generic (portable C)";
    return std::nullopt;
  }
  if (!cpu.empty() && !isKnownCpu(spec.triple, cpu)) {
    error = ("unknown --mcpu '" + cpu + "' for " + target).str();
    return std::nullopt;
  }
  SmallVector<StringRef> requested;
  mattr.split(requested, ',', -1, /*KeepEmpty=*/false);
  for (StringRef feature : requested) {
    feature = feature.trim();
    if (!is_contained(known->features, feature)) {
      error = ("unknown --mattr feature '" + feature + "' for " + target +
               (known->features.empty()
                    ? Twine(" (it takes none)")
                    : " (expected " + join(known->features, ", ") + ")"))
                  .str();
      return std::nullopt;
    }
  }
  for (StringRef feature : known->features)
    if (is_contained(requested, feature))
      spec.features.push_back(feature.str());
  return spec;
}

std::vector<std::string> TargetSpec::kernelFeatures() const {
  std::vector<std::string> all;
  if (StringRef(triple).starts_with("aarch64"))
    all.push_back("+neon");
  all.insert(all.end(), features.begin(), features.end());
  return all;
}

std::vector<std::string> TargetSpec::llvmFeatures() const {
  std::vector<std::string> all;
  for (const std::string &feature : features) {
    if (feature == "+avx512vnni")
      all.insert(all.end(),
                 {"+avx512f", "+avx512bw", "+avx512dq", "+avx512vl"});
    all.push_back(feature);
  }
  return all;
}

} // namespace qcc
