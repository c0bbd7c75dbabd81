//===- KernelProgram.h - reading a planned kernel-level function -*- C++ -*-===//
//
// This file declares what both emitters read from the output of
// qcc-lower-to-kernels and qcc-plan-memory: the model function, the place of
// each tensor (input buffer, output buffer or arena offset) and the boundary
// types the header publishes.
//
//===----------------------------------------------------------------------===//

#ifndef QCC_TARGET_KERNELPROGRAM_H
#define QCC_TARGET_KERNELPROGRAM_H

#include "qcc/Dialect/QCC/IR/QCCOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace mlir::quant {
class UniformQuantizedType;
} // namespace mlir::quant

namespace qcc {

/// Where a tensor's bytes are during a run.
struct Place {
  enum Kind { Input, Output, Arena, Constant } kind;
  /// The input or output index, or the arena offset (unused for constants).
  int64_t index;
};

/// The place qcc-plan-memory gave `value`; an arith.constant operand (a
/// quantized factor) is read-only data of the generated code.
Place placeOf(mlir::Value value);

/// One input or output of the compiled function as the header describes it.
struct BoundaryTensor {
  std::string name; // the ONNX name, or empty
  llvm::SmallVector<int64_t> shape;
  int64_t size;      // bytes
  double scale;
  int64_t zeroPoint;
  bool isSigned;
};

/// An argument of a kernel call after its descriptor: read-only data (a
/// packed constant, or a constant operand) or a buffer.
struct CallArgument {
  Place place;
  /// For Place::Constant: the rank-1 data, and the name emitters give it.
  /// Equal data has one name (an unrolled recurrent layer passes the same
  /// packed weights to every step): `defines` marks its first use, where
  /// emitters define it.
  mlir::DenseIntElementsAttr data;
  std::string name;
  bool defines = true;
};

/// One kernel call as both emitters write it: `callee(&NAME_desc,
/// arguments...)` with constants, inputs, output and scratch in order.
struct KernelCall {
  KernelOp op;
  /// The name prefix of its data, "k<index>".
  std::string prefix;
  llvm::SmallVector<CallArgument> arguments;
};

/// The compiled model: the module's one function, planned.
struct KernelProgram {
  mlir::func::FuncOp func;
  int64_t arenaSize, liveBound;
  llvm::SmallVector<BoundaryTensor> inputs, outputs;
  llvm::SmallVector<KernelCall> calls;
};

/// What NAME_run returns; the header publishes the codes. The checks that
/// return the others cost a few compares per run; generated C leaves them
/// out when compiled with -DQCC_NO_RUN_CHECKS.
enum class RunStatus : int32_t {
  Ok = 0,
  /// inputs, outputs, one of their pointers or the arena is null.
  NullPointer = 1,
  /// The arena is not aligned to kArenaAlignment.
  MisalignedArena = 2,
};
/// The arena alignment NAME_run requires: what `union { uint64_t a[2];
/// uint8_t bytes[N]; }` gives on every ABI qcc targets. The kernels need no
/// more (no aligned vector loads; at most 4-byte fields in the arena).
constexpr int64_t kArenaAlignment = 8;

/// Reads the planned function of `module`; reports on it and fails when the
/// module is not the output of the code-generation pipeline.
mlir::FailureOr<KernelProgram> readKernelProgram(mlir::ModuleOp module);

} // namespace qcc

#endif // QCC_TARGET_KERNELPROGRAM_H
