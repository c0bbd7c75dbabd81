//===- KernelCatalog.cpp - the runtime microkernels qcc can call ----------===//
//
// This file reads the runtime's list of kernels (runtime/include/qcc/
// kernel_list.h, the one place they are named) into KernelInfo records, with
// the descriptor sizes of the C structs themselves (kernels.h).
//
//===----------------------------------------------------------------------===//

#include "qcc/Dialect/QCC/IR/KernelCatalog.h"

#include "llvm/ADT/STLExtras.h"

#include "qcc/kernel_list.h"
#include "qcc/kernels.h"

using namespace llvm;

namespace qcc {

// The constant arguments and features the list names.
static const unsigned kConstantsCONV[] = {8, 32, 32, 32};
static const unsigned kConstantsTABLE8[] = {8};
static const unsigned kConstantsTABLE32[] = {32};
static const ArrayRef<unsigned> kConstantsNONE;
#define QCC_FEATURE(name, mattr, condition, flags)                             \
  static const StringRef kFeatures##name[] = {mattr};
QCC_FEATURE_LIST(QCC_FEATURE)
#undef QCC_FEATURE
static const ArrayRef<StringRef> kFeaturesNONE;

static const FeatureInfo kFeatureInfos[] = {
#define QCC_FEATURE(name, mattr, condition, flags) {mattr, #condition, flags},
    QCC_FEATURE_LIST(QCC_FEATURE)
#undef QCC_FEATURE
};

// Per operation, its descriptor's name and size (from the C struct itself)
// and its arguments.
#define QCC_OPERATION(operation, descriptor, constants, inputs)                \
  static const KernelInfo kOperation_##operation = {                           \
      #operation, "", #descriptor,                                             \
      static_cast<unsigned>(sizeof(descriptor) / sizeof(int32_t)),             \
      kConstants##constants, inputs, "", {}};
QCC_OPERATION_LIST(QCC_OPERATION)
#undef QCC_OPERATION

#define QCC_KERNEL(operation, symbol, source, features, layout, scratchRows,   \
                   paired, unsignedWeights)                                    \
  {#operation,                                                                 \
   #symbol,                                                                    \
   kOperation_##operation.descriptorType,                                      \
   kOperation_##operation.descriptorSize,                                      \
   kOperation_##operation.constantWidths,                                      \
   kOperation_##operation.numInputs,                                           \
   source,                                                                     \
   kFeatures##features,                                                        \
   WeightLayout::layout,                                                       \
   scratchRows,                                                                \
   paired != 0,                                                                \
   unsignedWeights != 0},
static const KernelInfo kKernels[] = {QCC_KERNEL_LIST(QCC_KERNEL)};
#undef QCC_KERNEL

ArrayRef<KernelInfo> allKernels() { return kKernels; }

const FeatureInfo *lookupFeature(StringRef mattr) {
  for (const FeatureInfo &feature : kFeatureInfos)
    if (feature.mattr == mattr)
      return &feature;
  return nullptr;
}

int64_t scratchBytes(const KernelInfo &kernel, int64_t depth) {
  return kernel.scratchRows * ((depth + 7) / 8 * 8);
}

bool weightPairsFit(ArrayRef<int8_t> weights, int64_t channels) {
  int64_t depth = static_cast<int64_t>(weights.size()) / channels;
  for (int64_t c = 0; c < channels; ++c)
    for (int64_t k = 0; k + 8 < depth; ++k)
      if (k % 16 < 8 && weights[c * depth + k] == -128 &&
          weights[c * depth + k + 8] == -128)
        return false;
  return true;
}

const KernelInfo *lookupKernel(StringRef symbol) {
  for (const KernelInfo &kernel : kKernels)
    if (kernel.symbol == symbol)
      return &kernel;
  return nullptr;
}

const KernelInfo *selectKernel(StringRef operation,
                               ArrayRef<std::string> enabledFeatures,
                               bool weightsPair) {
  for (const KernelInfo &kernel : kKernels)
    if (kernel.operation == operation &&
        (weightsPair || !kernel.pairedProducts) &&
        all_of(kernel.features, [&](StringRef feature) {
          return is_contained(enabledFeatures, feature.str());
        }))
      return &kernel;
  return nullptr;
}

} // namespace qcc
