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

#include <string>
#include <vector>

namespace qcc {

/// How a kernel wants its weights (`[out][depth]` rows as the op stores
/// them, depthwise `[kh][kw][out_c]`, or 4x4 blocks for dot products; see
/// runtime/include/qcc/kernels.h).
enum class WeightLayout { Rows, DepthwiseHWC, Blocks4x4 };

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
  /// Whether it takes scratch for one convolution window (kh·kw·in_c
  /// bytes) after its output.
  bool windowScratch = false;
};

/// The kernel of `symbol`, or null.
const KernelInfo *lookupKernel(llvm::StringRef symbol);

/// The best kernel for `operation` given the enabled target features (the
/// first variant whose features are all enabled), or null.
const KernelInfo *selectKernel(llvm::StringRef operation,
                               llvm::ArrayRef<std::string> enabledFeatures);

/// Every kernel, portable ones included.
llvm::ArrayRef<KernelInfo> allKernels();

} // namespace qcc

#endif // QCC_DIALECT_QCC_IR_KERNELCATALOG_H
