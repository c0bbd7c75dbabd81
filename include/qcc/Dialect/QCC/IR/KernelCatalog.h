//===- KernelCatalog.h - the runtime microkernels qcc can call --*- C++ -*-===//
//
// This file describes the C interface of every runtime microkernel
// (runtime/include/qcc/kernels.h): its descriptor struct and size, the
// element types of its constants, how many inputs it reads, the runtime
// source file that defines it, and the target features it needs. The
// lowering picks kernels from here, `qcc.kernel` verifies its calls against
// it, and the emitters declare and ship what it names.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_DIALECT_QCC_IR_KERNELCATALOG_H
#define QCC_DIALECT_QCC_IR_KERNELCATALOG_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace qcc {

/// How a kernel wants its weights (`[out][depth]` rows as the op stores
/// them, depthwise `[kh][kw][out_c]`, or panels of 16 output channels in
/// groups of 4 (SDOT), 8 (SMMLA) or 16 (SMULL/SMLAL2) depth values; see
/// runtime/include/qcc/kernels.h).
enum class WeightLayout {
  Rows,
  DepthwiseHWC,
  Panels16x4,
  Panels16x8,
  Panels16x16
};

/// One C function of the runtime.
struct KernelInfo {
  /// What the kernel computes, e.g. "conv2d_1x1"; variants share it.
  llvm::StringRef operation;
  /// The C function, e.g. "qcc_conv2d_1x1_s8".
  llvm::StringRef symbol;
  /// The C struct its first argument points to, e.g. "qcc_conv2d_desc".
  llvm::StringRef descriptorType;
  /// The number of int32 fields of that struct.
  unsigned descriptorSize;
  /// The bit width (8 or 32) of each constant argument, in order.
  llvm::ArrayRef<unsigned> constantWidths;
  /// The number of tensor inputs after the constants.
  unsigned numInputs;
  /// The runtime source (under runtime/kernels) that defines it.
  llvm::StringRef sourceFile;
  /// Target features the kernel needs (e.g. "+dotprod"); empty: portable.
  llvm::ArrayRef<llvm::StringRef> features;
  /// The layout of its weights, for kernels that take any.
  WeightLayout weightLayout = WeightLayout::Rows;
  /// The rows of scratch it takes after its output, each of the GEMM depth
  /// (kh·kw·in_c, or the fully-connected depth) rounded up to 8 bytes: 4
  /// gathered convolution windows, 4 rows packed in pairs, or both.
  unsigned scratchRows = 0;
  /// Whether it adds the products of depth k and k + 8 (in groups of 16)
  /// in one 16-bit lane, which overflows only for a channel whose weights
  /// are -128 at both (see weightPairsFit).
  bool pairedProducts = false;
  /// Whether its packed weight bytes are w ^ 0x80 (w + 128, unsigned, for
  /// kernels that multiply unsigned weights by signed activations; padding
  /// too, so that it stands for 0).
  bool unsignedWeights = false;
};

/// A target feature kernels may need (runtime/include/qcc/kernel_list.h).
struct FeatureInfo {
  /// Its spelling in --mattr, e.g. "+dotprod".
  llvm::StringRef mattr;
  /// The C preprocessor condition under which a compiler generates code
  /// for it.
  llvm::StringRef condition;
  /// The compiler flags that give it.
  llvm::StringRef flags;
};

/// The feature spelled `mattr`, or null.
const FeatureInfo *lookupFeature(llvm::StringRef mattr);

/// The kernel of `symbol`, or null.
const KernelInfo *lookupKernel(llvm::StringRef symbol);

/// The best kernel for `operation` given the enabled target features (the
/// first variant whose features are all enabled and, unless
/// `weightsPair`, that does not pair products), or null.
const KernelInfo *selectKernel(llvm::StringRef operation,
                               llvm::ArrayRef<std::string> enabledFeatures,
                               bool weightsPair = false);

/// Whether weights [channels][depth] suit a kernel with pairedProducts: no
/// channel has -128 at both depth k and k + 8 of a group of 16 (two
/// products of -128·-128 would reach 32768).
bool weightPairsFit(llvm::ArrayRef<int8_t> weights, int64_t channels);

/// The bytes of scratch `kernel` takes for a GEMM of `depth` (scratchRows).
int64_t scratchBytes(const KernelInfo &kernel, int64_t depth);

/// Every kernel, portable ones included.
llvm::ArrayRef<KernelInfo> allKernels();

} // namespace qcc

#endif // QCC_DIALECT_QCC_IR_KERNELCATALOG_H
